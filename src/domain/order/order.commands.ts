import { z } from 'zod';
import { MinorUnits, Timestamp } from '../kernel/value-objects';
import { OrderPlaced } from './order.events';
import {
  Allocation,
  AllocationDecision,
  Bin,
  DeliveryException,
  FulfillmentId,
  HoldActor,
  MAX_ORDER_LINES,
  Notification,
  OrderLine,
  ShipmentLabel,
  TrackingStatus,
} from './order.values';

const at = Timestamp;

/** Everything OrderPlaced records, except the line ids the decider assigns and the time. */
export const PlaceOrder = z.object({
  type: z.literal('PlaceOrder'),
  data: OrderPlaced.shape.data.omit({ lines: true, placedAt: true }).extend({
    lines: z.array(OrderLine.omit({ lineId: true })).min(1).max(MAX_ORDER_LINES),
    at,
  }),
});

/** A product as the catalog knows it; SKUs missing from the catalog record are unknown. */
export const CatalogEntry = z.object({ active: z.boolean(), currency: z.string(), unitPrice: z.number().int() });
export type CatalogEntry = z.infer<typeof CatalogEntry>;
export const Catalog = z.record(z.string(), CatalogEntry);
export type Catalog = z.infer<typeof Catalog>;

export const ValidateOrder = z.object({
  type: z.literal('ValidateOrder'),
  data: z.object({ catalog: Catalog, at }),
});

export const RecordPaymentAuthorized = z.object({
  type: z.literal('RecordPaymentAuthorized'),
  data: z.object({ authorizationId: z.string().min(1), amount: MinorUnits, at }),
});

export const RecordPaymentFailed = z.object({
  type: z.literal('RecordPaymentFailed'),
  data: z.object({ code: z.string(), reason: z.string(), at }),
});

export const RecordAllocation = z.object({
  type: z.literal('RecordAllocation'),
  data: z.object({
    allocationId: z.string().min(1),
    allocations: z.array(Allocation.extend({ bin: Bin })),
    decision: AllocationDecision,
    at,
  }),
});

const fulfillmentStep = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), data: z.object({ fulfillmentId: FulfillmentId, at }) });

export const MarkFulfillmentPicked = fulfillmentStep('MarkFulfillmentPicked');
export const MarkFulfillmentPacked = fulfillmentStep('MarkFulfillmentPacked');
export const MarkFulfillmentShipped = fulfillmentStep('MarkFulfillmentShipped');
export const MarkFulfillmentDelivered = fulfillmentStep('MarkFulfillmentDelivered');
export const MarkReadyForPickup = fulfillmentStep('MarkReadyForPickup');

export const RecordShipmentLabel = z.object({
  type: z.literal('RecordShipmentLabel'),
  data: ShipmentLabel.extend({ fulfillmentId: FulfillmentId, at }),
});

export const RecordTrackingUpdate = z.object({
  type: z.literal('RecordTrackingUpdate'),
  data: z.object({ fulfillmentId: FulfillmentId, status: TrackingStatus, detail: z.string().nullable(), at }),
});

export const RecordDeliveryException = z.object({
  type: z.literal('RecordDeliveryException'),
  data: DeliveryException.extend({ fulfillmentId: FulfillmentId, at }),
});

export const RecordPaymentCaptured = z.object({
  type: z.literal('RecordPaymentCaptured'),
  data: z.object({ fulfillmentId: FulfillmentId, captureId: z.string().min(1), amount: MinorUnits, at }),
});

/** Records that a fulfilment worth 0 needs no capture. */
export const RecordPaymentCaptureSkipped = z.object({
  type: z.literal('RecordPaymentCaptureSkipped'),
  data: z.object({ fulfillmentId: FulfillmentId, at }),
});

export const HoldOrder = z.object({
  type: z.literal('HoldOrder'),
  data: HoldActor.extend({ reason: z.string(), at }),
});

export const ReleaseOrder = z.object({
  type: z.literal('ReleaseOrder'),
  data: HoldActor.extend({ at }),
});

export const CancelOrder = z.object({
  type: z.literal('CancelOrder'),
  data: z.object({ reason: z.string(), at }),
});

export const RecordPaymentVoided = z.object({
  type: z.literal('RecordPaymentVoided'),
  data: z.object({ authorizationId: z.string().min(1), amount: MinorUnits, at }),
});

export const RecordCustomerNotified = z.object({
  type: z.literal('RecordCustomerNotified'),
  data: z.object({
    notification: Notification,
    key: z.string().min(1),
    recipient: z.string(),
    messageId: z.string().min(1),
    at,
  }),
});

export const OrderCommand = z.discriminatedUnion('type', [
  PlaceOrder,
  ValidateOrder,
  RecordPaymentAuthorized,
  RecordPaymentFailed,
  RecordAllocation,
  MarkFulfillmentPicked,
  MarkFulfillmentPacked,
  MarkReadyForPickup,
  RecordShipmentLabel,
  RecordTrackingUpdate,
  RecordDeliveryException,
  MarkFulfillmentShipped,
  RecordPaymentCaptured,
  RecordPaymentCaptureSkipped,
  MarkFulfillmentDelivered,
  HoldOrder,
  ReleaseOrder,
  CancelOrder,
  RecordPaymentVoided,
  RecordCustomerNotified,
]);

export type PlaceOrder = z.infer<typeof PlaceOrder>;
export type ValidateOrder = z.infer<typeof ValidateOrder>;
export type RecordPaymentAuthorized = z.infer<typeof RecordPaymentAuthorized>;
export type RecordPaymentFailed = z.infer<typeof RecordPaymentFailed>;
export type RecordAllocation = z.infer<typeof RecordAllocation>;
export type MarkFulfillmentPicked = z.infer<typeof MarkFulfillmentPicked>;
export type MarkFulfillmentPacked = z.infer<typeof MarkFulfillmentPacked>;
export type MarkReadyForPickup = z.infer<typeof MarkReadyForPickup>;
export type RecordShipmentLabel = z.infer<typeof RecordShipmentLabel>;
export type RecordTrackingUpdate = z.infer<typeof RecordTrackingUpdate>;
export type RecordDeliveryException = z.infer<typeof RecordDeliveryException>;
export type MarkFulfillmentShipped = z.infer<typeof MarkFulfillmentShipped>;
export type RecordPaymentCaptured = z.infer<typeof RecordPaymentCaptured>;
export type RecordPaymentCaptureSkipped = z.infer<typeof RecordPaymentCaptureSkipped>;
export type MarkFulfillmentDelivered = z.infer<typeof MarkFulfillmentDelivered>;
export type HoldOrder = z.infer<typeof HoldOrder>;
export type ReleaseOrder = z.infer<typeof ReleaseOrder>;
export type CancelOrder = z.infer<typeof CancelOrder>;
export type RecordPaymentVoided = z.infer<typeof RecordPaymentVoided>;
export type RecordCustomerNotified = z.infer<typeof RecordCustomerNotified>;
export type OrderCommand = z.infer<typeof OrderCommand>;
export type OrderCommandType = OrderCommand['type'];
