import type { LocationId, Sku } from '../shared/value-objects';

/** A location id never contains a dot, so the first dot separates it from the SKU. */
export const stockStreamId = (locationId: LocationId, sku: Sku): string => `stock-${locationId}.${sku}`;
