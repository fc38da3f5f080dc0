import { z } from 'zod';
import { LocationId, Timestamp } from '../kernel/value-objects';
import { LocationDetails } from './location.values';

export const LocationRegistered = z.object({
  type: z.literal('LocationRegistered'),
  data: LocationDetails.extend({ active: z.boolean(), registeredAt: Timestamp }),
});

/** Carries the full new details, not only the fields that changed. */
export const LocationUpdated = z.object({
  type: z.literal('LocationUpdated'),
  data: LocationDetails.extend({ updatedAt: Timestamp }),
});

export const LocationDeactivated = z.object({
  type: z.literal('LocationDeactivated'),
  data: z.object({ locationId: LocationId, deactivatedAt: Timestamp }),
});

export const LocationReactivated = z.object({
  type: z.literal('LocationReactivated'),
  data: z.object({ locationId: LocationId, reactivatedAt: Timestamp }),
});

export const LocationEvent = z.discriminatedUnion('type', [
  LocationRegistered,
  LocationUpdated,
  LocationDeactivated,
  LocationReactivated,
]);

export type LocationRegistered = z.infer<typeof LocationRegistered>;
export type LocationUpdated = z.infer<typeof LocationUpdated>;
export type LocationDeactivated = z.infer<typeof LocationDeactivated>;
export type LocationReactivated = z.infer<typeof LocationReactivated>;
export type LocationEvent = z.infer<typeof LocationEvent>;
export type LocationEventType = LocationEvent['type'];
