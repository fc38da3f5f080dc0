import { FulfillmentState, Order, orderTotals } from '../domain/order';

/** The order as GET /orders/{id} shows it (the payment token never leaves the write side). */
export const toOrderView = (order: Order, revision: number) => ({
  orderId: order.orderId,
  status: order.status,
  onHold: order.onHold,
  holdReason: order.holdReason,
  channel: order.channel,
  externalRef: order.externalRef,
  customer: order.customer,
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
  shippingAddress: order.shippingAddress,
  shippingMethod: order.shippingMethod,
  fulfillments: Object.values(order.fulfillments).map((f) => ({
    fulfillmentId: f.fulfillmentId,
    locationId: f.locationId,
    status: f.status,
    lines: f.lines,
    shipment: shipmentOf(f),
    estimatedDeliveryDate: f.label?.estimatedDeliveryDate ?? null,
    exception: f.exception ?? null,
    requestedAt: f.requestedAt,
    readyForPickupAt: f.readyForPickupAt ?? null,
    shippedAt: f.shippedAt,
    deliveredAt: f.deliveredAt,
  })),
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
  notes: order.notes,
  timeline: order.timeline,
  placedAt: order.placedAt,
  updatedAt: order.updatedAt,
  revision,
});
export type OrderView = ReturnType<typeof toOrderView>;

const shipmentOf = (f: FulfillmentState) => {
  if (!f.label) return null;
  const { carrier, service, trackingNumber, labelUrl, estimatedDeliveryDate } = f.label;
  const status = f.status === 'delivered' ? 'delivered' : (f.tracking?.status ?? (f.status === 'shipped' ? 'shipped' : 'label_created'));
  return { carrier, service, trackingNumber, labelUrl, cost: f.label.cost, estimatedDeliveryDate: estimatedDeliveryDate ?? null, status };
};
