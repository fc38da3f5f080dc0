import {
  evolveOrder,
  initialOrderState,
  Order,
  OrderEvent,
  orderEventTime,
  OrderPlaced,
  OrderStatus,
  orderStatus,
  ShipmentLabel,
} from '../../domain/order';
import { ownEntry } from '../../domain/order/own-entry';

export type TimelineEntry = { status: OrderStatus; at: string };

/** What a reader sees of a fulfilment beyond what decisions need: when each step happened, the whole label. */
export type FulfillmentDetails = {
  requestedAt: string;
  /** Pickup orders: when the fulfilment was ready at its store. */
  readyForPickupAt: string | null;
  deliveredAt: string | null;
  label: (ShipmentLabel & { createdAt: string }) | null;
};

type Placed = OrderPlaced['data'];

/**
 * What the order view shows that no decision reads: the order as placed
 * (reference, full customer and address, notes), its status and the timeline
 * of status changes, and when each fulfilment step happened.
 */
export type OrderDetails = Pick<Placed, 'externalRef' | 'customer' | 'shippingAddress' | 'notes'> & {
  /** Always orderStatus(state), kept so the timeline can tell when it changes and lists can filter on it. */
  status: OrderStatus;
  timeline: TimelineEntry[];
  updatedAt: string;
  /** By fulfillmentId, as in the state. */
  fulfillments: Record<string, FulfillmentDetails>;
};

/** An order as the orders read model keeps it: the decision state, folded by the write side's own evolve, and the details. */
export type OrderRecord = { state: Order; details: OrderDetails };

const placedDetails = (d: Placed): OrderDetails => ({
  externalRef: d.externalRef,
  customer: d.customer,
  shippingAddress: d.shippingAddress,
  notes: d.notes,
  status: 'placed',
  timeline: [{ status: 'placed', at: d.placedAt }],
  updatedAt: d.placedAt,
  fulfillments: {},
});

const withFulfillment = (details: OrderDetails, fulfillmentId: string, change: (f: FulfillmentDetails) => FulfillmentDetails): OrderDetails => {
  const f = ownEntry(details.fulfillments, fulfillmentId);
  return f ? { ...details, fulfillments: { ...details.fulfillments, [fulfillmentId]: change(f) } } : details;
};

const fulfillmentDetails = (details: OrderDetails, e: OrderEvent): OrderDetails => {
  switch (e.type) {
    case 'FulfillmentRequested': {
      const requested: FulfillmentDetails = { requestedAt: e.data.requestedAt, readyForPickupAt: null, deliveredAt: null, label: null };
      return { ...details, fulfillments: { ...details.fulfillments, [e.data.fulfillmentId]: requested } };
    }
    case 'FulfillmentReadyForPickup':
      return withFulfillment(details, e.data.fulfillmentId, (f) => ({ ...f, readyForPickupAt: e.data.readyAt }));
    case 'FulfillmentDelivered':
      return withFulfillment(details, e.data.fulfillmentId, (f) => ({ ...f, deliveredAt: e.data.deliveredAt }));
    case 'ShipmentLabelCreated': {
      const { fulfillmentId, carrier, service, trackingNumber, labelUrl, cost, createdAt } = e.data;
      const estimatedDeliveryDate = e.data.estimatedDeliveryDate ?? null;
      return withFulfillment(details, fulfillmentId, (f) => ({ ...f, label: { carrier, service, trackingNumber, labelUrl, cost, estimatedDeliveryDate, createdAt } }));
    }
    default:
      return details;
  }
};

/** Folds one event into the record; appends to the timeline when the derived status changes. Null until the order is placed. */
export const evolveOrderRecord = (record: OrderRecord | null, e: OrderEvent): OrderRecord | null => {
  if (record === null) {
    const state = evolveOrder(initialOrderState(), e);
    return state.exists && e.type === 'OrderPlaced' ? { state, details: placedDetails(e.data) } : null;
  }
  if (e.type === 'OrderPlaced') return record;
  const state = evolveOrder(record.state, e);
  if (!state.exists) return record;
  const at = orderEventTime(e);
  const details = fulfillmentDetails(record.details, e);
  const status = orderStatus(state);
  if (status === details.status) return { state, details: { ...details, updatedAt: at } };
  return { state, details: { ...details, status, updatedAt: at, timeline: [...details.timeline, { status, at }] } };
};

/**
 * The order state a document written before the record split kept: the
 * decision state with every detail inside it (fulfilments with their times and
 * whole label, tracking with its time).
 */
type LegacyOrderState = Omit<Order, 'customer' | 'shippingAddress' | 'fulfillments'> &
  Omit<OrderDetails, 'fulfillments'> & {
    fulfillments: Record<string, Order['fulfillments'][string] & Omit<FulfillmentDetails, 'label'> & { label: FulfillmentDetails['label'] }>;
  };

/** The record a stored document holds, also one an older version wrote (read as if folded today, until `oms replay` rewrites it). */
export const recordOfDocument = (doc: { state: Order; details?: OrderDetails }): OrderRecord => {
  if (doc.details) return { state: doc.state, details: doc.details };
  const legacy = doc.state as LegacyOrderState;
  const fulfillments: Order['fulfillments'] = {};
  const fulfillmentDetails: OrderDetails['fulfillments'] = {};
  for (const [id, f] of Object.entries(legacy.fulfillments)) {
    const { requestedAt, readyForPickupAt, deliveredAt, label, tracking, ...kept } = f;
    fulfillments[id] = { ...kept, label: label && { carrier: label.carrier, trackingNumber: label.trackingNumber }, tracking: tracking && { status: tracking.status, detail: tracking.detail } };
    fulfillmentDetails[id] = { requestedAt, readyForPickupAt: readyForPickupAt ?? null, deliveredAt, label };
  }
  const { externalRef, customer, shippingAddress, notes, status, timeline, updatedAt, ...decided } = legacy;
  return {
    state: {
      ...decided,
      customer: { email: customer.email, name: customer.name, phone: customer.phone, ...(customer.notify ? { notify: customer.notify } : {}) },
      shippingAddress: { line1: shippingAddress.line1, postalCode: shippingAddress.postalCode, country: shippingAddress.country },
      fulfillments,
    },
    details: { externalRef, customer, shippingAddress, notes, status, timeline, updatedAt, fulfillments: fulfillmentDetails },
  };
};
