import { z } from 'zod';
import { CountryCode, LocationId } from '../kernel/value-objects';

/** At least one character that is not white space (so also not empty). */
const NonBlank = z.string().regex(/\S/, 'must not be blank');

export const LocationName = NonBlank.max(200);

export const LocationKind = z.enum(['warehouse', 'store']);
export type LocationKind = z.infer<typeof LocationKind>;

/** Lower is preferred when allocating. */
export const LocationPriority = z.number().int().nonnegative();

/** Region and city are null when not given (never the empty string, so there is one way to say "none"). */
export const LocationAddress = z.object({
  country: CountryCode,
  postalCode: NonBlank,
  region: z.string().min(1).nullable(),
  city: z.string().min(1).nullable(),
});
export type LocationAddress = z.infer<typeof LocationAddress>;

/** What PUT /locations/{id} defines besides whether the location is active. */
export const LocationDetails = z.object({
  locationId: LocationId,
  name: LocationName,
  kind: LocationKind,
  priority: LocationPriority,
  address: LocationAddress,
});
export type LocationDetails = z.infer<typeof LocationDetails>;
