import { z } from 'zod';
import { Sku, Timestamp } from '../shared/value-objects';
import { ProductDetails } from './product.values';

/** The upsert behind PUT /products/{sku}: registers a new product or records what changed. */
export const DefineProduct = z.object({
  type: z.literal('DefineProduct'),
  data: ProductDetails.extend({ at: Timestamp }),
});

export const DeactivateProduct = z.object({
  type: z.literal('DeactivateProduct'),
  data: z.object({ sku: Sku, at: Timestamp }),
});

export const ProductCommand = z.discriminatedUnion('type', [DefineProduct, DeactivateProduct]);

export type DefineProduct = z.infer<typeof DefineProduct>;
export type DeactivateProduct = z.infer<typeof DeactivateProduct>;
export type ProductCommand = z.infer<typeof ProductCommand>;
