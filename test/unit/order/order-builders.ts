import {
  orderDecider,
  type AllocationDecision,
  type Catalog,
  type HoldActor,
  type Notification,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  type PlaceOrder,
  type OrderPlaced,
  type RejectionReason,
  type TrackingStatus,
} from '../../../src/domain/order';
import { deciderSpec } from '../../support/decider-spec';

export const given = deciderSpec(orderDecider);

export const ORDER_ID = '3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c3d';

/** Minutes after a fixed instant, so each step of a story has its own time. */
export const t = (minute: number): string => new Date(Date.UTC(2025, 2, 1, 10, minute)).toISOString();

// ---- placing --------------------------------------------------------------

/** Two lines: 2 x SKU-A at 10.00 and 1 x SKU-B at 5.00; items 25.00 + shipping 4.99 = 29.99. */
export const placeOrderData = (overrides: Partial<PlaceOrder['data']> = {}): PlaceOrder['data'] => ({
  orderId: ORDER_ID,
  channel: 'web',
  externalRef: 'WEB-1001',
  customer: { id: 'cust-1', email: 'ada@example.com', name: 'Ada Lovelace', phone: null },
  currency: 'USD',
  lines: [
    { sku: 'SKU-A', quantity: 2, unitPrice: 1000 },
    { sku: 'SKU-B', quantity: 1, unitPrice: 500 },
  ],
  shippingAddress: {
    name: 'Ada Lovelace',
    line1: '12 St James Square',
    line2: null,
    city: 'London',
    region: null,
    postalCode: 'SW1Y 4JH',
    country: 'GB',
  },
  shippingMethod: 'standard',
  shippingCost: 499,
  payment: { method: 'card' },
  notes: null,
  at: t(0),
  ...overrides,
});

export const GRAND_TOTAL = 2999;

export const placeOrder = (overrides: Partial<PlaceOrder['data']> = {}): OrderCommand => ({
  type: 'PlaceOrder',
  data: placeOrderData(overrides),
});

export const orderPlaced = (overrides: Partial<PlaceOrder['data']> = {}): OrderEvent => {
  const { at, lines, ...rest } = placeOrderData(overrides);
  const data: OrderPlaced['data'] = {
    ...rest,
    lines: lines.map((line, i) => ({ lineId: `L${i + 1}`, ...line })),
    placedAt: at,
  };
  return { type: 'OrderPlaced', data };
};

// ---- validation -----------------------------------------------------------

export const catalog = (overrides: Catalog = {}): Catalog => ({
  'SKU-A': { active: true, currency: 'USD', unitPrice: 1000 },
  'SKU-B': { active: true, currency: 'USD', unitPrice: 500 },
  ...overrides,
});

export const validateOrder = (c: Catalog = catalog(), at = t(1)): OrderCommand => ({
  type: 'ValidateOrder',
  data: { catalog: c, at },
});
export const orderValidated = (at = t(1)): OrderEvent => ({ type: 'OrderValidated', data: { validatedAt: at } });
export const orderRejected = (
  reasons: RejectionReason[] = [{ code: 'UNKNOWN_SKU', message: 'SKU SKU-A is not in the catalog', path: 'lines[0].sku' }],
  at = t(1),
): OrderEvent => ({ type: 'OrderRejected', data: { reasons, rejectedAt: at } });

// ---- payment --------------------------------------------------------------

export const recordPaymentAuthorized = (authorizationId = 'auth-1', amount = GRAND_TOTAL, at = t(2)): OrderCommand => ({
  type: 'RecordPaymentAuthorized',
  data: { authorizationId, amount, at },
});
export const paymentAuthorized = (authorizationId = 'auth-1', amount = GRAND_TOTAL, at = t(2)): OrderEvent => ({
  type: 'PaymentAuthorized',
  data: { authorizationId, amount, authorizedAt: at },
});

export const recordPaymentFailed = (code = 'card_declined', reason = 'insufficient funds', at = t(2)): OrderCommand => ({
  type: 'RecordPaymentFailed',
  data: { code, reason, at },
});
export const paymentFailed = (code = 'card_declined', reason = 'insufficient funds', at = t(2)): OrderEvent => ({
  type: 'PaymentFailed',
  data: { code, reason, failedAt: at },
});

export const recordPaymentCaptured = (
  fulfillmentId = 'F1',
  amount = GRAND_TOTAL,
  captureId = `cap-${fulfillmentId}`,
  at = t(40),
): OrderCommand => ({
  type: 'RecordPaymentCaptured',
  data: { fulfillmentId, captureId, amount, at },
});
export const paymentCaptured = (
  fulfillmentId = 'F1',
  amount = GRAND_TOTAL,
  captureId = `cap-${fulfillmentId}`,
  at = t(40),
): OrderEvent => ({
  type: 'PaymentCaptured',
  data: { fulfillmentId, captureId, amount, capturedAt: at },
});

export const recordPaymentCaptureSkipped = (fulfillmentId = 'F1', at = t(40)): OrderCommand => ({
  type: 'RecordPaymentCaptureSkipped',
  data: { fulfillmentId, at },
});
export const paymentCaptureSkipped = (fulfillmentId = 'F1', at = t(40)): OrderEvent => ({
  type: 'PaymentCaptureSkipped',
  data: { fulfillmentId, reason: 'zero_amount', skippedAt: at },
});

export const recordPaymentVoided = (authorizationId = 'auth-1', amount = GRAND_TOTAL, at = t(50)): OrderCommand => ({
  type: 'RecordPaymentVoided',
  data: { authorizationId, amount, at },
});
export const paymentVoided = (authorizationId = 'auth-1', amount = GRAND_TOTAL, at = t(50)): OrderEvent => ({
  type: 'PaymentVoided',
  data: { authorizationId, amount, voidedAt: at },
});

// ---- allocation -----------------------------------------------------------

export const decision: AllocationDecision = {
  strategy: 'priority',
  reason: 'lowest priority location with stock',
  candidates: [{ locationId: 'wh-1', rank: 1, atp: { 'SKU-A': 10, 'SKU-B': 10 }, note: null }],
};

/** One allocation as the process manager reports it: line, SKU, where, how many, from which bin. */
export const alloc = (
  lineId: string,
  sku: string,
  locationId: string,
  quantity: number,
  bin: string | null = null,
) => ({
  lineId,
  sku,
  locationId,
  quantity,
  bin,
});
type Placement = ReturnType<typeof alloc>;

export const recordAllocation = (allocationId: string, allocations: Placement[], when = t(3)): OrderCommand => ({
  type: 'RecordAllocation',
  data: { allocationId, allocations, decision, at: when },
});
export const inventoryAllocated = (allocationId: string, allocations: Placement[], when = t(3)): OrderEvent => ({
  type: 'InventoryAllocated',
  data: {
    allocationId,
    allocations: allocations.map(({ lineId, sku, locationId, quantity }) => ({ lineId, sku, locationId, quantity })),
    decision,
    allocatedAt: when,
  },
});
export const linesBackordered = (
  allocationId: string,
  lines: { lineId: string; sku: string; quantity: number }[],
  when = t(3),
): OrderEvent => ({ type: 'LinesBackordered', data: { allocationId, lines, backorderedAt: when } });

export const fulfillmentRequested = (
  fulfillmentId: string,
  locationId: string,
  placements: Placement[],
  when = t(3),
  allocationId = 'alloc-1',
): OrderEvent => ({
  type: 'FulfillmentRequested',
  data: {
    fulfillmentId,
    allocationId,
    locationId,
    lines: placements.map(({ lineId, sku, quantity, bin }) => ({ lineId, sku, quantity, bin })),
    requestedAt: when,
  },
});

// ---- fulfilment -----------------------------------------------------------

const step = <T extends string>(type: T) => (fulfillmentId = 'F1', when = t(10)) =>
  ({ type, data: { fulfillmentId, at: when } }) as OrderCommand;

export const markPicked = step('MarkFulfillmentPicked');
export const markPacked = step('MarkFulfillmentPacked');
export const markShipped = step('MarkFulfillmentShipped');
export const markDelivered = step('MarkFulfillmentDelivered');
export const markReadyForPickup = step('MarkReadyForPickup');

export const fulfillmentPicked = (fulfillmentId = 'F1', when = t(10)): OrderEvent => ({
  type: 'FulfillmentPicked',
  data: { fulfillmentId, pickedAt: when },
});
export const fulfillmentPacked = (fulfillmentId = 'F1', when = t(10)): OrderEvent => ({
  type: 'FulfillmentPacked',
  data: { fulfillmentId, packedAt: when },
});
export const fulfillmentShipped = (fulfillmentId = 'F1', when = t(10)): OrderEvent => ({
  type: 'FulfillmentShipped',
  data: { fulfillmentId, shippedAt: when },
});
export const fulfillmentReadyForPickup = (fulfillmentId = 'F1', when = t(10)): OrderEvent => ({
  type: 'FulfillmentReadyForPickup',
  data: { fulfillmentId, readyAt: when },
});
export const fulfillmentDelivered = (fulfillmentId = 'F1', when = t(10)): OrderEvent => ({
  type: 'FulfillmentDelivered',
  data: { fulfillmentId, deliveredAt: when },
});

const label = (fulfillmentId: string) => ({
  carrier: 'ups',
  service: 'ground',
  trackingNumber: `1Z-${fulfillmentId}`,
  labelUrl: `https://labels.example.com/${fulfillmentId}.pdf`,
  cost: 850,
  estimatedDeliveryDate: '2025-03-04',
});
export const recordShipmentLabel = (fulfillmentId = 'F1', when = t(20)): OrderCommand => ({
  type: 'RecordShipmentLabel',
  data: { fulfillmentId, ...label(fulfillmentId), at: when },
});
export const shipmentLabelCreated = (fulfillmentId = 'F1', when = t(20)): OrderEvent => ({
  type: 'ShipmentLabelCreated',
  data: { fulfillmentId, ...label(fulfillmentId), createdAt: when },
});

export const recordTrackingUpdate = (
  fulfillmentId = 'F1',
  status: TrackingStatus = 'in_transit',
  detail: string | null = null,
  when = t(30),
): OrderCommand => ({ type: 'RecordTrackingUpdate', data: { fulfillmentId, status, detail, at: when } });
export const shipmentTrackingUpdated = (
  fulfillmentId = 'F1',
  status: TrackingStatus = 'in_transit',
  detail: string | null = null,
  when = t(30),
): OrderEvent => ({ type: 'ShipmentTrackingUpdated', data: { fulfillmentId, status, detail, updatedAt: when } });

export const recordDeliveryException = (
  stage: 'label' | 'delivery',
  code: string,
  reason = 'returned to sender',
  fulfillmentId = 'F1',
  when = t(40),
): OrderCommand => ({ type: 'RecordDeliveryException', data: { fulfillmentId, stage, code, reason, at: when } });
export const deliveryExceptionRecorded = (
  stage: 'label' | 'delivery',
  code: string,
  reason = 'returned to sender',
  fulfillmentId = 'F1',
  when = t(40),
): OrderEvent => ({ type: 'DeliveryExceptionRecorded', data: { fulfillmentId, stage, code, reason, recordedAt: when } });

// ---- hold, cancel, notify -------------------------------------------------

export const ADMIN: HoldActor = { by: 'admin', channel: null };
export const holdOrder = (reason = 'fraud review', when = t(5), by: HoldActor = ADMIN): OrderCommand => ({
  type: 'HoldOrder',
  data: { reason, at: when, ...by },
});
export const orderHeld = (reason = 'fraud review', when = t(5), by: HoldActor = ADMIN): OrderEvent => ({
  type: 'OrderHeld',
  data: { reason, heldAt: when, ...by },
});
export const releaseOrder = (when = t(6), by: HoldActor = ADMIN): OrderCommand => ({ type: 'ReleaseOrder', data: { at: when, ...by } });
export const orderReleased = (when = t(6)): OrderEvent => ({ type: 'OrderReleased', data: { releasedAt: when } });

export const cancelOrder = (reason = 'customer request', when = t(7)): OrderCommand => ({
  type: 'CancelOrder',
  data: { reason, at: when },
});
export const orderCancelled = (reason = 'customer request', when = t(7)): OrderEvent => ({
  type: 'OrderCancelled',
  data: { reason, cancelledAt: when },
});

export const recordCustomerNotified = (
  notification: Notification = 'confirmation',
  key = 'order',
  messageId = `msg-${notification}-${key}`,
  when = t(1),
): OrderCommand => ({
  type: 'RecordCustomerNotified',
  data: { notification, key, recipient: 'ada@example.com', messageId, at: when },
});
export const customerNotified = (
  notification: Notification = 'confirmation',
  key = 'order',
  messageId = `msg-${notification}-${key}`,
  when = t(1),
): OrderEvent => ({
  type: 'CustomerNotified',
  data: { notification, key, recipient: 'ada@example.com', messageId, notifiedAt: when },
});

// ---- histories ------------------------------------------------------------

export const ALL_AT_WH1 = [alloc('L1', 'SKU-A', 'wh-1', 2, 'A-01'), alloc('L2', 'SKU-B', 'wh-1', 1, 'B-07')];

export const placed = (): OrderEvent[] => [orderPlaced()];
export const validated = (): OrderEvent[] => [...placed(), orderValidated()];
export const authorized = (): OrderEvent[] => [...validated(), paymentAuthorized()];
/** Everything reserved at wh-1, one fulfillment F1 requested. */
export const requested = (): OrderEvent[] => [
  ...authorized(),
  inventoryAllocated('alloc-1', ALL_AT_WH1),
  fulfillmentRequested('F1', 'wh-1', ALL_AT_WH1),
];
export const picked = (): OrderEvent[] => [...requested(), fulfillmentPicked('F1')];
export const packed = (): OrderEvent[] => [...picked(), fulfillmentPacked('F1')];
export const labelled = (): OrderEvent[] => [...packed(), shipmentLabelCreated('F1')];
export const shipped = (): OrderEvent[] => [...labelled(), fulfillmentShipped('F1')];
export const delivered = (): OrderEvent[] => [...shipped(), fulfillmentDelivered('F1')];

/** A pickup order, everything reserved at the store store-1, F1 picked and packed there. */
export const AT_STORE = [alloc('L1', 'SKU-A', 'store-1', 2, 'S-01'), alloc('L2', 'SKU-B', 'store-1', 1, null)];
export const pickupPacked = (): OrderEvent[] => [
  orderPlaced({ shippingMethod: 'pickup', shippingCost: 0 }),
  orderValidated(),
  paymentAuthorized(),
  inventoryAllocated('alloc-1', AT_STORE),
  fulfillmentRequested('F1', 'store-1', AT_STORE),
  fulfillmentPicked('F1'),
  fulfillmentPacked('F1'),
];
export const pickupReady = (): OrderEvent[] => [...pickupPacked(), fulfillmentReadyForPickup('F1', t(12))];

/** State after the events. */
export const fold = (events: OrderEvent[]): OrderState =>
  events.reduce(orderDecider.evolve, orderDecider.initialState());

/** The existing order after the events (fails the test when there is none). */
export const orderAfter = (events: OrderEvent[]) => {
  const state = fold(events);
  if (!state.exists) throw new Error('expected the order to exist');
  return state;
};

/** Decides and applies commands one after another, as the command handler would. */
export const run = (commands: OrderCommand[], from: OrderEvent[] = []) => {
  let state = fold(from);
  const events: OrderEvent[] = [];
  for (const command of commands) {
    const decided = orderDecider.decide(command, state);
    events.push(...decided);
    state = decided.reduce(orderDecider.evolve, state);
  }
  return { events, state };
};
