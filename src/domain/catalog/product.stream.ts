import type { Sku } from '../shared/value-objects';

export const productStreamId = (sku: Sku): string => `product-${sku}`;
