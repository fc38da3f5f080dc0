import { z } from 'zod';
import { CurrencyCode, LocationId, MinorUnits, OrderId, Quantity, Sku, Timestamp } from '../kernel/value-objects';
import {
  Allocation,
  AllocationDecision,
  Customer,
  DeliveryException,
  FulfillmentId,
  FulfillmentLine,
  HoldActor,
  LineId,
  MAX_ORDER_LINES,
  Notification,
  OrderLine,
  PaymentDetails,
  RejectionReason,
  ShipmentLabel,
  ShippingAddress,
  TrackingStatus,
} from './order.values';

export const OrderPlaced = z.object({
  type: z.literal('OrderPlaced'),
  data: z.object({
    orderId: OrderId,
    channel: z.string().min(1).max(64),
    externalRef: z.string().nullable(),
    customer: Customer,
    currency: CurrencyCode,
    lines: z.array(OrderLine).min(1).max(MAX_ORDER_LINES),
    shippingAddress: ShippingAddress,
    shippingMethod: z.string(),
    shippingCost: MinorUnits,
    /** Only for prices a storefront already charged: its discounts and its tax, so the totals are what the customer paid. */
    discount: MinorUnits.optional(),
    tax: MinorUnits.optional(),
    payment: PaymentDetails,
    notes: z.string().nullable(),
    placedAt: Timestamp,
  }),
});

export const OrderValidated = z.object({
  type: z.literal('OrderValidated'),
  data: z.object({ validatedAt: Timestamp }),
});

export const OrderRejected = z.object({
  type: z.literal('OrderRejected'),
  data: z.object({ reasons: z.array(RejectionReason).min(1), rejectedAt: Timestamp }),
});

export const PaymentAuthorized = z.object({
  type: z.literal('PaymentAuthorized'),
  data: z.object({ authorizationId: z.string().min(1), amount: MinorUnits, authorizedAt: Timestamp }),
});

export const PaymentFailed = z.object({
  type: z.literal('PaymentFailed'),
  data: z.object({ code: z.string(), reason: z.string(), failedAt: Timestamp }),
});

export const InventoryAllocated = z.object({
  type: z.literal('InventoryAllocated'),
  data: z.object({
    allocationId: z.string().min(1),
    allocations: z.array(Allocation).min(1),
    decision: AllocationDecision,
    allocatedAt: Timestamp,
  }),
});

/** `quantity` is what is still unallocated on the line after the attempt (absolute, not a delta). */
export const LinesBackordered = z.object({
  type: z.literal('LinesBackordered'),
  data: z.object({
    allocationId: z.string().min(1),
    lines: z.array(z.object({ lineId: LineId, sku: Sku, quantity: Quantity })).min(1),
    backorderedAt: Timestamp,
  }),
});

export const FulfillmentRequested = z.object({
  type: z.literal('FulfillmentRequested'),
  data: z.object({
    fulfillmentId: FulfillmentId,
    /** The allocation attempt whose reservations this fulfilment ships. */
    allocationId: z.string().min(1),
    locationId: LocationId,
    lines: z.array(FulfillmentLine).min(1),
    requestedAt: Timestamp,
  }),
});

export const FulfillmentPicked = z.object({
  type: z.literal('FulfillmentPicked'),
  data: z.object({ fulfillmentId: FulfillmentId, pickedAt: Timestamp }),
});

export const FulfillmentPacked = z.object({
  type: z.literal('FulfillmentPacked'),
  data: z.object({ fulfillmentId: FulfillmentId, packedAt: Timestamp }),
});

/** A packed pickup fulfilment waits at its store for the customer to collect it. */
export const FulfillmentReadyForPickup = z.object({
  type: z.literal('FulfillmentReadyForPickup'),
  data: z.object({ fulfillmentId: FulfillmentId, readyAt: Timestamp }),
});

export const ShipmentLabelCreated = z.object({
  type: z.literal('ShipmentLabelCreated'),
  data: ShipmentLabel.extend({ fulfillmentId: FulfillmentId, createdAt: Timestamp }),
});

export const ShipmentTrackingUpdated = z.object({
  type: z.literal('ShipmentTrackingUpdated'),
  data: z.object({
    fulfillmentId: FulfillmentId,
    status: TrackingStatus,
    detail: z.string().nullable(),
    updatedAt: Timestamp,
  }),
});

/** The shipment cannot go on as it is: the label could not be bought, or the carrier could not deliver. The status stays. */
export const DeliveryExceptionRecorded = z.object({
  type: z.literal('DeliveryExceptionRecorded'),
  data: DeliveryException.extend({ fulfillmentId: FulfillmentId, recordedAt: Timestamp }),
});

export const FulfillmentShipped = z.object({
  type: z.literal('FulfillmentShipped'),
  data: z.object({ fulfillmentId: FulfillmentId, shippedAt: Timestamp }),
});

export const PaymentCaptured = z.object({
  type: z.literal('PaymentCaptured'),
  data: z.object({
    fulfillmentId: FulfillmentId,
    captureId: z.string().min(1),
    amount: MinorUnits,
    capturedAt: Timestamp,
  }),
});

/** The fulfilment was worth 0: nothing to capture, so the gateway was not called (it refuses a capture of 0). */
export const PaymentCaptureSkipped = z.object({
  type: z.literal('PaymentCaptureSkipped'),
  data: z.object({
    fulfillmentId: FulfillmentId,
    reason: z.literal('zero_amount'),
    skippedAt: Timestamp,
  }),
});

export const FulfillmentDelivered = z.object({
  type: z.literal('FulfillmentDelivered'),
  data: z.object({ fulfillmentId: FulfillmentId, deliveredAt: Timestamp }),
});

/** `by` and `channel` say who placed the hold (holds recorded before they did are read as an admin's: order.upcasters.ts). */
export const OrderHeld = z.object({
  type: z.literal('OrderHeld'),
  data: z.object({ reason: z.string(), heldAt: Timestamp, by: HoldActor.shape.by, channel: HoldActor.shape.channel }),
});

export const OrderReleased = z.object({
  type: z.literal('OrderReleased'),
  data: z.object({ releasedAt: Timestamp }),
});

export const OrderCancelled = z.object({
  type: z.literal('OrderCancelled'),
  data: z.object({ reason: z.string(), cancelledAt: Timestamp }),
});

export const PaymentVoided = z.object({
  type: z.literal('PaymentVoided'),
  data: z.object({ authorizationId: z.string().min(1), amount: MinorUnits, voidedAt: Timestamp }),
});

/** `key` says what the notification is about: a fulfillmentId, an allocationId, or 'order'. */
export const CustomerNotified = z.object({
  type: z.literal('CustomerNotified'),
  data: z.object({
    notification: Notification,
    key: z.string().min(1),
    recipient: z.string(),
    messageId: z.string().min(1),
    notifiedAt: Timestamp,
  }),
});

export const OrderEvent = z.discriminatedUnion('type', [
  OrderPlaced,
  OrderValidated,
  OrderRejected,
  PaymentAuthorized,
  PaymentFailed,
  InventoryAllocated,
  LinesBackordered,
  FulfillmentRequested,
  FulfillmentPicked,
  FulfillmentPacked,
  FulfillmentReadyForPickup,
  ShipmentLabelCreated,
  ShipmentTrackingUpdated,
  DeliveryExceptionRecorded,
  FulfillmentShipped,
  PaymentCaptured,
  PaymentCaptureSkipped,
  FulfillmentDelivered,
  OrderHeld,
  OrderReleased,
  OrderCancelled,
  PaymentVoided,
  CustomerNotified,
]);

export type OrderPlaced = z.infer<typeof OrderPlaced>;
export type OrderValidated = z.infer<typeof OrderValidated>;
export type OrderRejected = z.infer<typeof OrderRejected>;
export type PaymentAuthorized = z.infer<typeof PaymentAuthorized>;
export type PaymentFailed = z.infer<typeof PaymentFailed>;
export type InventoryAllocated = z.infer<typeof InventoryAllocated>;
export type LinesBackordered = z.infer<typeof LinesBackordered>;
export type FulfillmentRequested = z.infer<typeof FulfillmentRequested>;
export type FulfillmentPicked = z.infer<typeof FulfillmentPicked>;
export type FulfillmentPacked = z.infer<typeof FulfillmentPacked>;
export type FulfillmentReadyForPickup = z.infer<typeof FulfillmentReadyForPickup>;
export type ShipmentLabelCreated = z.infer<typeof ShipmentLabelCreated>;
export type ShipmentTrackingUpdated = z.infer<typeof ShipmentTrackingUpdated>;
export type DeliveryExceptionRecorded = z.infer<typeof DeliveryExceptionRecorded>;
export type FulfillmentShipped = z.infer<typeof FulfillmentShipped>;
export type PaymentCaptured = z.infer<typeof PaymentCaptured>;
export type PaymentCaptureSkipped = z.infer<typeof PaymentCaptureSkipped>;
export type FulfillmentDelivered = z.infer<typeof FulfillmentDelivered>;
export type OrderHeld = z.infer<typeof OrderHeld>;
export type OrderReleased = z.infer<typeof OrderReleased>;
export type OrderCancelled = z.infer<typeof OrderCancelled>;
export type PaymentVoided = z.infer<typeof PaymentVoided>;
export type CustomerNotified = z.infer<typeof CustomerNotified>;
export type OrderEvent = z.infer<typeof OrderEvent>;
export type OrderEventType = OrderEvent['type'];

/** When the event happened: every event carries its own `*At` field. */
export const orderEventTime = (e: OrderEvent): string => {
  switch (e.type) {
    case 'OrderPlaced':
      return e.data.placedAt;
    case 'OrderValidated':
      return e.data.validatedAt;
    case 'OrderRejected':
      return e.data.rejectedAt;
    case 'PaymentAuthorized':
      return e.data.authorizedAt;
    case 'PaymentFailed':
      return e.data.failedAt;
    case 'InventoryAllocated':
      return e.data.allocatedAt;
    case 'LinesBackordered':
      return e.data.backorderedAt;
    case 'FulfillmentRequested':
      return e.data.requestedAt;
    case 'FulfillmentPicked':
      return e.data.pickedAt;
    case 'FulfillmentPacked':
      return e.data.packedAt;
    case 'FulfillmentReadyForPickup':
      return e.data.readyAt;
    case 'ShipmentLabelCreated':
      return e.data.createdAt;
    case 'ShipmentTrackingUpdated':
      return e.data.updatedAt;
    case 'DeliveryExceptionRecorded':
      return e.data.recordedAt;
    case 'FulfillmentShipped':
      return e.data.shippedAt;
    case 'PaymentCaptured':
      return e.data.capturedAt;
    case 'PaymentCaptureSkipped':
      return e.data.skippedAt;
    case 'FulfillmentDelivered':
      return e.data.deliveredAt;
    case 'OrderHeld':
      return e.data.heldAt;
    case 'OrderReleased':
      return e.data.releasedAt;
    case 'OrderCancelled':
      return e.data.cancelledAt;
    case 'PaymentVoided':
      return e.data.voidedAt;
    case 'CustomerNotified':
      return e.data.notifiedAt;
  }
};
