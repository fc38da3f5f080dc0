import { InexactAmount, toMinorUnits } from '../intake/decimal-money';
import { StorefrontOrder } from '../intake/storefront-order';
import { storefrontCharges } from '../intake/storefront-totals';
import { MagentoAddress, MagentoItem, MagentoOrder } from './magento-order';

/** Magento's order state of an order cancelled in its admin or by its payment. */
export const MAGENTO_CANCELLED = 'canceled';

/**
 * A Magento order in our terms. Magento writes money as JSON numbers with at
 * most four decimals; their shortest decimal form (what JSON.stringify gives)
 * is the decimal Magento stored, which becomes minor units exactly; the
 * discount is what takes the lines, shipping and tax down to the grand total
 * the customer paid (coupons, cart rules and shipping discounts alike). Lines are
 * the items that carry a price: a configurable product's simple child
 * repeats its parent's line at price 0, so children are left out.
 */
export function magentoStorefrontOrder(order: MagentoOrder): StorefrontOrder {
  const currency = order.order_currency_code;
  const address = order.extension_attributes?.shipping_assignments?.[0]?.shipping?.address ?? null;
  const name = personName(order.customer_firstname, order.customer_lastname);
  const lines = order.items
    .filter(isPricedLine)
    .map((item) => ({ sku: item.sku, variantId: null, quantity: item.qty_ordered, unitPrice: toMinorUnits(decimalOf(item.price), currency) }));
  return {
    platformOrderId: String(order.entity_id),
    currency,
    customer: {
      id: order.customer_id ? `magento:${order.customer_id}` : `magento:guest:${order.customer_email ?? order.increment_id}`,
      email: order.customer_email ?? '',
      name,
      phone: address?.telephone ?? order.billing_address?.telephone ?? null,
    },
    lines,
    charges: storefrontCharges(lines, {
      currency,
      shipping: [decimalOf(order.shipping_amount)],
      tax: decimalOf(order.tax_amount),
      paid: decimalOf(order.grand_total),
    }),
    shippingAddress: addressOf(address),
    notes: `Magento order #${order.increment_id}`,
  };
}

const isPricedLine = (item: MagentoItem): boolean => item.parent_item_id === null || item.parent_item_id === undefined;

/** Up to four decimals, as Magento stores money; anything finer is not an amount it wrote. */
const decimalOf = (amount: number | null | undefined): string => {
  const text = String(amount ?? 0);
  if (!/^\d+(\.\d{1,4})?$/.test(text)) throw new InexactAmount(text, 'a Magento amount');
  return text;
};

const personName = (first: string | null | undefined, last: string | null | undefined): string | null =>
  [first, last].filter((part) => part && part.trim().length > 0).join(' ') || null;

/** A virtual order has no shipping address: blanks here make validation reject the order with its reason. */
const addressOf = (address: MagentoAddress | null): StorefrontOrder['shippingAddress'] => ({
  name: address ? personName(address.firstname, address.lastname) : null,
  line1: address?.street?.[0] ?? '',
  line2: address?.street?.slice(1).join(', ') || null,
  city: address?.city ?? null,
  region: address?.region_code ?? address?.region ?? null,
  postalCode: address?.postcode ?? '',
  country: address?.country_id ?? '',
});
