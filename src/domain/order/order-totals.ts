import type { Order } from './order.state';
import { UnknownFulfillment } from './order.errors';
import { ownEntry } from './own-entry';

type Priced = { readonly quantity: number; readonly unitPrice: number };

export type OrderTotals = { items: number; discount: number; shipping: number; tax: number; grand: number };

export const itemsTotal = (lines: readonly Priced[]): number =>
  lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);

/** `discount` and `tax` are a storefront's (absent: 0), so `grand` is what its customer paid. */
export const orderTotals = (order: {
  readonly lines: readonly Priced[];
  readonly shippingCost: number;
  readonly discount?: number | undefined;
  readonly tax?: number | undefined;
}): OrderTotals => {
  const items = itemsTotal(order.lines);
  const discount = order.discount ?? 0;
  const tax = order.tax ?? 0;
  return { items, discount, shipping: order.shippingCost, tax, grand: items - discount + order.shippingCost + tax };
};

/**
 * What to capture when a fulfillment ships: the value of its lines, plus the
 * shipping cost if it is the first fulfillment captured (or nothing has been
 * captured yet). Asking again after the capture gives the same answer.
 */
export const captureAmountFor = (
  order: Pick<Order, 'lines' | 'shippingCost' | 'fulfillments' | 'payment'>,
  fulfillmentId: string,
): number => {
  const fulfillment = ownEntry(order.fulfillments, fulfillmentId);
  if (!fulfillment) throw new UnknownFulfillment(fulfillmentId, Object.keys(order.fulfillments));
  const unitPrices = new Map(order.lines.map((line) => [line.lineId, line.unitPrice]));
  const value = fulfillment.lines.reduce((sum, l) => sum + l.quantity * (unitPrices.get(l.lineId) ?? 0), 0);
  const first = order.payment.capturedFulfillments[0];
  const carriesShipping = first === undefined || first.fulfillmentId === fulfillmentId;
  return value + (carriesShipping ? order.shippingCost : 0);
};
