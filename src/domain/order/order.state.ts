import { hasReached, type FulfillmentStatus } from './fulfillment-status';
import type { OrderEvent, OrderPlaced } from './order.events';
import type {
  Allocation,
  DeliveryException,
  Customer,
  FulfillmentLine,
  HoldActor,
  OrderLine,
  PaymentDetails,
  RejectionReason,
  ShipmentLabel,
  ShippingAddress,
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

/**
 * What the decider, the guards and the workflow need of a fulfilment. When it
 * was requested, readied or delivered, and the rest of its label, are the
 * order view's (see the orders projection).
 */
export type FulfillmentState = {
  fulfillmentId: string;
  allocationId: string;
  locationId: string;
  lines: FulfillmentLine[];
  status: FulfillmentStatus;
  /** What the shipment notification names; null until the label is created. */
  label: Pick<ShipmentLabel, 'carrier' | 'trackingNumber'> | null;
  /** The carrier's latest report, so a report said again (or an older one) changes nothing. */
  tracking: { status: TrackingStatus; detail: string | null } | null;
  /** The latest exception the shipment met: no label is asked for again after a label exception, and the customer is told once. */
  exception: (DeliveryException & { recordedAt: string }) | null;
  /** The process manager gives back the units of what has not shipped. */
  shippedAt: string | null;
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

type Placed = OrderPlaced['data'];

/**
 * An order as its decisions see it: what the decider, the guards, nextSteps
 * and the workflow jobs read. What only a reader wants (the full address, the
 * notes, the timeline, when each step happened) is kept by the order view the
 * orders projection folds; a job that needs the full address reads it from the
 * order's OrderPlaced event.
 */
export type Order = Pick<Placed, 'orderId' | 'channel' | 'currency' | 'shippingMethod' | 'shippingCost' | 'placedAt'> & {
  readonly exists: true;
  /** What a storefront took off the order (line discounts, discount codes), in minor units; 0 otherwise. */
  discount: number;
  /** The tax a storefront charged on top of the prices; 0 otherwise. */
  tax: number;
  /** Validation checks the email; notifications address the customer by it and by name, and text the phone when asked to. */
  customer: Pick<Customer, 'email' | 'name' | 'phone' | 'notify'>;
  /** Validation checks these; allocation ships from the location nearest to them. */
  shippingAddress: Pick<ShippingAddress, 'line1' | 'postalCode' | 'country'>;
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
};

export type OrderState = { readonly exists: false } | Order;

export const initialOrderState = (): OrderState => ({ exists: false });

export const notificationKey = (notification: string, key: string): string => `${notification}:${key}`;

const placed = (d: Placed): Order => ({
  exists: true,
  orderId: d.orderId,
  channel: d.channel,
  customer: { email: d.customer.email, name: d.customer.name, phone: d.customer.phone, ...(d.customer.notify ? { notify: d.customer.notify } : {}) },
  currency: d.currency,
  lines: d.lines.map((line) => ({ ...line, allocated: 0, backordered: 0, allocations: {} })),
  shippingAddress: { line1: d.shippingAddress.line1, postalCode: d.shippingAddress.postalCode, country: d.shippingAddress.country },
  shippingMethod: d.shippingMethod,
  shippingCost: d.shippingCost,
  discount: d.discount ?? 0,
  tax: d.tax ?? 0,
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
      const { fulfillmentId, allocationId, locationId, lines } = e.data;
      const requested: FulfillmentState = { fulfillmentId, allocationId, locationId, lines, status: 'requested', label: null, tracking: null, exception: null, shippedAt: null };
      return { ...s, fulfillments: { ...s.fulfillments, [fulfillmentId]: requested } };
    }
    case 'FulfillmentPicked':
      return withFulfillment(s, e.data.fulfillmentId, (f) => ({ ...f, status: 'picked' }));
    case 'FulfillmentPacked':
      return withFulfillment(s, e.data.fulfillmentId, (f) => ({ ...f, status: 'packed' }));
    case 'FulfillmentReadyForPickup':
      return withFulfillment(s, e.data.fulfillmentId, (f) => ({ ...f, status: 'ready_for_pickup' }));
    case 'ShipmentLabelCreated': {
      const { fulfillmentId, carrier, trackingNumber } = e.data;
      return withFulfillment(s, fulfillmentId, (f) => ({ ...f, label: { carrier, trackingNumber } }));
    }
    case 'ShipmentTrackingUpdated': {
      const { fulfillmentId, status, detail } = e.data;
      return withFulfillment(s, fulfillmentId, (f) => ({ ...f, tracking: { status, detail } }));
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
      return withFulfillment(s, e.data.fulfillmentId, (f) => ({ ...f, status: 'delivered' }));
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

/** Folds one event. */
export const evolve = (s: OrderState, e: OrderEvent): OrderState => {
  if (e.type === 'OrderPlaced') return s.exists ? s : placed(e.data);
  if (!s.exists) return s; // nothing to change before the order is placed
  return apply(s, e);
};
