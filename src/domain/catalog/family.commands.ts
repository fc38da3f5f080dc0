import { z } from 'zod';
import { CurrencyCode, Sku, Timestamp } from '../kernel/value-objects';
import { ExternalSkus, FamilyDetails, OptionValues } from './family.values';
import { ProductId } from './product.values';

/** The upsert behind PUT /product-families/{productId}: registers the family or records what changed. */
export const DefineProductFamily = z.object({
  type: z.literal('DefineProductFamily'),
  data: FamilyDetails.extend({ at: Timestamp }),
});

/**
 * Lists a SKU as a variant (or changes its option values or storefront
 * mappings). `currency` is the variant's price currency, which must be the
 * family's.
 */
export const DefineVariant = z.object({
  type: z.literal('DefineVariant'),
  data: z.object({ productId: ProductId, sku: Sku, currency: CurrencyCode, optionValues: OptionValues, externalSkus: ExternalSkus, at: Timestamp }),
});

export const ProductFamilyCommand = z.discriminatedUnion('type', [DefineProductFamily, DefineVariant]);

export type DefineProductFamily = z.infer<typeof DefineProductFamily>;
export type DefineVariant = z.infer<typeof DefineVariant>;
export type ProductFamilyCommand = z.infer<typeof ProductFamilyCommand>;
