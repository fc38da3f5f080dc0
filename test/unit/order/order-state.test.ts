import { orderDecider, orderStatus, type OrderEvent, type OrderState } from '../../../src/domain/order';
import {
  alloc,
  authorized,
  customerNotified,
  delivered,
  fulfillmentRequested,
  inventoryAllocated,
  linesBackordered,
  orderAfter,
  orderCancelled,
  orderHeld,
  orderPlaced,
  orderRejected,
  orderReleased,
  paymentCaptured,
  paymentFailed,
  paymentVoided,
  placeOrderData,
  shipmentLabelCreated,
  shipmentTrackingUpdated,
  shipped,
  t,
  validated,
} from './order-builders';

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

describe('evolve', () => {
  it('records what was placed, with nothing allocated and the payment still to come', () => {
    const order = orderAfter([orderPlaced()]);
    const d = placeOrderData();
    expect(order).toMatchObject({
      exists: true,
      orderId: d.orderId,
      channel: 'web',
      customer: { email: d.customer.email, name: d.customer.name },
      currency: 'USD',
      shippingAddress: { line1: d.shippingAddress.line1, postalCode: d.shippingAddress.postalCode, country: d.shippingAddress.country },
      shippingMethod: 'standard',
      shippingCost: 499,
      validation: 'pending',
      rejectionReasons: [],
      onHold: false,
      holdReason: null,
      cancelled: false,
      cancelReason: null,
      fulfillments: {},
      allocationIds: {},
      notifications: {},
      placedAt: t(0),
    });
    // What only readers want stays out of the decision state (the orders read model keeps it).
    for (const field of ['externalRef', 'notes', 'status', 'timeline', 'updatedAt']) expect(order).not.toHaveProperty(field);
    expect(order.lines).toEqual([
      { lineId: 'L1', sku: 'SKU-A', quantity: 2, unitPrice: 1000, allocated: 0, backordered: 0, allocations: {} },
      { lineId: 'L2', sku: 'SKU-B', quantity: 1, unitPrice: 500, allocated: 0, backordered: 0, allocations: {} },
    ]);
    expect(order.payment).toEqual({
      method: 'card',
      status: 'none',
      authorizationId: null,
      authorizedAmount: 0,
      capturedAmount: 0,
      capturedFulfillments: [],
      voidedAmount: 0,
      failure: null,
    });
  });

  it('ignores a second OrderPlaced', () => {
    const first = orderAfter([orderPlaced()]);
    expect(orderAfter([orderPlaced(), orderPlaced({ channel: 'pos', at: t(9) })])).toEqual(first);
  });

  it('keeps the rejection reasons', () => {
    const reasons = [{ code: 'INVALID_EMAIL', message: 'bad', path: 'customer.email' }];
    expect(orderAfter([orderPlaced(), orderRejected(reasons)])).toMatchObject({ validation: 'rejected', rejectionReasons: reasons });
  });

  it('tracks allocations per line and location, and what is still backordered', () => {
    const order = orderAfter([
      ...authorized(),
      inventoryAllocated('alloc-1', [alloc('L1', 'SKU-A', 'wh-1', 1)]),
      linesBackordered('alloc-1', [
        { lineId: 'L1', sku: 'SKU-A', quantity: 1 },
        { lineId: 'L2', sku: 'SKU-B', quantity: 1 },
      ]),
      inventoryAllocated('alloc-2', [alloc('L1', 'SKU-A', 'wh-2', 1), alloc('L2', 'SKU-B', 'wh-1', 1)]),
    ]);
    const progress = order.lines.map(({ lineId, allocated, backordered, allocations }) => ({
      lineId,
      allocated,
      backordered,
      allocations,
    }));
    expect(progress).toEqual([
      { lineId: 'L1', allocated: 2, backordered: 0, allocations: { 'wh-1': 1, 'wh-2': 1 } },
      { lineId: 'L2', allocated: 1, backordered: 0, allocations: { 'wh-1': 1 } },
    ]);
    expect(order.allocationIds).toEqual({ 'alloc-1': true, 'alloc-2': true });
  });

  it('sums two allocations of one line at one location', () => {
    const order = orderAfter([
      ...authorized(),
      inventoryAllocated('alloc-1', [alloc('L1', 'SKU-A', 'wh-1', 1), alloc('L1', 'SKU-A', 'wh-1', 1)]),
    ]);
    expect(order.lines[0]).toMatchObject({ allocated: 2, allocations: { 'wh-1': 2 } });
  });

  it('follows each fulfillment: lines, status, what its label and tracking tell the workflow, when it shipped', () => {
    const order = orderAfter([...delivered(), shipmentTrackingUpdated('F1', 'exception', 'late scan', t(31))]);
    expect(order.fulfillments).toEqual({
      F1: {
        fulfillmentId: 'F1',
        allocationId: 'alloc-1',
        locationId: 'wh-1',
        lines: [
          { lineId: 'L1', sku: 'SKU-A', quantity: 2, bin: 'A-01' },
          { lineId: 'L2', sku: 'SKU-B', quantity: 1, bin: 'B-07' },
        ],
        status: 'delivered',
        label: { carrier: 'ups', trackingNumber: '1Z-F1' },
        tracking: { status: 'exception', detail: 'late scan' },
        exception: null,
        shippedAt: t(10),
      },
    });
  });

  it('follows the payment: authorized, partially captured, captured', () => {
    const a = alloc('L1', 'SKU-A', 'wh-1', 2);
    const b = alloc('L2', 'SKU-B', 'wh-2', 1);
    const twoShipped: OrderEvent[] = [
      ...authorized(),
      inventoryAllocated('alloc-1', [a, b]),
      fulfillmentRequested('F1', 'wh-1', [a]),
      fulfillmentRequested('F2', 'wh-2', [b]),
    ];
    const partly = orderAfter([...twoShipped, paymentCaptured('F1', 2499, 'cap-1', t(40))]);
    expect(partly.payment).toMatchObject({
      status: 'partially_captured',
      authorizationId: 'auth-1',
      authorizedAmount: 2999,
      capturedAmount: 2499,
      capturedFulfillments: [{ fulfillmentId: 'F1', captureId: 'cap-1', amount: 2499, capturedAt: t(40) }],
    });
    const fully = orderAfter([...twoShipped, paymentCaptured('F1', 2499, 'cap-1'), paymentCaptured('F2', 500, 'cap-2')]);
    expect(fully.payment).toMatchObject({ status: 'captured', capturedAmount: 2999 });
    expect(fully.payment.capturedFulfillments.map((c) => c.fulfillmentId)).toEqual(['F1', 'F2']);
  });

  it('records a payment failure and a void', () => {
    expect(orderAfter([...validated(), paymentFailed('declined', 'no funds')]).payment).toMatchObject({
      status: 'failed',
      failure: { code: 'declined', reason: 'no funds' },
    });
    expect(orderAfter([...authorized(), orderCancelled(), paymentVoided('auth-1', 2999)]).payment).toMatchObject({
      status: 'voided',
      voidedAmount: 2999,
    });
  });

  it('records hold, release and cancellation with their reasons', () => {
    expect(orderAfter([...validated(), orderHeld('fraud')])).toMatchObject({ onHold: true, holdReason: 'fraud' });
    expect(orderAfter([...validated(), orderHeld('fraud'), orderReleased()])).toMatchObject({ onHold: false, holdReason: null });
    expect(orderAfter([...validated(), orderCancelled('out of stock')])).toMatchObject({
      cancelled: true,
      cancelReason: 'out of stock',
    });
  });

  it('shows what is true after a cancellation: nothing allocated, nothing backordered, every fulfilment cancelled', () => {
    const a = alloc('L1', 'SKU-A', 'wh-1', 2);
    const order = orderAfter([
      ...authorized(),
      inventoryAllocated('alloc-1', [a]),
      linesBackordered('alloc-1', [{ lineId: 'L2', sku: 'SKU-B', quantity: 1 }]),
      fulfillmentRequested('F1', 'wh-1', [a]),
      orderCancelled('changed my mind', t(9)),
    ]);
    expect(order.lines.map(({ lineId, allocated, backordered, allocations }) => ({ lineId, allocated, backordered, allocations }))).toEqual([
      { lineId: 'L1', allocated: 0, backordered: 0, allocations: {} },
      { lineId: 'L2', allocated: 0, backordered: 0, allocations: {} },
    ]);
    // The fulfilment keeps the lines it held, so the releases can name each reservation.
    expect(order.fulfillments.F1).toMatchObject({ status: 'cancelled', locationId: 'wh-1', lines: [expect.objectContaining({ lineId: 'L1', quantity: 2 })] });
    expect(order).toMatchObject({ cancelled: true, cancelReason: 'changed my mind' });
    expect(orderStatus(order)).toBe('cancelled');
  });

  it('remembers each notification sent as notification:key', () => {
    const order = orderAfter([...shipped(), customerNotified('confirmation', 'order'), customerNotified('shipped', 'F1')]);
    expect(order.notifications).toEqual({ 'confirmation:order': true, 'shipped:F1': true });
  });

  it('never changes the state it is given (a handler may keep it and drop a refused decision)', () => {
    const history = [...delivered(), paymentCaptured('F1'), customerNotified('delivered', 'F1'), orderCancelled()];
    let state: OrderState = deepFreeze(orderDecider.initialState());
    for (const event of history) state = deepFreeze(orderDecider.evolve(state, event));
    expect(state.exists).toBe(true);
  });

  it('shares what an event does not touch, so long streams stay cheap to fold', () => {
    const before = orderAfter(shipped());
    const after = orderDecider.evolve(before, shipmentTrackingUpdated('F1', 'in_transit', 'hub', t(50)));
    if (!after.exists) throw new Error('expected an order');
    expect(after.lines).toBe(before.lines);
    expect(after.payment).toBe(before.payment);
    expect(after.notifications).toBe(before.notifications);
    expect(after.fulfillments).not.toBe(before.fulfillments);
  });

  it('ignores a fulfillment event for a fulfillment it does not know', () => {
    const before = orderAfter(shipped());
    const after = orderDecider.evolve(before, shipmentLabelCreated('F7'));
    expect(after).toMatchObject({ fulfillments: before.fulfillments });
  });
});
