export * from './allocation.types';
export * from './allocation.errors';
export { planAllocation } from './plan-allocation';
export { rankLocations, type RankedLocation } from './rank-locations';
export { commonPostalPrefix, normalizePostalCode } from './postal-codes';
