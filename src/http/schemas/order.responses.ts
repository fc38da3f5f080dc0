import { z } from 'zod';
import { FulfillmentStatus, NotifyBy, OrderStatus, ShippingAddress } from '../../domain/order';

/*
 * What the order reads answer, for the OpenAPI document. Loose objects: the
 * order grows fields as the workflow does, and a client must ignore the ones
 * it does not know.
 */

const Instant = z.string().meta({ format: 'date-time' });

const Address = ShippingAddress;

const OrderLineView = z
  .object({
    lineId: z.string(),
    sku: z.string(),
    quantity: z.number().int(),
    unitPrice: z.number().int().meta({ description: 'Minor units (cents) of the order currency' }),
    allocated: z.array(z.object({ locationId: z.string(), quantity: z.number().int() })),
    backordered: z.number().int(),
  })
  .loose();

const Shipment = z
  .object({
    carrier: z.string(),
    service: z.string(),
    trackingNumber: z.string(),
    labelUrl: z.string(),
    cost: z.number().int(),
    estimatedDeliveryDate: z.string().meta({ format: 'date', description: 'When the carrier expects to deliver, if it said' }).nullable(),
    status: z.string().meta({ description: 'label_created, shipped, in_transit, out_for_delivery, exception or delivered' }),
  })
  .loose();

const DeliveryExceptionView = z
  .object({
    stage: z.enum(['label', 'delivery']).meta({ description: 'label: no label could be bought; delivery: the carrier could not deliver' }),
    code: z.string().meta({ description: 'e.g. CARRIER.ADDRESS_REJECTED, return_to_sender, failure' }),
    reason: z.string(),
    recordedAt: Instant,
  })
  .meta({ description: 'The latest exception the shipment met; the fulfilment status does not change for it.' });

const FulfillmentView = z
  .object({
    fulfillmentId: z.string(),
    locationId: z.string(),
    status: FulfillmentStatus,
    lines: z.array(z.object({ lineId: z.string(), sku: z.string(), quantity: z.number().int(), bin: z.string().nullable() })),
    shipment: Shipment.nullable(),
    estimatedDeliveryDate: z.string().meta({ format: 'date', description: 'From the label, when the carrier gave one' }).nullable(),
    exception: DeliveryExceptionView.nullable(),
    requestedAt: Instant,
    shippedAt: Instant.nullable(),
    deliveredAt: Instant.nullable(),
  })
  .loose();

const PaymentView = z
  .object({
    method: z.string(),
    status: z.string(),
    authorizedAmount: z.number().int(),
    capturedAmount: z.number().int(),
    voidedAmount: z.number().int(),
    failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
  })
  .loose()
  .meta({ description: 'The payment token never appears here.' });

export const OrderView = z
  .object({
    orderId: z.string(),
    status: OrderStatus,
    onHold: z.boolean(),
    holdReason: z.string().nullable(),
    channel: z.string(),
    externalRef: z.string().nullable(),
    customer: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      notify: NotifyBy.optional().meta({ description: 'How the customer hears about the order; email when absent' }),
    }),
    currency: z.string(),
    lines: z.array(OrderLineView),
    totals: z
      .object({ items: z.number().int(), discount: z.number().int(), shipping: z.number().int(), tax: z.number().int(), grand: z.number().int() })
      .loose(),
    shippingAddress: Address,
    shippingMethod: z.string(),
    fulfillments: z.array(FulfillmentView),
    payment: PaymentView,
    rejectionReasons: z.array(z.object({ code: z.string(), message: z.string(), path: z.string().nullable() })),
    cancelReason: z.string().nullable(),
    notes: z.string().nullable(),
    timeline: z.array(z.object({ status: OrderStatus, at: Instant })),
    placedAt: Instant,
    updatedAt: Instant,
    revision: z.number().int(),
  })
  .loose()
  .meta({ description: 'An order as it is tracked: status, lines with allocations, fulfilments, payment, timeline' });

export const PickListEntry = z.object({
  orderId: z.string(),
  fulfillmentId: z.string(),
  locationId: z.string(),
  status: FulfillmentStatus,
  onHold: z.boolean(),
  lines: z.array(z.object({ lineId: z.string(), sku: z.string(), quantity: z.number().int(), bin: z.string().nullable() })),
  shipTo: z.object({ name: z.string().nullable(), city: z.string().nullable(), postalCode: z.string(), country: z.string() }),
  shippingMethod: z.string(),
  trackingNumber: z.string().nullable(),
  requestedAt: Instant,
});
