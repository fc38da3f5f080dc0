import type { LocationId } from '../shared/value-objects';

export const locationStreamId = (locationId: LocationId): string => `location-${locationId}`;
