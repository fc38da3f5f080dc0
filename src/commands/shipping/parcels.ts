import { Parcel } from '../../infrastructure/carriers/carrier';

/** What one unit is taken to weigh, packed: the catalog keeps no weights yet. */
export const GRAMS_PER_UNIT = 500;

/** The parcels `units` units travel in: one box for the lot. */
export const parcelsFor = (units: number): Parcel[] => [{ weightGrams: GRAMS_PER_UNIT * Math.max(1, units) }];
