import { z } from 'zod';
import { CurrencyCode, MinorUnits, Sku, Timestamp } from '../kernel/value-objects';
import { ProductDetails, ProductId, ProductName } from './product.values';

export const ProductRegistered = z.object({
  type: z.literal('ProductRegistered'),
  data: ProductDetails.extend({ registeredAt: Timestamp }),
});

export const ProductRenamed = z.object({
  type: z.literal('ProductRenamed'),
  data: z.object({ sku: Sku, name: ProductName, renamedAt: Timestamp }),
});

/** A change of price or currency (or both); carries the previous pair for the audit trail. */
export const ProductRepriced = z.object({
  type: z.literal('ProductRepriced'),
  data: z.object({
    sku: Sku,
    unitPrice: MinorUnits,
    currency: CurrencyCode,
    previousUnitPrice: MinorUnits,
    previousCurrency: CurrencyCode,
    repricedAt: Timestamp,
  }),
});

export const ProductDeactivated = z.object({
  type: z.literal('ProductDeactivated'),
  data: z.object({ sku: Sku, deactivatedAt: Timestamp }),
});

export const ProductReactivated = z.object({
  type: z.literal('ProductReactivated'),
  data: z.object({ sku: Sku, reactivatedAt: Timestamp }),
});

/** The SKU became a variant of a product family; it stays one for good, and its currency is the family's. */
export const ProductJoinedFamily = z.object({
  type: z.literal('ProductJoinedFamily'),
  data: z.object({ sku: Sku, productId: ProductId, joinedAt: Timestamp }),
});

export const ProductEvent = z.discriminatedUnion('type', [
  ProductRegistered,
  ProductRenamed,
  ProductRepriced,
  ProductDeactivated,
  ProductReactivated,
  ProductJoinedFamily,
]);

export type ProductRegistered = z.infer<typeof ProductRegistered>;
export type ProductRenamed = z.infer<typeof ProductRenamed>;
export type ProductRepriced = z.infer<typeof ProductRepriced>;
export type ProductDeactivated = z.infer<typeof ProductDeactivated>;
export type ProductReactivated = z.infer<typeof ProductReactivated>;
export type ProductJoinedFamily = z.infer<typeof ProductJoinedFamily>;
export type ProductEvent = z.infer<typeof ProductEvent>;
export type ProductEventType = ProductEvent['type'];
