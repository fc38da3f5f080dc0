import { z } from 'zod';

/**
 * The parts of a Magento 2 sales order (`Magento\Sales\Api\Data\OrderInterface`
 * as the REST API serialises it) that become an OMS order. Money comes as
 * JSON numbers with up to four decimals; ids as integers; times as
 * `YYYY-MM-DD HH:MM:SS` in UTC.
 */
const Money = z.number().finite();
const MagentoTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

export const MagentoAddress = z.looseObject({
  firstname: z.string().nullish(),
  lastname: z.string().nullish(),
  company: z.string().nullish(),
  street: z.array(z.string()).nullish(),
  city: z.string().nullish(),
  region: z.string().nullish(),
  region_code: z.string().nullish(),
  postcode: z.string().nullish(),
  country_id: z.string().nullish(),
  telephone: z.string().nullish(),
  email: z.string().nullish(),
});
export type MagentoAddress = z.infer<typeof MagentoAddress>;

export const MagentoItem = z.looseObject({
  item_id: z.number().int(),
  sku: z.string(),
  name: z.string().nullish(),
  product_type: z.string().nullish(),
  /** Set on the simple child of a configurable product; the parent line carries the price. */
  parent_item_id: z.number().int().nullish(),
  qty_ordered: z.number(),
  price: Money,
  discount_amount: Money.nullish(),
});
export type MagentoItem = z.infer<typeof MagentoItem>;

export const MagentoOrder = z.looseObject({
  entity_id: z.number().int(),
  increment_id: z.string(),
  state: z.string(),
  status: z.string().nullish(),
  created_at: MagentoTime,
  updated_at: MagentoTime,
  order_currency_code: z.string(),
  grand_total: Money,
  subtotal: Money.nullish(),
  shipping_amount: Money.nullish(),
  discount_amount: Money.nullish(),
  tax_amount: Money.nullish(),
  customer_id: z.number().int().nullish(),
  customer_email: z.string().nullish(),
  customer_firstname: z.string().nullish(),
  customer_lastname: z.string().nullish(),
  items: z.array(MagentoItem),
  billing_address: MagentoAddress.nullish(),
  payment: z.looseObject({ method: z.string().nullish() }).nullish(),
  extension_attributes: z
    .looseObject({
      shipping_assignments: z
        .array(z.looseObject({ shipping: z.looseObject({ address: MagentoAddress.nullish(), method: z.string().nullish() }).nullish() }))
        .nullish(),
    })
    .nullish(),
});
export type MagentoOrder = z.infer<typeof MagentoOrder>;

/** What a pull needs of every order to move on past it, even one it cannot map. */
export const MagentoOrderKey = z.looseObject({ entity_id: z.number().int(), updated_at: MagentoTime });
export type MagentoOrderKey = z.infer<typeof MagentoOrderKey>;

/** The answer to `GET /rest/V1/orders`: `{items, search_criteria, total_count}`. */
export const MagentoOrderPage = z.looseObject({
  items: z.array(MagentoOrderKey).nullish().transform((items) => items ?? []),
  total_count: z.number().int().nullish(),
});

/** A moment as Magento writes times: `YYYY-MM-DD HH:MM:SS`, UTC. */
export const magentoTime = (at: Date): string => at.toISOString().slice(0, 19).replace('T', ' ');
