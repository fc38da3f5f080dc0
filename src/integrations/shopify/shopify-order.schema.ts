import { z } from 'zod';
import { DecimalString, OptionalText, PlatformId } from '../intake/payload-fields';

/*
 * The fields of Shopify's Order resource (REST Admin API, as the orders/create
 * and orders/cancelled webhooks send it) that an OMS order is made of. Every
 * other field is let through unread.
 */

const ShopifyAddress = z.looseObject({
  name: OptionalText,
  first_name: OptionalText,
  last_name: OptionalText,
  address1: OptionalText,
  address2: OptionalText,
  city: OptionalText,
  province: OptionalText,
  province_code: OptionalText,
  zip: OptionalText,
  country_code: OptionalText,
  phone: OptionalText,
});

export const ShopifyOrder = z.looseObject({
  id: PlatformId,
  email: OptionalText,
  contact_email: OptionalText,
  phone: OptionalText,
  currency: z.string().regex(/^[A-Z]{3}$/),
  total_price: DecimalString,
  total_tax: DecimalString.nullish(),
  taxes_included: z.boolean().nullish(),
  note: OptionalText,
  cancelled_at: z.string().nullish(),
  cancel_reason: OptionalText,
  customer: z.looseObject({ id: PlatformId.nullish(), email: OptionalText, first_name: OptionalText, last_name: OptionalText, phone: OptionalText }).nullish(),
  line_items: z
    .array(z.looseObject({ sku: OptionalText, variant_id: PlatformId.nullish(), quantity: z.number().int(), price: DecimalString }))
    .min(1),
  shipping_lines: z.array(z.looseObject({ price: DecimalString })).nullish(),
  shipping_address: ShopifyAddress.nullish(),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrder>;
