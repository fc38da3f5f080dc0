import { z } from 'zod';
import { LocationId, Timestamp } from '../kernel/value-objects';
import { LocationDetails } from './location.values';

/** The upsert behind PUT /locations/{id}: registers a new location or records what changed. */
export const DefineLocation = z.object({
  type: z.literal('DefineLocation'),
  data: LocationDetails.extend({ active: z.boolean(), at: Timestamp }),
});

export const DeactivateLocation = z.object({
  type: z.literal('DeactivateLocation'),
  data: z.object({ locationId: LocationId, at: Timestamp }),
});

export const LocationCommand = z.discriminatedUnion('type', [DefineLocation, DeactivateLocation]);

export type DefineLocation = z.infer<typeof DefineLocation>;
export type DeactivateLocation = z.infer<typeof DeactivateLocation>;
export type LocationCommand = z.infer<typeof LocationCommand>;
