import { OrderAmountOutOfRange, OrderTotalTooLarge } from './order.errors';

type Amounts = {
  readonly currency: string;
  readonly lines: readonly { readonly quantity: number; readonly unitPrice: number }[];
  readonly shippingCost: number;
  readonly discount?: number | undefined;
  readonly tax?: number | undefined;
};

const exact = (value: number, path: string): bigint => {
  if (!Number.isSafeInteger(value) || value < 0) throw new OrderAmountOutOfRange(path, value);
  return BigInt(value);
};

/**
 * Refuses an order whose money cannot be kept exact or is more than one order
 * may come to: every quantity and price a non-negative safe integer, the
 * total before any discount (counted exactly, in bigint) at most
 * `maxOrderTotal`, and a discount no larger than that total. The ceiling is at most 2^53 - 1, so every total that passes is a safe integer.
 */
export const assertOrderAmounts = (order: Amounts, maxOrderTotal: number): void => {
  let total = exact(order.shippingCost, 'shippingCost') + exact(order.tax ?? 0, 'tax');
  order.lines.forEach((line, i) => {
    total += exact(line.quantity, `lines[${i}].quantity`) * exact(line.unitPrice, `lines[${i}].unitPrice`);
  });
  // A discount takes off what was charged; more than that would make the customer owed money for buying.
  if (exact(order.discount ?? 0, 'discount') > total) throw new OrderAmountOutOfRange('discount', order.discount ?? 0);
  if (total > BigInt(maxOrderTotal)) throw new OrderTotalTooLarge(total, maxOrderTotal, order.currency);
};
