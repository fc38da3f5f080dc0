import { z } from 'zod';
import { LocationId, MinorUnits, Quantity, Sku } from '../kernel/value-objects';

export const MAX_ORDER_LINES = 500;

/** Assigned by the decider in line order: L1, L2, ... */
export const LineId = z.string().regex(/^L[1-9][0-9]*$/, 'must be L1, L2, ...');
export type LineId = z.infer<typeof LineId>;

/** Assigned by the decider, sequential within the order: F1, F2, ... */
export const FulfillmentId = z.string().regex(/^F[1-9][0-9]*$/, 'must be F1, F2, ...');
export type FulfillmentId = z.infer<typeof FulfillmentId>;

/** How the customer wants to hear about the order: email when not said. */
export const NotifyBy = z.enum(['email', 'sms', 'both']);
export type NotifyBy = z.infer<typeof NotifyBy>;

/*
 * What the client sent is recorded as sent: validation is a separate step that
 * must be able to reject it with reasons, so email, country, address lines, SKU
 * and quantity are plain here and checked in order-validation.ts.
 */
export const Customer = z.object({
  id: z.string().min(1),
  email: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  notify: NotifyBy.optional(),
});
export type Customer = z.infer<typeof Customer>;

export const ShippingAddress = z.object({
  name: z.string().nullable(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string(),
  country: z.string(),
});
export type ShippingAddress = z.infer<typeof ShippingAddress>;

/**
 * How the customer pays, as the log keeps it: the method only. The card token
 * never enters an event (it waits in the payment secret store until the
 * authorization has used it); OrderPlaced events written before that rule
 * (version 1) may still carry `token`, which the upcaster leaves out on read.
 */
export const PaymentDetails = z.object({ method: z.string() });
export type PaymentDetails = z.infer<typeof PaymentDetails>;

export const OrderLine = z.object({
  lineId: LineId,
  sku: z.string(),
  quantity: z.number(),
  unitPrice: MinorUnits,
});
export type OrderLine = z.infer<typeof OrderLine>;

export const RejectionReason = z.object({
  code: z.string().min(1),
  message: z.string(),
  path: z.string().nullable(),
});
export type RejectionReason = z.infer<typeof RejectionReason>;

/** Why the stock went where it went: the strategy, its verdict, and every location it ranked. */
export const AllocationDecision = z.object({
  strategy: z.string(),
  reason: z.string(),
  candidates: z.array(
    z.object({
      locationId: LocationId,
      rank: z.number().int(),
      atp: z.record(z.string(), z.number().int()),
      note: z.string().nullable(),
    }),
  ),
});
export type AllocationDecision = z.infer<typeof AllocationDecision>;

export const Allocation = z.object({ lineId: LineId, sku: Sku, locationId: LocationId, quantity: Quantity });
export type Allocation = z.infer<typeof Allocation>;

export const Bin = z.string().nullable();

export const FulfillmentLine = z.object({ lineId: LineId, sku: Sku, quantity: Quantity, bin: Bin });
export type FulfillmentLine = z.infer<typeof FulfillmentLine>;

export const ShipmentLabel = z.object({
  carrier: z.string().min(1),
  service: z.string(),
  trackingNumber: z.string().min(1),
  labelUrl: z.string(),
  cost: MinorUnits,
  /** YYYY-MM-DD, when the carrier gave one (labels bought before carriers said are without). */
  estimatedDeliveryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
});
export type ShipmentLabel = z.infer<typeof ShipmentLabel>;

export const TrackingStatus = z.enum(['in_transit', 'out_for_delivery', 'exception']);
export type TrackingStatus = z.infer<typeof TrackingStatus>;

/**
 * Where a shipment went wrong: no label could be bought (the carrier refused
 * the address), or the carrier could not deliver (returned to sender, lost).
 */
export const DeliveryExceptionStage = z.enum(['label', 'delivery']);
export type DeliveryExceptionStage = z.infer<typeof DeliveryExceptionStage>;

export const DeliveryException = z.object({
  stage: DeliveryExceptionStage,
  /** Stable: the carrier error code or tracking status, e.g. CARRIER.ADDRESS_REJECTED, return_to_sender. */
  code: z.string().min(1),
  reason: z.string(),
});
export type DeliveryException = z.infer<typeof DeliveryException>;

export const Notification = z.enum([
  'confirmation',
  'rejected',
  'payment_failed',
  'backordered',
  'shipped',
  'ready_for_pickup',
  'delivered',
  'cancelled',
  'delivery_exception',
]);
export type Notification = z.infer<typeof Notification>;

/**
 * Who holds or releases an order: an admin, fraud screening, or a client key
 * with the channel it is bound to (null for a key bound to none).
 */
export const HoldActor = z.object({ by: z.enum(['admin', 'fraud', 'client']), channel: z.string().nullable() });
export type HoldActor = z.infer<typeof HoldActor>;
