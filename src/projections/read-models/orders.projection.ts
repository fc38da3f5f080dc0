import { OrderEvent, orderTotals, parseOrderStreamId } from '../../domain/order';
import { decodeOrderEvent } from '../../infrastructure/eventstore/event-decoders';
import { Projection } from '../projection';
import { customerFigures } from './customer-figures';
import { evolveOrderRecord, OrderDetails, OrderRecord, recordOfDocument } from './order-record';
import { orderStats } from './order-stats';
import { pickLists } from './pick-lists';

export const ORDERS_COLLECTION = 'orders';

/**
 * One document per order: the order folded with the same evolve the write
 * side uses, the details only readers want, and the fields lists filter and
 * sort on.
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
  state: OrderRecord['state'];
  /** Absent from documents an older version wrote, whose state held the details (see recordOfDocument). */
  details?: OrderDetails;
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
    ...customerFigures.collections,
  ],
  eventTypes: ORDER_EVENT_TYPES,
  async apply(stored, view) {
    const orderId = parseOrderStreamId(stored.streamId);
    if (orderId === null) return;
    const existing = await view.get<OrderDocument>(ORDERS_COLLECTION, orderId);
    if (existing && stored.revision <= existing.revision) return;
    const before = existing && recordOfDocument(existing);
    const after = evolveOrderRecord(before, decodeOrderEvent(stored));
    if (!after) return;
    view.put(ORDERS_COLLECTION, orderId, documentOf(after, stored.revision));
    await orderStats.record(view, before, after);
    pickLists.sync(view, before, after);
    await customerFigures.record(view, before, after);
  },
};

const documentOf = ({ state, details }: OrderRecord, revision: number): OrderDocument => ({
  orderId: state.orderId,
  status: details.status,
  channel: state.channel,
  customerId: details.customer.id,
  placedAt: state.placedAt,
  updatedAt: details.updatedAt,
  onHold: state.onHold,
  grandTotal: orderTotals(state).grand,
  currency: state.currency,
  revision,
  state,
  details,
});
