import type { Sku } from '../kernel/value-objects';

const PREFIX = 'product-';

export const productStreamId = (sku: Sku): string => `${PREFIX}${sku}`;

/** The SKU a product stream is named after, or null for any other stream. */
export const parseProductStreamId = (streamId: string): Sku | null =>
  streamId.startsWith(PREFIX) ? streamId.slice(PREFIX.length) : null;
