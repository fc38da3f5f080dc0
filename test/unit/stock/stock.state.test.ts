import { foldEvents } from '../../../src/domain/kernel/decider';
import { atp, available, openReservation, openReservations, stockDecider } from '../../../src/domain/stock';
import {
  lowStockDetected,
  policySet,
  reservationCommitted,
  reservationReleased,
  stockAdjusted,
  stockReceived,
  stockReserved,
} from './stock.builders';

const fold = (...events: Parameters<typeof stockDecider.evolve>[1][]) => foldEvents(stockDecider, events);

describe('stock state', () => {
  it('starts empty, with no policy', () =>
    expect(stockDecider.initialState()).toMatchObject({
      onHand: 0,
      reserved: 0,
      safetyStock: 0,
      lowStockThreshold: 0,
      leadTimeDays: 0,
      bin: null,
      lowStock: false,
    }));

  it('counts receipts and adjustments on hand', () =>
    expect(fold(stockReceived(10), stockAdjusted(-3), stockReceived(4))).toMatchObject({ onHand: 11, reserved: 0 }));

  it('keeps open reservations and what they hold', () => {
    const s = fold(stockReceived(10), stockReserved('r1', 4, { lineId: 'l1' }), stockReserved('r2', 3, { lineId: 'l2' }));
    expect(s).toMatchObject({ onHand: 10, reserved: 7 });
    expect(openReservation(s, 'r1')).toEqual({ orderId: expect.any(String), lineId: 'l1', quantity: 4 });
    expect(openReservations(s).map(([id]) => id).sort()).toEqual(['r1', 'r2']);
  });

  it('a commit takes the units off on-hand and off reserved, and drops the reservation', () => {
    const s = fold(stockReceived(10), stockReserved('r1', 4), reservationCommitted('r1', 4));
    expect(s).toMatchObject({ onHand: 6, reserved: 0 });
    expect(openReservation(s, 'r1')).toBeUndefined();
  });

  it('a release gives the units back and drops the reservation', () => {
    const s = fold(stockReceived(10), stockReserved('r1', 4), reservationReleased('r1', 4));
    expect(s).toMatchObject({ onHand: 10, reserved: 0 });
    expect(openReservations(s)).toEqual([]);
  });

  it('available is on-hand minus reserved; atp also keeps the safety stock back', () => {
    const s = fold(stockReceived(10), stockReserved('r1', 4), policySet({ safetyStock: 2 }));
    expect(available(s)).toBe(6);
    expect(atp(s)).toBe(4);
  });

  it('atp never goes below zero', () => {
    const s = fold(stockReceived(10), stockReserved('r1', 9), policySet({ safetyStock: 5 }));
    expect(available(s)).toBe(1);
    expect(atp(s)).toBe(0);
  });

  it('records the policy', () =>
    expect(fold(policySet({ safetyStock: 1, lowStockThreshold: 2, leadTimeDays: 3, bin: 'A-1' }))).toMatchObject({
      safetyStock: 1,
      lowStockThreshold: 2,
      leadTimeDays: 3,
      bin: 'A-1',
    }));

  it('flags low stock on detection and clears the flag once available is above the threshold', () => {
    const low = fold(stockReceived(10), policySet({ lowStockThreshold: 5 }), stockReserved('r1', 6), lowStockDetected(4, 5));
    expect(low.lowStock).toBe(true);
    expect(stockDecider.evolve(low, stockReceived(1)).lowStock).toBe(true); // 5: still at the threshold
    expect(stockDecider.evolve(low, stockReceived(2)).lowStock).toBe(false);
    expect(stockDecider.evolve(low, reservationReleased('r1', 6)).lowStock).toBe(false);
    expect(stockDecider.evolve(low, policySet({ lowStockThreshold: 3 })).lowStock).toBe(false);
  });

  it('applies a repeated reservation event once (like the decision that made it)', () => {
    const s = fold(stockReceived(10), stockReserved('r1', 4), stockReserved('r1', 4));
    expect(s).toMatchObject({ onHand: 10, reserved: 4 });
    expect(fold(stockReceived(10), reservationCommitted('r9', 4))).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it('never changes a state it evolves from', () => {
    const before = fold(stockReceived(10), stockReserved('r1', 4));
    const snapshot = JSON.parse(JSON.stringify(before));
    stockDecider.evolve(before, stockReserved('r2', 1));
    stockDecider.evolve(before, reservationCommitted('r1', 4));
    stockDecider.evolve(before, policySet({ safetyStock: 3 }));
    expect(JSON.parse(JSON.stringify(before))).toEqual(snapshot);
    expect(openReservation(before, 'r2')).toBeUndefined();
    expect(openReservation(before, 'r1')).toBeDefined();
  });

  it('survives a JSON round trip (for snapshots)', () => {
    const s = fold(stockReceived(10), stockReserved('r1', 4), stockReserved('r2', 2), reservationReleased('r1', 4));
    const revived = JSON.parse(JSON.stringify(s));
    expect(openReservation(revived, 'r2')).toEqual(openReservation(s, 'r2'));
    expect(stockDecider.evolve(revived, reservationCommitted('r2', 2))).toMatchObject({ onHand: 8, reserved: 0 });
  });
});
