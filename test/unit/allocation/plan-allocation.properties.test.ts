import {
  AllocationPlan,
  type AllocationStrategy,
  type AtpByLocation,
  type CandidateLocation,
  type OutstandingLine,
  type PlanAllocationInput,
  planAllocation,
} from '../../../src/domain/allocation';
import { type SeededRandom, seededRandom } from '../../../src/cli/seeded-random';

const RUNS = 500;
const SKUS = ['A', 'B', 'C', 'D'];
const STRATEGIES: AllocationStrategy[] = ['priority', 'nearest', 'most-stock'];
const POSTAL_CODES = ['62701', '62704', '627 99', '10001', '1000', 'sw1a 1aa', 'SW1A 2BB'];

/** Few SKUs and small numbers, so lines share SKUs, priorities tie and stock runs short often. */
const randomInput = (random: SeededRandom): PlanAllocationInput => {
  const lines: OutstandingLine[] = Array.from({ length: random.int(0, 6) }, (_, i) => ({
    lineId: `L${i + 1}`,
    sku: random.pick(SKUS),
    quantity: random.int(1, 12),
  }));
  const locations: CandidateLocation[] = Array.from({ length: random.int(0, 6) }, (_, i) => ({
    locationId: `wh-${i}`,
    priority: random.int(0, 3),
    active: random.chance(0.8),
    country: random.pick(['US', 'DE']),
    postalCode: random.pick(POSTAL_CODES),
  }));
  const atp: AtpByLocation = {};
  for (const location of locations) {
    if (random.chance(0.1)) continue;
    const here: Record<string, number> = {};
    for (const sku of SKUS) if (random.chance(0.6)) here[sku] = random.int(0, 15);
    atp[location.locationId] = here;
  }
  return {
    strategy: random.pick(STRATEGIES),
    lines,
    shipTo: { country: random.pick(['US', 'DE', 'us']), postalCode: random.pick(POSTAL_CODES) },
    locations,
    atp,
  };
};

const atpOf = (input: PlanAllocationInput, locationId: string, sku: string): number =>
  input.atp[locationId]?.[sku] ?? 0;

const sumBy = <T>(items: readonly T[], key: (item: T) => string, quantity: (item: T) => number): Map<string, number> => {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + quantity(item));
  return sums;
};

type Case = { seed: number; input: PlanAllocationInput; p: AllocationPlan; active: Set<string>; random: SeededRandom };

const cases: Case[] = Array.from({ length: RUNS }, (_, i) => {
  const seed = i + 1;
  const random = seededRandom(seed);
  const input = randomInput(random);
  const active = new Set(input.locations.filter((l) => l.active).map((l) => l.locationId));
  return { seed, input, p: planAllocation(input), active, random };
});

/** Runs a check over every case; a failure names its seed, so it can be replayed alone. */
const forEveryCase = (check: (c: Case) => void) => (): void => {
  for (const c of cases) {
    try {
      check(c);
    } catch (error) {
      throw new Error(`seed ${c.seed}: ${(error as Error).message}\ninput: ${JSON.stringify(c.input)}`);
    }
  }
};

describe(`planAllocation over ${RUNS} random orders`, () => {
  it('meets every kind of situation: one location, several, backorders, empty orders', () => {
    const locationsUsed = (p: AllocationPlan): number => new Set(p.allocations.map((a) => a.locationId)).size;
    expect(cases.filter((c) => locationsUsed(c.p) === 1 && c.p.backordered.length === 0).length).toBeGreaterThan(20);
    expect(cases.filter((c) => locationsUsed(c.p) >= 2).length).toBeGreaterThan(20);
    expect(cases.filter((c) => locationsUsed(c.p) >= 3).length).toBeGreaterThan(5);
    expect(cases.filter((c) => c.p.allocations.length > 0 && c.p.backordered.length > 0).length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.p.allocations.length === 0 && c.input.lines.length > 0).length).toBeGreaterThan(5);
    expect(cases.filter((c) => c.input.lines.length === 0).length).toBeGreaterThan(5);
    const splitLines = (p: AllocationPlan): number =>
      p.allocations.length - new Set(p.allocations.map((a) => a.lineId)).size;
    expect(cases.filter((c) => splitLines(c.p) > 0).length).toBeGreaterThan(10);
  });

  it('never allocates more than the atp of a SKU at a location, summed over lines', forEveryCase(({ input, p }) => {
    for (const [key, quantity] of sumBy(p.allocations, (a) => JSON.stringify([a.locationId, a.sku]), (a) => a.quantity)) {
      const [locationId, sku] = JSON.parse(key) as [string, string];
      expect(quantity).toBeLessThanOrEqual(atpOf(input, locationId, sku));
    }
  }));

  it('allocates plus backorders exactly what each line asks for', forEveryCase(({ input, p }) => {
    const allocated = sumBy(p.allocations, (a) => a.lineId, (a) => a.quantity);
    const backordered = sumBy(p.backordered, (b) => b.lineId, (b) => b.quantity);
    for (const line of input.lines)
      expect((allocated.get(line.lineId) ?? 0) + (backordered.get(line.lineId) ?? 0)).toBe(line.quantity);
    const known = new Set(input.lines.map((l) => `${l.lineId} ${l.sku}`));
    for (const entry of [...p.allocations, ...p.backordered]) expect(known.has(`${entry.lineId} ${entry.sku}`)).toBe(true);
  }));

  it('has no zero, negative or fractional quantities and no repeated entries', forEveryCase(({ p }) => {
    for (const entry of [...p.allocations, ...p.backordered]) {
      expect(Number.isInteger(entry.quantity)).toBe(true);
      expect(entry.quantity).toBeGreaterThan(0);
    }
    const pairs = p.allocations.map((a) => `${a.lineId}@${a.locationId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    const backorderedLines = p.backordered.map((b) => b.lineId);
    expect(new Set(backorderedLines).size).toBe(backorderedLines.length);
  }));

  it('allocates only from active locations', forEveryCase(({ p, active }) => {
    for (const a of p.allocations) expect(active.has(a.locationId)).toBe(true);
  }));

  it('backorders only what no active location can promise', forEveryCase(({ input, p, active }) => {
    const demand = sumBy(input.lines, (l) => l.sku, (l) => l.quantity);
    const allocated = sumBy(p.allocations, (a) => a.sku, (a) => a.quantity);
    for (const [sku, wanted] of demand) {
      const promisable = [...active].reduce((sum, locationId) => sum + atpOf(input, locationId, sku), 0);
      expect(allocated.get(sku) ?? 0).toBe(Math.min(wanted, promisable));
    }
  }));

  it('uses one location, the best-ranked that can, when one holds the whole order', forEveryCase(({ input, p }) => {
    const demand = sumBy(input.lines, (l) => l.sku, (l) => l.quantity);
    const whole = p.decision.candidates.find((c) => [...demand].every(([sku, units]) => atpOf(input, c.locationId, sku) >= units));
    if (input.lines.length === 0 || !whole) return;
    expect(new Set(p.allocations.map((a) => a.locationId))).toEqual(new Set([whole.locationId]));
  }));

  it('groups allocations by location, lines in input order within a location', forEveryCase(({ input, p }) => {
    const locationsInOrder = p.allocations.map((a) => a.locationId).filter((id, i, all) => all[i - 1] !== id);
    expect(new Set(locationsInOrder).size).toBe(locationsInOrder.length);
    const lineIndex = (lineId: string): number => input.lines.findIndex((l) => l.lineId === lineId);
    for (const locationId of locationsInOrder) {
      const indexes = p.allocations.filter((a) => a.locationId === locationId).map((a) => lineIndex(a.lineId));
      expect(indexes).toEqual([...indexes].sort((x, y) => x - y));
    }
  }));

  it('ranks every active location once, 1 to n', forEveryCase(({ input, p, active }) => {
    if (input.lines.length === 0) return;
    expect(p.decision.candidates.map((c) => c.rank)).toEqual(p.decision.candidates.map((_, i) => i + 1));
    expect(new Set(p.decision.candidates.map((c) => c.locationId))).toEqual(active);
  }));

  it('matches its schema', forEveryCase(({ p }) => expect(AllocationPlan.safeParse(p).success).toBe(true)));

  it('is the same plan again, whatever order the locations are listed in', forEveryCase(({ input, p, random }) => {
    expect(planAllocation(input)).toEqual(p);
    expect(planAllocation({ ...input, locations: random.shuffle(input.locations) })).toEqual(p);
  }));
});
