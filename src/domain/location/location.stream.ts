import type { LocationId } from '../kernel/value-objects';

const PREFIX = 'location-';

export const locationStreamId = (locationId: LocationId): string => `${PREFIX}${locationId}`;

/** The location id a location stream is named after, or null for any other stream. */
export const parseLocationStreamId = (streamId: string): LocationId | null =>
  streamId.startsWith(PREFIX) ? streamId.slice(PREFIX.length) : null;
