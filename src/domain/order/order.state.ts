import { hasReached, type FulfillmentStatus } from './fulfillment-status';
import { orderEventTime, type OrderEvent, type OrderPlaced } from './order.events';
import { orderStatus, type OrderStatus } from './order.status';
import type {
  Allocation,
  DeliveryException,
  FulfillmentLine,
  HoldActor,
  OrderLine,
  PaymentDetails,
  RejectionReason,
  ShipmentLabel,
  TrackingStatus,
} from './order.values';
import { ownEntry } from './own-entry';
import { isPaidByChannel, type PaymentStatus } from './payment-status';

export type OrderLineState = OrderLine & {
  /** Units reserved so far, over all locations. */
  allocated: number;
  /** Units reported still waiting for stock by the latest attempt, less what was allocated since. */
  backordered: number;
  /** locationId -> units reserved there. */
  allocations: Record<string, number>;
};

export type FulfillmentState = {
  fulfillmentId: string;
  allocationId: string;
  locationId: string;
  lines: FulfillmentLine[];
  status: FulfillmentStatus;
  label: (ShipmentLabel & { createdAt: string; estimatedDeliveryDate: string | null }) | null;
  tracking: { status: TrackingStatus; detail: string | null; updatedAt: string } | null;
  /** The latest exception the shipment met; it stays on record (the status does not change for it). */
  exception: (DeliveryException & { recordedAt: string }) | null;
  requestedAt: string;
  /** Pickup orders: when the fulfilment was ready at its store. */
  readyForPickupAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
};

/** `captureId` null: nothing was sent to the gateway, as the fulfilment was worth 0 (PaymentCaptureSkipped). */
export type Capture = { fulfillmentId: string; captureId: string | null; amount: number; capturedAt: string };

export type PaymentState = PaymentDetails & {
  status: PaymentStatus;
  authorizationId: string | null;
  authorizedAmount: number;
  capturedAmount: number;
  /** In capture order: the first one carried the shipping cost. */
  capturedFulfillments: Capture[];
  voidedAmount: number;
  failure: { code: string; reason: string } | null;
};

export type OrderValidation = 'pending' | 'validated' | 'rejected';

export type TimelineEntry = { status: OrderStatus; at: string };

type Placed = OrderPlaced['data'];

export type Order = Pick<
  Placed,
  | 'orderId'
  | 'channel'
  | 'externalRef'
  | 'customer'
  | 'currency'
  | 'shippingAddress'
  | 'shippingMethod'
  | 'shippingCost'
  | 'notes'
  | 'placedAt'
> & {
  readonly exists: true;
  /** What a storefront took off the order (line discounts, discount codes), in minor units; 0 otherwise. */
  discount: number;
  /** The tax a storefront charged on top of the prices; 0 otherwise. */
  tax: number;
  lines: OrderLineState[];
  payment: PaymentState;
  validation: OrderValidation;
  rejectionReasons: RejectionReason[];
  onHold: boolean;
  holdReason: string | null;
  /** Who placed the current hold; null when not on hold, or for a hold recorded before holds named their placer. */
  heldBy: HoldActor | null;
  cancelled: boolean;
  cancelReason: string | null;
  /** By fulfillmentId, in request order (F1, F2, ...). */
  fulfillments: Record<string, FulfillmentState>;
  /** Allocation attempts already recorded, so a redelivered one changes nothing. */
  allocationIds: Record<string, true>;
  /** `${notification}:${key}` of every notification sent. */
  notifications: Record<string, true>;
  updatedAt: string;
  /** Always orderStatus(this), kept so the timeline can tell when it changes. */
  status: OrderStatus;
  timeline: TimelineEntry[];
};

export type OrderState = { readonly exists: false } | Order;

export const initialOrderState = (): OrderState => ({ exists: false });

export const notificationKey = (notification: string, key: string): string => `${notification}:${key}`;

const placed = (d: Placed): Order => ({
  exists: true,
  orderId: d.orderId,
  channel: d.channel,
  externalRef: d.externalRef,
  customer: d.customer,
  currency: d.currency,
  lines: d.lines.map((line) => ({ ...line, allocated: 0, backordered: 0, allocations: {} })),
  shippingAddress: d.shippingAddress,
  shippingMethod: d.shippingMethod,
  shippingCost: d.shippingCost,
  discount: d.discount ?? 0,
  tax: d.tax ?? 0,
  // Only the method: an old event's payment token must not reach the state (and the read models folded from it).
  payment: {
    method: d.payment.method,
    status: isPaidByChannel(d.payment) ? 'external' : 'none',
    authorizationId: null,
    authorizedAmount: 0,
    capturedAmount: 0,
    capturedFulfillments: [],
    voidedAmount: 0,
    failure: null,
  },
  notes: d.notes,
  validation: 'pending',
  rejectionReasons: [],
  onHold: false,
  holdReason: null,
  heldBy: null,
  cancelled: false,
  cancelReason: null,
  fulfillments: {},
  allocationIds: {},
  notifications: {},
  placedAt: d.placedAt,
  updatedAt: d.placedAt,
  status: 'placed',
  timeline: [{ status: 'placed', at: d.placedAt }],
});

const allocate = (lines: OrderLineState[], allocations: readonly Allocation[]): OrderLineState[] => {
  const byLine = new Map<string, Allocation[]>();
  for (const a of allocations) {
    const forLine = byLine.get(a.lineId);
    if (forLine) forLine.push(a);
    else byLine.set(a.lineId, [a]);
  }
  return lines.map((line) => {
    const mine = byLine.get(line.lineId);
    if (!mine) return line;
    let { allocated, backordered, allocations: perLocation } = line;
    for (const a of mine) {
      allocated += a.quantity;
      backordered = Math.max(0, backordered - a.quantity);
      perLocation = { ...perLocation, [a.locationId]: (ownEntry(perLocation, a.locationId) ?? 0) + a.quantity };
    }
    return { ...line, allocated, backordered, allocations: perLocation };
  });
};

const backorder = (lines: OrderLineState[], backordered: readonly { lineId: string; quantity: number }[]) => {
  const waiting = new Map(backordered.map((b) => [b.lineId, b.quantity]));
  return lines.map((line) => {
    const quantity = waiting.get(line.lineId);
    return quantity === undefined ? line : { ...line, backordered: quantity };
  });
};

/**
 * What is true once an order is cancelled: its reservations go back (the
 * process manager releases them), nothing waits for stock any more, and no
 * unshipped fulfilment will be worked. The lines each fulfilment held stay on
 * it, so the releases can still name every reservation.
 */
const cancelled = (s: Order): Order => {
  const fulfillments: Record<string, FulfillmentState> = {};
  for (const [id, f] of Object.entries(s.fulfillments)) {
    fulfillments[id] = hasReached(f.status, 'shipped') ? f : { ...f, status: 'cancelled' };
  }
  return {
    ...s,
    cancelled: true,
    lines: s.lines.map((line) => ({ ...line, allocated: 0, backordered: 0, allocations: {} })),
    fulfillments,
  };
};

const withFulfillment = (
  s: Order,
  fulfillmentId: string,
  change: (f: FulfillmentState) => FulfillmentState,
): Order => {
  const f = ownEntry(s.fulfillments, fulfillmentId);
  return f ? { ...s, fulfillments: { ...s.fulfillments, [fulfillmentId]: change(f) } } : s;
};

const apply = (s: Order, e: Exclude<OrderEvent, OrderPlaced>): Order => {
  switch (e.type) {
    case 'OrderValidated':
      return { ...s, validation: 'validated' };
    case 'OrderRejected':
      return { ...s, validation: 'rejected', rejectionReasons: e.data.reasons };
    case 'PaymentAuthorized':
      return {
        ...s,
        payment: {
          ...s.payment,
          status: 'authorized',
          authorizationId: e.data.authorizationId,
          authorizedAmount: e.data.amount,
        },
      };
    case 'PaymentFailed':
      return {
        ...s,
        payment: { ...s.payment, status: 'failed', failure: { code: e.data.code, reason: e.data.reason } },
      };
    case 'InventoryAllocated':
      return {
        ...s,
        lines: allocate(s.lines, e.data.allocations),
        allocationIds: { ...s.allocationIds, [e.data.allocationId]: true },
      };
    case 'LinesBackordered':
      return {
        ...s,
        lines: backorder(s.lines, e.data.lines),
        allocationIds: { ...s.allocationIds, [e.data.allocationId]: true },
      };
    case 'FulfillmentRequested': {
      const { fulfillmentId, allocationId, locationId, lines, requestedAt } = e.data;
      const requested: FulfillmentState = {
        fulfillmentId,
        allocationId,
        locationId,
        lines,
        status: 'requested',
        label: null,
        tracking: null,
        exception: null,
        requestedAt,
        readyForPickupAt: null,
        shippedAt: null,
        deliveredAt: null,
      };
      return { ...s, fulfillments: { ...s.fulfillments, [fulfillmentId]: requested } };
    }
    case 'FulfillmentPicked':
      return withFulfillment(s, e.data.fulfillmentId, (f) => ({ ...f, status: 'picked' }));
    case 'FulfillmentPacked':
      return withFulfillment(s, e.data.fulfillmentId, (f) => ({ ...f, status: 'packed' }));
    case 'FulfillmentReadyForPickup':
      return withFulfillment(s, e.data.fulfillmentId, (f) => ({ ...f, status: 'ready_for_pickup', readyForPickupAt: e.data.readyAt }));
    case 'ShipmentLabelCreated': {
      const { fulfillmentId, carrier, service, trackingNumber, labelUrl, cost, createdAt } = e.data;
      const label = { carrier, service, trackingNumber, labelUrl, cost, createdAt, estimatedDeliveryDate: e.data.estimatedDeliveryDate ?? null };
      return withFulfillment(s, fulfillmentId, (f) => ({ ...f, label }));
    }
    case 'ShipmentTrackingUpdated': {
      const { fulfillmentId, status, detail, updatedAt } = e.data;
      return withFulfillment(s, fulfillmentId, (f) => ({ ...f, tracking: { status, detail, updatedAt } }));
    }
    case 'DeliveryExceptionRecorded': {
      const { fulfillmentId, stage, code, reason, recordedAt } = e.data;
      return withFulfillment(s, fulfillmentId, (f) => ({ ...f, exception: { stage, code, reason, recordedAt } }));
    }
    case 'FulfillmentShipped':
      return withFulfillment(s, e.data.fulfillmentId, (f) => ({
        ...f,
        status: 'shipped',
        shippedAt: e.data.shippedAt,
      }));
    case 'FulfillmentDelivered':
      return withFulfillment(s, e.data.fulfillmentId, (f) => ({
        ...f,
        status: 'delivered',
        deliveredAt: e.data.deliveredAt,
      }));
    case 'PaymentCaptured': {
      const { fulfillmentId, captureId, amount, capturedAt } = e.data;
      const capturedAmount = s.payment.capturedAmount + amount;
      return {
        ...s,
        payment: {
          ...s.payment,
          status: capturedAmount >= s.payment.authorizedAmount ? 'captured' : 'partially_captured',
          capturedAmount,
          capturedFulfillments: [...s.payment.capturedFulfillments, { fulfillmentId, captureId, amount, capturedAt }],
        },
      };
    }
    case 'PaymentCaptureSkipped': {
      const { fulfillmentId, skippedAt } = e.data;
      const skipped: Capture = { fulfillmentId, captureId: null, amount: 0, capturedAt: skippedAt };
      return { ...s, payment: { ...s.payment, capturedFulfillments: [...s.payment.capturedFulfillments, skipped] } };
    }
    case 'OrderHeld':
      return { ...s, onHold: true, holdReason: e.data.reason, heldBy: { by: e.data.by, channel: e.data.channel } };
    case 'OrderReleased':
      return { ...s, onHold: false, holdReason: null, heldBy: null };
    case 'OrderCancelled':
      return { ...cancelled(s), cancelReason: e.data.reason };
    case 'PaymentVoided':
      return { ...s, payment: { ...s.payment, status: 'voided', voidedAmount: e.data.amount } };
    case 'CustomerNotified':
      return {
        ...s,
        notifications: { ...s.notifications, [notificationKey(e.data.notification, e.data.key)]: true },
      };
  }
};

/** Folds one event; appends to the timeline when the derived status changes. */
export const evolve = (s: OrderState, e: OrderEvent): OrderState => {
  if (e.type === 'OrderPlaced') return s.exists ? s : placed(e.data);
  if (!s.exists) return s; // nothing to change before the order is placed
  const at = orderEventTime(e);
  const next = apply(s, e);
  const status = orderStatus(next);
  if (status === s.status) return { ...next, updatedAt: at };
  return { ...next, status, updatedAt: at, timeline: [...next.timeline, { status, at }] };
};
