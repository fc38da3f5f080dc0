import { z } from 'zod';
import { DecimalString, OptionalText, PlatformId } from '../intake/payload-fields';

/*
 * The fields of WooCommerce's REST order (wc/v3, as the order.created and
 * order.updated webhooks send it) that an OMS order is made of. Every other
 * field is let through unread.
 */

const WooAddress = z.looseObject({
  first_name: OptionalText,
  last_name: OptionalText,
  address_1: OptionalText,
  address_2: OptionalText,
  city: OptionalText,
  state: OptionalText,
  postcode: OptionalText,
  country: OptionalText,
  email: OptionalText,
  phone: OptionalText,
});
export type WooAddress = z.infer<typeof WooAddress>;

export const WooCommerceOrder = z.looseObject({
  id: PlatformId,
  status: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  total: DecimalString,
  total_tax: DecimalString.nullish(),
  customer_id: PlatformId.nullish(),
  customer_note: OptionalText,
  billing: WooAddress.nullish(),
  shipping: WooAddress.nullish(),
  line_items: z
    .array(z.looseObject({ sku: OptionalText, variation_id: PlatformId.nullish(), quantity: z.number().int(), subtotal: DecimalString }))
    .min(1),
  shipping_lines: z.array(z.looseObject({ total: DecimalString })).nullish(),
});
export type WooCommerceOrder = z.infer<typeof WooCommerceOrder>;
