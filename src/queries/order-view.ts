import { FulfillmentState, orderTotals } from '../domain/order';
import { FulfillmentDetails, OrderRecord } from '../projections/read-models/order-record';

/** The order as GET /orders/{id} shows it (the payment token never leaves the write side). */
export const toOrderView = ({ state: order, details }: OrderRecord, revision: number) => ({
  orderId: order.orderId,
  status: details.status,
  onHold: order.onHold,
  holdReason: order.holdReason,
  channel: order.channel,
  externalRef: details.externalRef,
  customer: details.customer,
  currency: order.currency,
  lines: order.lines.map((line) => ({
    lineId: line.lineId,
    sku: line.sku,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    allocated: Object.entries(line.allocations).map(([locationId, quantity]) => ({ locationId, quantity })),
    backordered: line.backordered,
  })),
  totals: orderTotals(order),
  shippingAddress: details.shippingAddress,
  shippingMethod: order.shippingMethod,
  fulfillments: Object.values(order.fulfillments).map((f) => {
    const { requestedAt, readyForPickupAt, deliveredAt, label } = details.fulfillments[f.fulfillmentId]!;
    return {
      fulfillmentId: f.fulfillmentId,
      locationId: f.locationId,
      status: f.status,
      lines: f.lines,
      shipment: shipmentOf(f, label),
      estimatedDeliveryDate: label?.estimatedDeliveryDate ?? null,
      exception: f.exception ?? null,
      requestedAt,
      readyForPickupAt,
      shippedAt: f.shippedAt,
      deliveredAt,
    };
  }),
  payment: {
    method: order.payment.method,
    status: order.payment.status,
    authorizedAmount: order.payment.authorizedAmount,
    capturedAmount: order.payment.capturedAmount,
    voidedAmount: order.payment.voidedAmount,
    failure: order.payment.failure,
  },
  rejectionReasons: order.rejectionReasons,
  cancelReason: order.cancelReason,
  notes: details.notes,
  timeline: details.timeline,
  placedAt: order.placedAt,
  updatedAt: details.updatedAt,
  revision,
});
export type OrderView = ReturnType<typeof toOrderView>;

const shipmentOf = (f: FulfillmentState, label: FulfillmentDetails['label']) => {
  if (!label) return null;
  const { carrier, service, trackingNumber, labelUrl, cost, estimatedDeliveryDate } = label;
  const status = f.status === 'delivered' ? 'delivered' : (f.tracking?.status ?? (f.status === 'shipped' ? 'shipped' : 'label_created'));
  return { carrier, service, trackingNumber, labelUrl, cost, estimatedDeliveryDate: estimatedDeliveryDate ?? null, status };
};
