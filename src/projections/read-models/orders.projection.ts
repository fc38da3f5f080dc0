import { evolveOrder, initialOrderState, Order, OrderEvent, orderTotals, parseOrderStreamId } from '../../domain/order';
import { decodeOrderEvent } from '../../infrastructure/eventstore/event-decoders';
import { Projection } from '../projection';
import { orderStats } from './order-stats';
import { pickLists } from './pick-lists';

export const ORDERS_COLLECTION = 'orders';

/**
 * One document per order: the order folded with the same evolve the write
 * side uses, plus the fields lists filter and sort on.
 */
export type OrderDocument = {
  orderId: string;
  status: string;
  channel: string;
  customerId: string;
  placedAt: string;
  updatedAt: string;
  onHold: boolean;
  grandTotal: number;
  currency: string;
  revision: number;
  state: Order;
};

const ORDER_EVENT_TYPES: ReadonlySet<OrderEvent['type']> = new Set<OrderEvent['type']>([
  'OrderPlaced',
  'OrderValidated',
  'OrderRejected',
  'PaymentAuthorized',
  'PaymentFailed',
  'InventoryAllocated',
  'LinesBackordered',
  'FulfillmentRequested',
  'FulfillmentPicked',
  'FulfillmentPacked',
  'FulfillmentReadyForPickup',
  'ShipmentLabelCreated',
  'ShipmentTrackingUpdated',
  'DeliveryExceptionRecorded',
  'FulfillmentShipped',
  'PaymentCaptured',
  'PaymentCaptureSkipped',
  'FulfillmentDelivered',
  'OrderHeld',
  'OrderReleased',
  'OrderCancelled',
  'PaymentVoided',
  'CustomerNotified',
]);

export const ordersProjection: Projection = {
  name: 'orders',
  collections: [
    {
      name: ORDERS_COLLECTION,
      indexes: ['placedAt', ['status', 'placedAt'], ['channel', 'placedAt'], ['customerId', 'placedAt']],
      idOf: (doc: OrderDocument) => doc.orderId,
    },
    ...orderStats.collections,
    ...pickLists.collections,
  ],
  eventTypes: ORDER_EVENT_TYPES,
  async apply(stored, view) {
    const orderId = parseOrderStreamId(stored.streamId);
    if (orderId === null) return;
    const existing = await view.get<OrderDocument>(ORDERS_COLLECTION, orderId);
    if (existing && stored.revision <= existing.revision) return;
    const before = existing?.state ?? null;
    const after = evolveOrder(before ?? initialOrderState(), decodeOrderEvent(stored));
    if (!after.exists) return;
    view.put(ORDERS_COLLECTION, orderId, documentOf(after, stored.revision));
    await orderStats.record(view, before, after);
    pickLists.sync(view, before, after);
  },
};

const documentOf = (order: Order, revision: number): OrderDocument => ({
  orderId: order.orderId,
  status: order.status,
  channel: order.channel,
  customerId: order.customer.id,
  placedAt: order.placedAt,
  updatedAt: order.updatedAt,
  onHold: order.onHold,
  grandTotal: orderTotals(order).grand,
  currency: order.currency,
  revision,
  state: order,
});
