import { z } from 'zod';
import { CurrencyCode, MinorUnits, Sku } from '../kernel/value-objects';

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

/** Names a product with variants (a product family); the variant SKUs are catalog products of their own. */
export const ProductId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');
export type ProductId = z.infer<typeof ProductId>;
