import { z } from 'zod';
import { CurrencyCode, Sku } from '../kernel/value-objects';
import { ProductId, ProductName } from './product.values';

const unique = (values: readonly string[]) => new Set(values).size === values.length;

export const OptionName = z.string().regex(/\S/, 'must not be blank').max(50);
export const OptionValue = z.string().regex(/\S/, 'must not be blank').max(100);

/** One dimension the variants differ in, e.g. `{name: "Size", values: ["S", "M", "L"]}`. */
export const ProductOption = z.object({
  name: OptionName,
  values: z.array(OptionValue).min(1).max(100).refine(unique, 'must not repeat a value'),
});
export type ProductOption = z.infer<typeof ProductOption>;

export const ProductOptions = z
  .array(ProductOption)
  .min(1)
  .max(5)
  .refine((options) => unique(options.map((option) => option.name)), 'must not repeat an option name');

/** A variant's value for each of its family's options, e.g. `{Size: "M", Colour: "Red"}`. */
export const OptionValues = z.record(OptionName, OptionValue);
export type OptionValues = z.infer<typeof OptionValues>;

/** The storefronts whose variant ids or SKUs can be mapped to ours. */
export const Platform = z.enum(['shopify', 'woocommerce', 'magento']);
export type Platform = z.infer<typeof Platform>;

/**
 * What a storefront calls one of our variants: its variant id (Shopify
 * `variant_id`, WooCommerce `variation_id`, as a decimal string: they exceed
 * 2^53) or its own SKU when that differs from ours.
 */
export const ExternalSku = z.string().regex(/^\S(?:.*\S)?$/, 'must not be blank or start or end with a space').max(255);
export const ExternalSkus = z
  .object({ shopify: ExternalSku.optional(), woocommerce: ExternalSku.optional(), magento: ExternalSku.optional() })
  .strict();
export type ExternalSkus = z.infer<typeof ExternalSkus>;

/** Everything PUT /product-families/{productId} defines. */
export const FamilyDetails = z.object({
  productId: ProductId,
  name: ProductName,
  currency: CurrencyCode,
  options: ProductOptions,
});
export type FamilyDetails = z.infer<typeof FamilyDetails>;

export const Variant = z.object({ sku: Sku, optionValues: OptionValues, externalSkus: ExternalSkus });
export type Variant = z.infer<typeof Variant>;
