import {
  InsufficientStock,
  InvalidStockAdjustment,
  InvalidStockPolicy,
  InvalidStockQuantity,
  StockBelowReserved,
  StockCommand,
  StockEvent,
  stockDecider,
  stockStreamId,
} from '../../../src/domain/stock';
import { deciderSpec } from '../../support/decider-spec';
import {
  adjustStock,
  commitReservation,
  lowStockDetected,
  outOfStock,
  policySet,
  receiveStock,
  releaseReservation,
  reservationCommitted,
  reservationReleased,
  reserveStock,
  setStockPolicy,
  stockAdjusted,
  stockReceived,
  stockReserved,
} from './stock.builders';

const given = deciderSpec(stockDecider);

describe('stock stream id', () => {
  it('is stock-<locationId>.<sku>', () => expect(stockStreamId('wh-1', 'SKU.1-a')).toBe('stock-wh-1.SKU.1-a'));
});

describe('ReceiveStock', () => {
  it('records the receipt', () =>
    given().when(receiveStock(10, 'PO-77')).then([stockReceived(10, 'PO-77')]));

  it('records a receipt without a reference', () =>
    given(stockReceived(5)).when(receiveStock(3)).then([stockReceived(3)]));

  it.each([0, -1, 1.5, Number.NaN])('refuses a quantity of %p', (quantity) => {
    given().when(receiveStock(quantity)).thenThrows(InvalidStockQuantity, 'STOCK.INVALID_QUANTITY');
  });
});

describe('AdjustStock', () => {
  it('records a count correction upwards', () =>
    given(stockReceived(10)).when(adjustStock(4)).then([stockAdjusted(4)]));

  it('records a correction downwards as far as what is reserved', () =>
    given(stockReceived(10), stockReserved('r1', 6)).when(adjustStock(-4)).then([stockAdjusted(-4), outOfStock()]));

  it('refuses to take on-hand below what is reserved', () => {
    const error = given(stockReceived(10), stockReserved('r1', 6))
      .when(adjustStock(-5))
      .thenThrows(StockBelowReserved, 'STOCK.BELOW_RESERVED');
    expect(error.details).toEqual({ onHand: 10, reserved: 6, delta: -5 });
  });

  it('refuses to take on-hand below zero', () => {
    given().when(adjustStock(-1)).thenThrows(StockBelowReserved, 'STOCK.BELOW_RESERVED');
  });

  it.each([0, 2.5, Number.NaN])('refuses a delta of %p', (delta) => {
    given(stockReceived(10)).when(adjustStock(delta)).thenThrows(InvalidStockAdjustment, 'STOCK.INVALID_DELTA');
  });
});

describe('ReserveStock', () => {
  it('reserves what is available to promise', () =>
    given(stockReceived(10)).when(reserveStock('r1', 4)).then([stockReserved('r1', 4)]));

  it('reserves exactly the units available to promise', () =>
    given(stockReceived(10), policySet({ safetyStock: 2 }), stockReserved('r1', 5))
      .when(reserveStock('r2', 3))
      .then([stockReserved('r2', 3)]));

  it('refuses to promise more than is available to promise', () => {
    const error = given(stockReceived(10), policySet({ safetyStock: 2 }), stockReserved('r1', 5))
      .when(reserveStock('r2', 4))
      .thenThrows(InsufficientStock, 'STOCK.INSUFFICIENT');
    expect(error.details).toEqual({ requested: 4, atp: 3 });
  });

  it('reports nothing available to promise when safety stock exceeds what is available', () => {
    const error = given(stockReceived(5), policySet({ safetyStock: 8 }))
      .when(reserveStock('r1', 1))
      .thenThrows(InsufficientStock);
    expect(error.details).toEqual({ requested: 1, atp: 0 });
  });

  it('refuses on an empty stream', () => {
    given().when(reserveStock('r1', 1)).thenThrows(InsufficientStock);
  });

  it('does nothing when the reservation is already open', () =>
    given(stockReceived(10), stockReserved('r1', 4)).when(reserveStock('r1', 4)).then([]));

  it('does nothing when the reservation is already open, whatever the repeat asks for', () =>
    given(stockReceived(10), stockReserved('r1', 4)).when(reserveStock('r1', 9)).then([]));

  it('keeps apart two reservations of the same order line (a backorder filled later)', () =>
    given(stockReceived(10), stockReserved('r1', 4, { lineId: 'line-1' }))
      .when(reserveStock('r2', 2, { lineId: 'line-1' }))
      .then([stockReserved('r2', 2, { lineId: 'line-1' })]));

  it('forgets a released reservation: its id reserves anew (the event store dedupes redeliveries)', () =>
    given(stockReceived(10), stockReserved('r1', 4), reservationReleased('r1', 4))
      .when(reserveStock('r1', 4))
      .then([stockReserved('r1', 4)]));

  it.each([0, -2, 0.5])('refuses a quantity of %p', (quantity) => {
    given(stockReceived(10)).when(reserveStock('r1', quantity)).thenThrows(InvalidStockQuantity);
  });
});

describe('ReleaseReservation', () => {
  it('releases an open reservation with the order and quantity it was made for, and the reason given', () =>
    given(stockReceived(10), stockReserved('r1', 4))
      .when(releaseReservation('r1', 'payment_failed'))
      .then([reservationReleased('r1', 4, 'payment_failed')]));

  it('takes only a known reason: the true one, never free text', () => {
    const command = releaseReservation('r1', 'rejected');
    expect(StockCommand.safeParse(command).success).toBe(true);
    expect(StockCommand.safeParse({ ...command, data: { ...command.data, reason: 'order cancelled' } }).success).toBe(false);
  });

  it('records only a known reason (free text written before the reasons were fixed is upcast on read)', () => {
    const released = reservationReleased('r1', 4, 'cancelled');
    expect(StockEvent.safeParse(released).success).toBe(true);
    expect(StockEvent.safeParse({ ...released, data: { ...released.data, reason: 'order cancelled' } }).success).toBe(false);
  });

  it('makes the units available to promise again', () =>
    given(stockReceived(10), stockReserved('r1', 10), reservationReleased('r1', 10))
      .when(reserveStock('r2', 10))
      .then([stockReserved('r2', 10), outOfStock()]));

  it('does nothing for a reservation never made', () =>
    given(stockReceived(10)).when(releaseReservation('r9')).then([]));

  it('does nothing when released already', () =>
    given(stockReceived(10), stockReserved('r1', 4), reservationReleased('r1', 4))
      .when(releaseReservation('r1'))
      .then([]));

  it('does nothing when committed already', () =>
    given(stockReceived(10), stockReserved('r1', 4), reservationCommitted('r1', 4))
      .when(releaseReservation('r1'))
      .then([]));
});

describe('CommitReservation', () => {
  it('ships the reserved units', () =>
    given(stockReceived(10), stockReserved('r1', 4))
      .when(commitReservation('r1'))
      .then([reservationCommitted('r1', 4)]));

  it('does nothing for a reservation never made', () =>
    given(stockReceived(10)).when(commitReservation('r9')).then([]));

  it('does nothing when committed already', () =>
    given(stockReceived(10), stockReserved('r1', 4), reservationCommitted('r1', 4))
      .when(commitReservation('r1'))
      .then([]));

  it('does nothing when released already', () =>
    given(stockReceived(10), stockReserved('r1', 4), reservationReleased('r1', 4))
      .when(commitReservation('r1'))
      .then([]));
});

describe('SetStockPolicy', () => {
  it('records the policy', () =>
    given(stockReceived(50))
      .when(setStockPolicy({ safetyStock: 2, lowStockThreshold: 5, leadTimeDays: 7, bin: 'A-01-3' }))
      .then([policySet({ safetyStock: 2, lowStockThreshold: 5, leadTimeDays: 7, bin: 'A-01-3' })]));

  it('records a change of bin alone', () =>
    given(stockReceived(50), policySet({ lowStockThreshold: 5, bin: 'A-01' }))
      .when(setStockPolicy({ lowStockThreshold: 5, bin: 'B-02' }))
      .then([policySet({ lowStockThreshold: 5, bin: 'B-02' })]));

  it('does nothing when the policy is unchanged', () =>
    given(stockReceived(50), policySet({ safetyStock: 2, lowStockThreshold: 5, leadTimeDays: 7, bin: 'A-01' }))
      .when(setStockPolicy({ safetyStock: 2, lowStockThreshold: 5, leadTimeDays: 7, bin: 'A-01' }))
      .then([]));

  it.each([
    ['safetyStock', { safetyStock: -1 }],
    ['lowStockThreshold', { lowStockThreshold: 2.5 }],
    ['leadTimeDays', { leadTimeDays: -3 }],
  ] as const)('refuses a negative or fractional %s', (field, policy) => {
    const error = given(stockReceived(50)).when(setStockPolicy(policy)).thenThrows(InvalidStockPolicy, 'STOCK.INVALID_POLICY');
    expect(error.details).toMatchObject({ field });
  });
});

describe('low stock', () => {
  const stocked = [stockReceived(20), policySet({ lowStockThreshold: 5 })];

  it('is detected when a reservation takes available down to the threshold', () =>
    given(...stocked)
      .when(reserveStock('r1', 15))
      .then([stockReserved('r1', 15), lowStockDetected(5, 5)]));

  it('is detected when a reservation takes available below the threshold', () =>
    given(...stocked)
      .when(reserveStock('r1', 18))
      .then([stockReserved('r1', 18), lowStockDetected(2, 5)]));

  it('is not detected while available stays above the threshold', () =>
    given(...stocked).when(reserveStock('r1', 14)).then([stockReserved('r1', 14)]));

  it('is detected when an adjustment crosses the threshold', () =>
    given(...stocked).when(adjustStock(-16, 'damaged')).then([stockAdjusted(-16, 'damaged'), lowStockDetected(4, 5)]));

  it('is detected when raising the threshold crosses it', () =>
    given(...stocked)
      .when(setStockPolicy({ lowStockThreshold: 25 }))
      .then([policySet({ lowStockThreshold: 25 }), lowStockDetected(20, 25)]));

  it('is not detected without a threshold (0): selling out is OutOfStock, not low stock', () =>
    given(stockReceived(3)).when(reserveStock('r1', 3)).then([stockReserved('r1', 3), outOfStock()]));

  it('comes before OutOfStock when one decision crosses the threshold and runs out', () =>
    given(...stocked).when(reserveStock('r1', 20)).then([stockReserved('r1', 20), lowStockDetected(0, 5), outOfStock()]));

  it('is not detected again while stock stays low', () =>
    given(...stocked, stockReserved('r1', 15), lowStockDetected(5, 5))
      .when(reserveStock('r2', 2))
      .then([stockReserved('r2', 2)]));

  it('is detected again after a receipt brought stock back above the threshold', () =>
    given(...stocked, stockReserved('r1', 15), lowStockDetected(5, 5), stockReceived(10))
      .when(reserveStock('r2', 10))
      .then([stockReserved('r2', 10), lowStockDetected(5, 5)]));

  it('is detected again after a release brought stock back above the threshold', () =>
    given(...stocked, stockReserved('r1', 15), lowStockDetected(5, 5), reservationReleased('r1', 15))
      .when(reserveStock('r2', 16))
      .then([stockReserved('r2', 16), lowStockDetected(4, 5)]));

  it('is not detected by a commit, which leaves available unchanged', () =>
    given(...stocked, stockReserved('r1', 15))
      .when(commitReservation('r1'))
      .then([reservationCommitted('r1', 15)]));

  it('is detected when a first threshold is set above what is available (none before: not low)', () =>
    given().when(setStockPolicy({ lowStockThreshold: 5 })).then([policySet({ lowStockThreshold: 5 }), lowStockDetected(0, 5)]));

  it('is not detected when the threshold is set while stock is already low', () =>
    given(stockReceived(2), policySet({ lowStockThreshold: 5 }), lowStockDetected(2, 5))
      .when(setStockPolicy({ lowStockThreshold: 4 }))
      .then([policySet({ lowStockThreshold: 4 })]));

  it('is not detected when raising a threshold of 0 to 0 again changes only the bin', () =>
    given(stockReceived(1), stockReserved('r1', 1), outOfStock())
      .when(setStockPolicy({ bin: 'A-1' }))
      .then([policySet({ bin: 'A-1' })]));

  it('is not detected by a refused command', () => {
    given(...stocked).when(reserveStock('r1', 21)).thenThrows(InsufficientStock);
  });
});

describe('out of stock', () => {
  it('is detected when available reaches 0, whatever the threshold', () =>
    given(stockReceived(5), policySet({ lowStockThreshold: 10 }), lowStockDetected(5, 10))
      .when(adjustStock(-5, 'damaged'))
      .then([stockAdjusted(-5, 'damaged'), outOfStock()]));

  it('is not detected again while nothing is available', () =>
    given(stockReceived(3), stockReserved('r1', 3), outOfStock()).when(setStockPolicy({ safetyStock: 1 })).then([policySet({ safetyStock: 1 })]));

  it('is detected again after stock came back', () =>
    given(stockReceived(3), stockReserved('r1', 3), outOfStock(), stockReceived(2))
      .when(reserveStock('r2', 2))
      .then([stockReserved('r2', 2), outOfStock()]));

  it('is not detected by a commit, which leaves available unchanged', () =>
    given(stockReceived(3), stockReserved('r1', 3), outOfStock()).when(commitReservation('r1')).then([reservationCommitted('r1', 3)]));
});

describe('every decided event matches the published event schema', () => {
  it('parses with StockEvent', () => {
    const events = [
      stockDecider.decide(receiveStock(20, 'PO-1'), stockDecider.initialState()),
      [stockAdjusted(-1), stockReserved('r1', 2), reservationReleased('r1', 2), reservationCommitted('r1', 2)],
      [policySet({ safetyStock: 1, bin: 'A' }), lowStockDetected(0, 3), outOfStock()],
    ].flat();
    for (const event of events) expect(StockEvent.parse(event)).toEqual(event);
  });

  it('rejects a zero delta', () => expect(StockEvent.safeParse(stockAdjusted(0)).success).toBe(false));
});
