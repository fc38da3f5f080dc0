import { StorefrontCharges } from '../../commands/place-order';
import { toMinorUnits } from './decimal-money';

/** A total that the lines, shipping and tax cannot reach by a discount (a tip, a duty, a fee we have no place for). */
export class UnplaceableCharges extends Error {
  constructor(paid: number, charged: number) {
    super(`the customer paid ${paid} but the lines, shipping and tax come to ${charged}: the difference is no discount`);
    this.name = 'UnplaceableCharges';
  }
}

/**
 * What a storefront charged besides the lines, in minor units. The discount is
 * whatever the lines, shipping and tax come to above what the customer paid:
 * line discounts, discount codes and shipping discounts alike, so the order's
 * grand total is exactly the storefront's total.
 */
export const storefrontCharges = (
  lines: readonly { quantity: number; unitPrice: number }[],
  amounts: { currency: string; shipping: readonly string[]; tax: string; paid: string },
): StorefrontCharges => {
  const minor = (amount: string) => toMinorUnits(amount, amounts.currency);
  const items = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  const shipping = amounts.shipping.reduce((sum, amount) => sum + minor(amount), 0);
  const tax = minor(amounts.tax);
  const paid = minor(amounts.paid);
  const discount = items + shipping + tax - paid;
  if (discount < 0 || !Number.isSafeInteger(items + shipping + tax)) throw new UnplaceableCharges(paid, items + shipping + tax);
  return { shipping, discount, tax };
};
