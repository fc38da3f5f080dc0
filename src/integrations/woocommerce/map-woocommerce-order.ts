import { toMinorUnits } from '../intake/decimal-money';
import { fullName } from '../intake/payload-fields';
import { storefrontCharges } from '../intake/storefront-totals';
import { StorefrontOrder } from '../intake/storefront-order';
import { WooAddress, WooCommerceOrder } from './woocommerce-order.schema';

/** A line's unit price from its subtotal (before discounts, without tax): WooCommerce sends `price` only as a float. */
const unitPriceOf = (line: { quantity: number; subtotal: string }, currency: string): number =>
  line.quantity > 0 ? Math.floor(toMinorUnits(line.subtotal, currency) / line.quantity) : 0;

/** WooCommerce copies the billing address to shipping unless the customer ships elsewhere; an order with no shipping address uses billing's. */
const shippingAddressOf = (order: WooCommerceOrder): WooAddress | null =>
  order.shipping?.address_1 || order.shipping?.postcode ? order.shipping : (order.billing ?? null);

/**
 * A WooCommerce order in our terms. `total` is what the customer paid; line
 * subtotals are before coupons, so the discount is what takes the lines,
 * shipping and tax (`total_tax`, which WooCommerce keeps apart from the
 * subtotals either way) down to it. A missing SKU or address stays blank for
 * validation to reject.
 */
export const mapWooCommerceOrder = (order: WooCommerceOrder): StorefrontOrder => {
  const { currency } = order;
  const lines = order.line_items.map((line) => ({
    sku: line.sku ?? '',
    // A simple product's line says variation_id 0: no variation.
    variantId: line.variation_id && line.variation_id !== '0' ? line.variation_id : null,
    quantity: line.quantity,
    unitPrice: unitPriceOf(line, currency),
  }));
  const address = shippingAddressOf(order);
  const email = order.billing?.email ?? '';
  // customer_id 0 is a guest checkout.
  const customerId = order.customer_id && order.customer_id !== '0' ? `woocommerce:${order.customer_id}` : email || `woocommerce-guest:${order.id}`;
  return {
    platformOrderId: order.id,
    currency,
    customer: {
      id: customerId,
      email,
      name: fullName(order.billing?.first_name ?? null, order.billing?.last_name ?? null),
      phone: order.billing?.phone ?? address?.phone ?? null,
    },
    lines,
    charges: storefrontCharges(lines, {
      currency,
      shipping: (order.shipping_lines ?? []).map((line) => line.total),
      tax: order.total_tax ?? '0',
      paid: order.total,
    }),
    shippingAddress: {
      name: fullName(address?.first_name ?? null, address?.last_name ?? null),
      line1: address?.address_1 ?? '',
      line2: address?.address_2 ?? null,
      city: address?.city ?? null,
      region: address?.state ?? null,
      postalCode: address?.postcode ?? '',
      country: address?.country ?? '',
    },
    notes: order.customer_note,
  };
};
