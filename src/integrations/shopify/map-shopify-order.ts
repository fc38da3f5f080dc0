import { toMinorUnits } from '../intake/decimal-money';
import { fullName } from '../intake/payload-fields';
import { storefrontCharges } from '../intake/storefront-totals';
import { StorefrontOrder } from '../intake/storefront-order';
import { ShopifyOrder } from './shopify-order.schema';

/**
 * A Shopify order in our terms. Prices are the line prices as charged;
 * `total_price` is what the customer paid, and the discount is what takes
 * the lines, shipping and tax down to it (line discounts and discount codes
 * alike). With `taxes_included` the prices hold the tax already, so none is
 * added. A missing SKU or address stays blank for validation to reject.
 */
export const mapShopifyOrder = (order: ShopifyOrder): StorefrontOrder => {
  const { currency } = order;
  const lines = order.line_items.map((line) => ({
    sku: line.sku ?? '',
    variantId: line.variant_id ?? null,
    quantity: line.quantity,
    unitPrice: toMinorUnits(line.price, currency),
  }));
  const address = order.shipping_address ?? null;
  const email = order.email ?? order.contact_email ?? order.customer?.email ?? '';
  return {
    platformOrderId: order.id,
    currency,
    customer: {
      // Namespaced: a Shopify customer id means nothing beside another platform's.
      id: order.customer?.id ? `shopify:${order.customer.id}` : email || `shopify-guest:${order.id}`,
      email,
      name: fullName(order.customer?.first_name ?? null, order.customer?.last_name ?? null) ?? address?.name ?? null,
      phone: order.customer?.phone ?? order.phone ?? address?.phone ?? null,
    },
    lines,
    charges: storefrontCharges(lines, {
      currency,
      shipping: (order.shipping_lines ?? []).map((line) => line.price),
      tax: order.taxes_included ? '0' : (order.total_tax ?? '0'),
      paid: order.total_price,
    }),
    shippingAddress: {
      name: address?.name ?? fullName(address?.first_name ?? null, address?.last_name ?? null),
      line1: address?.address1 ?? '',
      line2: address?.address2 ?? null,
      city: address?.city ?? null,
      region: address?.province_code ?? address?.province ?? null,
      postalCode: address?.zip ?? '',
      country: address?.country_code ?? '',
    },
    notes: order.note,
  };
};
