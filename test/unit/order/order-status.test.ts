import { OrderOnHold, orderStatus, type OrderCommand, type OrderEvent } from '../../../src/domain/order';
import { evolveOrderRecord, type OrderRecord } from '../../../src/projections/read-models/order-record';
import {
  alloc,
  authorized,
  cancelOrder,
  fold,
  holdOrder,
  inventoryAllocated,
  markDelivered,
  markPacked,
  markPicked,
  markShipped,
  orderAfter,
  orderPlaced,
  packed,
  placeOrder,
  recordAllocation,
  recordCustomerNotified,
  recordPaymentAuthorized,
  recordPaymentCaptured,
  recordPaymentFailed,
  recordShipmentLabel,
  recordTrackingUpdate,
  releaseOrder,
  run,
  t,
  validateOrder,
  catalog,
} from './order-builders';

/** The order view's details after a history: the status timeline is the read model's, folded beside the state. */
const detailsAfter = (history: OrderEvent[]) => history.reduce<OrderRecord | null>(evolveOrderRecord, null)!.details;

/** The status after each command, applying the decided events as the handler would. */
const statusesAlong = (commands: OrderCommand[], from: OrderEvent[] = []) => {
  const statuses: string[] = [];
  let history = from;
  for (const command of commands) {
    history = [...history, ...run([command], history).events];
    statuses.push(orderStatus(orderAfter(history)));
  }
  return { statuses, order: orderAfter(history), details: detailsAfter(history) };
};

const a1 = alloc('L1', 'SKU-A', 'wh-1', 2);
const b1 = alloc('L2', 'SKU-B', 'wh-1', 1);
const b2 = alloc('L2', 'SKU-B', 'wh-2', 1);

describe('order status across the lifecycle', () => {
  it('goes placed -> payment_authorized -> allocated -> picking -> packed -> shipped -> delivered', () => {
    const { statuses, details } = statusesAlong([
      placeOrder({ at: t(0) }),
      validateOrder(catalog(), t(1)),
      recordCustomerNotified('confirmation', 'order', 'm1', t(1)),
      recordPaymentAuthorized('auth-1', 2999, t(2)),
      recordAllocation('alloc-1', [a1, b1], t(3)),
      markPicked('F1', t(4)),
      markPacked('F1', t(5)),
      recordShipmentLabel('F1', t(6)),
      markShipped('F1', t(7)),
      recordPaymentCaptured('F1', 2999, 'cap-1', t(8)),
      recordTrackingUpdate('F1', 'out_for_delivery', null, t(9)),
      markDelivered('F1', t(10)),
    ]);
    expect(statuses).toEqual([
      'placed',
      'placed', // validated orders stay placed
      'placed',
      'payment_authorized',
      'allocated', // every line reserved and on a pick list, nothing picked yet
      'picking', // the first fulfilment was picked
      'packed',
      'packed',
      'shipped',
      'shipped',
      'shipped',
      'delivered',
    ]);
    expect(details.timeline).toEqual([
      { status: 'placed', at: t(0) },
      { status: 'payment_authorized', at: t(2) },
      { status: 'allocated', at: t(3) },
      { status: 'picking', at: t(4) },
      { status: 'packed', at: t(5) },
      { status: 'shipped', at: t(7) },
      { status: 'delivered', at: t(10) },
    ]);
    expect(details.updatedAt).toBe(t(10));
  });

  it('goes backordered -> partially_allocated -> allocated as stock arrives', () => {
    const { statuses, order, details } = statusesAlong(
      [
        recordAllocation('alloc-1', [], t(3)),
        recordAllocation('alloc-2', [alloc('L1', 'SKU-A', 'wh-1', 1)], t(20)),
        recordAllocation('alloc-3', [alloc('L1', 'SKU-A', 'wh-1', 1), b1], t(40)),
      ],
      authorized(),
    );
    expect(statuses).toEqual(['backordered', 'partially_allocated', 'allocated']);
    expect(details.timeline.slice(-3)).toEqual([
      { status: 'backordered', at: t(3) },
      { status: 'partially_allocated', at: t(20) },
      { status: 'allocated', at: t(40) },
    ]);
    expect(order.lines.map((l) => [l.lineId, l.allocated, l.backordered])).toEqual([
      ['L1', 2, 0],
      ['L2', 1, 0],
    ]);
  });

  it('shows partially_allocated rather than picking or packed while stock is still missing', () => {
    const { statuses } = statusesAlong(
      [recordAllocation('alloc-1', [a1]), markPicked('F1'), markPacked('F1')],
      authorized(),
    );
    expect(statuses).toEqual(['partially_allocated', 'partially_allocated', 'partially_allocated']);
  });

  it('follows a split across two locations: packed needs every fulfillment, shipped too', () => {
    const { statuses } = statusesAlong(
      [
        recordAllocation('alloc-1', [a1, b2]),
        markPicked('F1'),
        markPacked('F1'),
        markPicked('F2'),
        markPacked('F2'),
        recordShipmentLabel('F1'),
        markShipped('F1'),
        recordShipmentLabel('F2'),
        markShipped('F2'),
        markDelivered('F1'),
        markDelivered('F2'),
      ],
      authorized(),
    );
    expect(statuses).toEqual([
      'allocated',
      'picking',
      'picking', // F2 not packed yet
      'picking',
      'packed',
      'packed',
      'partially_shipped',
      'partially_shipped',
      'shipped',
      'shipped', // F2 still on its way
      'delivered',
    ]);
  });

  it('is partially_shipped, never shipped or delivered, while a line is still unallocated', () => {
    const { statuses } = statusesAlong(
      [
        recordAllocation('alloc-1', [a1]),
        markPicked('F1'),
        markPacked('F1'),
        recordShipmentLabel('F1'),
        markShipped('F1'),
        markDelivered('F1'),
      ],
      authorized(),
    );
    expect(statuses.slice(-2)).toEqual(['partially_shipped', 'partially_shipped']);
  });

  it('is cancelled after a cancellation, whatever came before', () => {
    const { statuses, details } = statusesAlong(
      [recordAllocation('alloc-1', [a1, b1]), markPicked('F1'), cancelOrder('customer request', t(30))],
      authorized(),
    );
    expect(statuses).toEqual(['allocated', 'picking', 'cancelled']);
    expect(details.timeline.at(-1)).toEqual({ status: 'cancelled', at: t(30) });
  });

  it('is rejected when validation fails', () => {
    const { statuses } = statusesAlong([placeOrder(), validateOrder({})]);
    expect(statuses).toEqual(['placed', 'rejected']);
  });

  it('is payment_failed when the payment fails', () => {
    const { statuses } = statusesAlong([placeOrder(), validateOrder(), recordPaymentFailed()]);
    expect(statuses).toEqual(['placed', 'placed', 'payment_failed']);
  });

  it('keeps its status on hold: hold blocks pick, pack and ship, not the facts', () => {
    const held = statusesAlong([holdOrder('fraud review', t(12)), recordShipmentLabel('F1')], packed());
    expect(held.statuses).toEqual(['packed', 'packed']);
    expect(held.order).toMatchObject({ onHold: true, holdReason: 'fraud review' });
    expect(() => run([holdOrder(), markShipped('F1')], packed())).toThrow(OrderOnHold);

    const released = statusesAlong([holdOrder(), recordShipmentLabel('F1'), releaseOrder(), markShipped('F1')], packed());
    expect(released.statuses).toEqual(['packed', 'packed', 'packed', 'shipped']);
  });

  it('stays allocated while fulfilments are requested but none is picked, and picking once one is', () => {
    const { statuses } = statusesAlong([recordAllocation('alloc-1', [a1, b2]), markPicked('F2'), markPacked('F2')], authorized());
    expect(statuses).toEqual(['allocated', 'picking', 'picking']); // F1 still waits to be picked
  });

  it('is allocated when everything is reserved but no fulfillment is requested yet', () =>
    expect(orderStatus(orderAfter([...authorized(), inventoryAllocated('alloc-1', [a1, b1])]))).toBe('allocated'));

  it("keeps the view's status and orderStatus(state) in step", () => {
    const { events } = run(
      [recordAllocation('alloc-1', [a1]), markPicked('F1'), recordAllocation('alloc-2', [b2]), markPicked('F2')],
      authorized(),
    );
    const history = [...authorized(), ...events];
    history.forEach((_, i) => {
      expect(detailsAfter(history.slice(0, i + 1)).status).toBe(orderStatus(orderAfter(history.slice(0, i + 1))));
    });
  });

  it('appends to the timeline only when the status changes', () => {
    const details = detailsAfter([
      orderPlaced({ at: t(0) }),
      ...run(
        [
          recordCustomerNotified('confirmation', 'order', 'm1', t(1)),
          validateOrder(catalog(), t(2)),
          holdOrder('check', t(3)),
          releaseOrder(t(4)),
        ],
        [orderPlaced({ at: t(0) })],
      ).events,
    ]);
    expect(details.timeline).toEqual([{ status: 'placed', at: t(0) }]);
    expect(details.updatedAt).toBe(t(4));
  });

  it('has no status before the order exists', () => expect(fold([]).exists).toBe(false));
});
