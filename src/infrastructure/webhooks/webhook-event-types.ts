import { parseStreamId } from '../../domain/kernel/stream-names';

/** What a subscriber receives of one log event: its webhook type and `data`. */
export type WebhookEvent = { type: string; data: Record<string, unknown> };

/** A log event as the table reads it: by type name, so events still to be built can be listed. */
export type LogEvent = { type: string; streamId: string; data: unknown };

type Fields = Record<string, unknown>;
type Mapping = { types: readonly string[]; map: (data: Fields, aggregate: Fields) => WebhookEvent[] };

/** The event's data under one webhook type, the ids of its aggregate last so they always name it. */
const as = (type: string): Mapping => ({ types: [type], map: (data, aggregate) => [{ type, data: { ...data, ...aggregate } }] });

const customerUpdated: Mapping = {
  types: ['customer.updated'],
  map: (data, aggregate) => {
    const customer = (data.customer ?? {}) as Fields;
    return [
      {
        type: 'customer.updated',
        data: { customerId: customer.id, email: customer.email, name: customer.name, phone: customer.phone, ...aggregate },
      },
    ];
  },
};

const both = (...mappings: Mapping[]): Mapping => ({
  types: mappings.flatMap((mapping) => mapping.types),
  map: (data, aggregate) => mappings.flatMap((mapping) => mapping.map(data, aggregate)),
});

const trackingUpdated: Mapping = {
  types: ['shipment.tracking_updated', 'shipment.exception'],
  map: (data, aggregate) => [
    { type: 'shipment.tracking_updated', data: { ...data, ...aggregate } },
    ...(data.status === 'exception' ? [{ type: 'shipment.exception', data: { ...data, ...aggregate } }] : []),
  ],
};

/**
 * The one table from log events to webhook types. Keyed by the log's event
 * type name: an entry for an event no aggregate writes yet (returns,
 * purchase orders) reserves its webhook type and starts delivering the day
 * the event appears. Events not listed here (internal steps such as
 * CustomerNotified or stock reservations) are not sent.
 */
const TABLE: Readonly<Record<string, Mapping>> = {
  OrderPlaced: both(as('order.placed'), customerUpdated),
  OrderValidated: as('order.validated'),
  OrderRejected: as('order.rejected'),
  PaymentAuthorized: as('order.payment_authorized'),
  PaymentFailed: as('order.payment_failed'),
  PaymentCaptured: as('order.payment_captured'),
  PaymentVoided: as('order.payment_voided'),
  InventoryAllocated: as('order.allocated'),
  LinesBackordered: as('order.backordered'),
  OrderHeld: as('order.on_hold'),
  OrderReleased: as('order.released'),
  OrderCancelled: as('order.cancelled'),
  FulfillmentRequested: as('fulfillment.requested'),
  FulfillmentPicked: as('fulfillment.picked'),
  FulfillmentPacked: as('fulfillment.packed'),
  FulfillmentReadyForPickup: as('fulfillment.ready_for_pickup'),
  ShipmentLabelCreated: as('shipment.labelled'),
  FulfillmentShipped: as('shipment.shipped'),
  FulfillmentDelivered: as('shipment.delivered'),
  ShipmentTrackingUpdated: trackingUpdated,
  DeliveryExceptionRecorded: as('shipment.exception'),
  LowStockDetected: as('stock.low'),
  OutOfStock: as('stock.out_of_stock'),
  ReturnAuthorized: as('return.authorized'),
  ReturnReceived: as('return.received'),
  PurchaseOrderCreated: as('purchase_order.created'),
  PurchaseOrderReceived: as('purchase_order.received'),
};

/** Every webhook type a subscription may name, in table order. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [...new Set(Object.values(TABLE).flatMap((mapping) => mapping.types))];

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

const ID_FIELDS = ['orderId', 'fulfillmentId', 'returnId', 'purchaseOrderId', 'sku', 'locationId'] as const;

/** The ids naming the event's aggregate: from its stream where this system knows the stream, else from its data. */
const aggregateOf = (event: LogEvent, data: Fields): Fields => {
  const stream = parseStreamId(event.streamId);
  if (stream?.streamType === 'order') return { orderId: stream.orderId };
  if (stream?.streamType === 'stock') return { sku: stream.sku, locationId: stream.locationId };
  return Object.fromEntries(ID_FIELDS.filter((field) => typeof data[field] === 'string').map((field) => [field, data[field]]));
};

/** The webhook events one log event (read at its current schema version) becomes: none for an event the table does not list. */
export const webhookEventsOf = (event: LogEvent): WebhookEvent[] => {
  const mapping = Object.hasOwn(TABLE, event.type) ? TABLE[event.type] : undefined;
  if (!mapping) return [];
  const data = isRecord(event.data) ? event.data : {};
  return mapping.map(data, aggregateOf(event, data));
};
