import type { LocationId, Sku } from '../kernel/value-objects';

const PREFIX = 'stock-';

/** A location id never contains a dot, so the first dot separates it from the SKU. */
export const stockStreamId = (locationId: LocationId, sku: Sku): string => `${PREFIX}${locationId}.${sku}`;

/** The location and SKU a stock stream is named after, or null for any other stream. */
export const parseStockStreamId = (streamId: string): { locationId: LocationId; sku: Sku } | null => {
  if (!streamId.startsWith(PREFIX)) return null;
  const dot = streamId.indexOf('.', PREFIX.length);
  if (dot < 0) return null;
  return { locationId: streamId.slice(PREFIX.length, dot), sku: streamId.slice(dot + 1) };
};
