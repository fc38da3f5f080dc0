import { z } from 'zod';
import { Sku, Timestamp } from '../kernel/value-objects';
import { ProductDetails, ProductId } from './product.values';

/**
 * The upsert behind PUT /products/{sku}: registers a new product or records
 * what changed. With `productId` the SKU is (or becomes) a variant of that
 * product family, in the same append as its details.
 */
export const DefineProduct = z.object({
  type: z.literal('DefineProduct'),
  data: ProductDetails.extend({ at: Timestamp, productId: ProductId.optional() }),
});

export const DeactivateProduct = z.object({
  type: z.literal('DeactivateProduct'),
  data: z.object({ sku: Sku, at: Timestamp }),
});

export const ProductCommand = z.discriminatedUnion('type', [DefineProduct, DeactivateProduct]);

export type DefineProduct = z.infer<typeof DefineProduct>;
export type DeactivateProduct = z.infer<typeof DeactivateProduct>;
export type ProductCommand = z.infer<typeof ProductCommand>;
