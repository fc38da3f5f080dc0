import { z } from 'zod';
import { CurrencyCode, MinorUnits, Sku } from '../shared/value-objects';

export const ProductName = z
  .string()
  .regex(/\S/, 'must not be blank')
  .max(200);

/** Everything PUT /products/{sku} defines; the product's state is exactly this once registered. */
export const ProductDetails = z.object({
  sku: Sku,
  name: ProductName,
  unitPrice: MinorUnits,
  currency: CurrencyCode,
  active: z.boolean(),
});
export type ProductDetails = z.infer<typeof ProductDetails>;
