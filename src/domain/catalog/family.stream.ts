import type { ProductId } from './product.values';

/** Not `product-…`: that prefix names SKU streams, and a product id may look like a SKU. */
const PREFIX = 'family-';

export const familyStreamId = (productId: ProductId): string => `${PREFIX}${productId}`;

/** The product id a family stream is named after, or null for any other stream. */
export const parseFamilyStreamId = (streamId: string): ProductId | null =>
  streamId.startsWith(PREFIX) ? streamId.slice(PREFIX.length) : null;
