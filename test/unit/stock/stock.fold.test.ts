import { foldEvents } from '../../../src/domain/kernel/decider';
import { atp, openReservations, StockEvent, stockDecider } from '../../../src/domain/stock';
import {
  receiveStock,
  reservationCommitted,
  reservationReleased,
  reserveStock,
  stockAdjusted,
  stockReceived,
  stockReserved,
} from './stock.builders';

const EVENTS = 100_000;

/** A long, busy stream: receipts, reservations that ship or get released, and count corrections. */
function* busyStream(): Generator<StockEvent> {
  let n = 0;
  for (let i = 0; n < EVENTS; i++) {
    const id = `r${i}`;
    yield stockReceived(3);
    yield stockReserved(id, 2);
    yield i % 3 === 0 ? reservationReleased(id, 2) : reservationCommitted(id, 2);
    yield stockAdjusted(i % 2 === 0 ? 1 : -1);
    n += 4;
  }
}

describe('folding long stock streams', () => {
  it(`folds ${EVENTS} events of a busy stream`, () => {
    const s = foldEvents(stockDecider, busyStream());
    const cycles = EVENTS / 4;
    const committed = cycles - Math.ceil(cycles / 3);
    expect(s.reserved).toBe(0);
    expect(s.onHand).toBe(cycles * 3 - committed * 2);
    expect(openReservations(s)).toEqual([]);
  });

  it(`folds ${EVENTS} reservations that all stay open, and still decides`, () => {
    function* manyOpen(): Generator<StockEvent> {
      yield stockReceived(EVENTS);
      for (let i = 1; i < EVENTS; i++) yield stockReserved(`r${i}`, 1, { lineId: `l${i}` });
    }
    const s = foldEvents(stockDecider, manyOpen());
    expect(s.reserved).toBe(EVENTS - 1);
    expect(atp(s)).toBe(1);
    expect(stockDecider.decide(reserveStock('r5', 1), s)).toEqual([]);
    expect(stockDecider.decide(receiveStock(1), s)).toHaveLength(1);
    expect(openReservations(s)).toHaveLength(EVENTS - 1);
  });
});
