import { z } from 'zod';
import { Sku, Timestamp } from '../kernel/value-objects';
import { ExternalSkus, FamilyDetails, OptionValues, ProductOptions } from './family.values';
import { ProductId, ProductName } from './product.values';

export const ProductFamilyRegistered = z.object({
  type: z.literal('ProductFamilyRegistered'),
  data: FamilyDetails.extend({ registeredAt: Timestamp }),
});

export const ProductFamilyRenamed = z.object({
  type: z.literal('ProductFamilyRenamed'),
  data: z.object({ productId: ProductId, name: ProductName, renamedAt: Timestamp }),
});

/** The whole new list of options; every variant's values are still among them. */
export const ProductFamilyOptionsChanged = z.object({
  type: z.literal('ProductFamilyOptionsChanged'),
  data: z.object({ productId: ProductId, options: ProductOptions, changedAt: Timestamp }),
});

export const VariantAdded = z.object({
  type: z.literal('VariantAdded'),
  data: z.object({ productId: ProductId, sku: Sku, optionValues: OptionValues, externalSkus: ExternalSkus, addedAt: Timestamp }),
});

/** New option values or storefront mappings for a variant already in the family. */
export const VariantChanged = z.object({
  type: z.literal('VariantChanged'),
  data: z.object({ productId: ProductId, sku: Sku, optionValues: OptionValues, externalSkus: ExternalSkus, changedAt: Timestamp }),
});

export const ProductFamilyEvent = z.discriminatedUnion('type', [
  ProductFamilyRegistered,
  ProductFamilyRenamed,
  ProductFamilyOptionsChanged,
  VariantAdded,
  VariantChanged,
]);

export type ProductFamilyRegistered = z.infer<typeof ProductFamilyRegistered>;
export type VariantAdded = z.infer<typeof VariantAdded>;
export type VariantChanged = z.infer<typeof VariantChanged>;
export type ProductFamilyEvent = z.infer<typeof ProductFamilyEvent>;
export type ProductFamilyEventType = ProductFamilyEvent['type'];
