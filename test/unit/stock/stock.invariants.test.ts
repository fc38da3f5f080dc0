import {
  atp,
  available,
  InsufficientStock,
  isLowStock,
  openReservations,
  StockBelowReserved,
  StockCommand,
  StockEvent,
  stockDecider,
  type StockState,
} from '../../../src/domain/stock';
import { seededRandom } from '../../../src/cli/seeded-random';
import {
  adjustStock,
  commitReservation,
  receiveStock,
  releaseReservation,
  reserveStock,
  setStockPolicy,
} from './stock.builders';

const RUNS = 200;
const STEPS = 250;
const RESERVATION_IDS = Array.from({ length: 12 }, (_, i) => `r${i}`);

const randomCommand = (random: ReturnType<typeof seededRandom>): StockCommand => {
  const reservationId = random.pick(RESERVATION_IDS);
  switch (random.int(0, 9)) {
    case 0:
    case 1:
      return receiveStock(random.int(1, 20));
    case 2: {
      const delta = random.int(-15, 14);
      return adjustStock(delta >= 0 ? delta + 1 : delta);
    }
    case 3:
    case 4:
    case 5:
      return reserveStock(reservationId, random.int(1, 15));
    case 6:
      return releaseReservation(reservationId);
    case 7:
    case 8:
      return commitReservation(reservationId);
    default:
      return setStockPolicy({
        safetyStock: random.int(0, 6),
        lowStockThreshold: random.int(0, 12),
        leadTimeDays: random.int(0, 3),
        bin: random.pick([null, 'A-1', 'B-2']),
      });
  }
};

/** What is wrong with a state, if anything. Plain checks: expect() in a loop of 50,000 steps is slow. */
const brokenInvariant = (s: StockState): string | null => {
  if (s.reserved < 0) return `reserved ${s.reserved} < 0`;
  if (s.onHand < s.reserved) return `onHand ${s.onHand} < reserved ${s.reserved}`;
  const held = openReservations(s).reduce((sum, [, r]) => sum + r.quantity, 0);
  if (s.reserved !== held) return `reserved ${s.reserved} but open reservations hold ${held}`;
  if (s.lowStock && !isLowStock(s)) return 'flagged low while above the threshold';
  return null;
};

/** Runs one seeded sequence; returns the first violation found, with enough context to replay it. */
const run = (seed: number, counts: { decided: number; refused: number }): string | null => {
  const random = seededRandom(seed);
  let s = stockDecider.initialState();
  for (let step = 0; step < STEPS; step++) {
    const command = randomCommand(random);
    const where = `seed ${seed} step ${step} ${JSON.stringify(command)}`;
    let events: StockEvent[];
    try {
      events = stockDecider.decide(command, s);
    } catch (error) {
      counts.refused++;
      // The only refusals these well-formed commands may meet, and only when they are due.
      if (error instanceof InsufficientStock && command.type === 'ReserveStock') {
        if (command.data.quantity <= atp(s)) return `${where}: refused although atp is ${atp(s)}`;
      } else if (error instanceof StockBelowReserved && command.type === 'AdjustStock') {
        if (s.onHand + command.data.delta >= s.reserved) return `${where}: refused although on-hand stays above reserved`;
      } else {
        return `${where}: unexpected ${String(error)}`;
      }
      continue;
    }
    counts.decided++;
    const before = s;
    for (const event of events) {
      if (!StockEvent.safeParse(event).success) return `${where}: malformed ${JSON.stringify(event)}`;
      if (event.type === 'StockReserved' && event.data.quantity > atp(s)) return `${where}: reserved beyond atp ${atp(s)}`;
      s = stockDecider.evolve(s, event);
      const broken = brokenInvariant(s);
      if (broken) return `${where}: ${broken}`;
    }
    const detected = events.some((e) => e.type === 'LowStockDetected');
    const crossedDown = !isLowStock(before) && isLowStock(s);
    if (detected !== crossedDown) return `${where}: low stock detected=${detected} but crossed down=${crossedDown}`;
    if (detected && (available(s) > s.lowStockThreshold || s.lowStockThreshold === 0)) return `${where}: detected above a threshold or without one`;
    const ranOut = events.some((e) => e.type === 'OutOfStock');
    if (ranOut !== (available(before) > 0 && available(s) === 0)) return `${where}: out of stock detected=${ranOut} but available went ${available(before)} -> ${available(s)}`;
  }
  return null;
};

describe('stock invariants under random command sequences', () => {
  it(`hold for ${RUNS} seeded runs of ${STEPS} commands`, () => {
    const counts = { decided: 0, refused: 0 };
    const violations: string[] = [];
    for (let seed = 1; seed <= RUNS; seed++) {
      const violation = run(seed, counts);
      if (violation) violations.push(violation);
    }
    expect(violations).toEqual([]);
    // The generator reaches both outcomes often enough for the run to mean something.
    expect(counts.decided).toBeGreaterThan(RUNS * STEPS * 0.5);
    expect(counts.refused).toBeGreaterThan(RUNS * 2);
  });
});
