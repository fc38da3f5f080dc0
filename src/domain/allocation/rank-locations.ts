import { atpAt } from './atp-ledger';
import type { AllocationStrategy, AtpByLocation, CandidateLocation, ShipTo } from './allocation.types';
import { commonPostalPrefix } from './postal-codes';

/** An active location with its rank (1 = best) and the facts every strategy ranks by. */
export type RankedLocation = {
  locationId: string;
  rank: number;
  priority: number;
  country: string;
  sameCountry: boolean;
  /** Common normalized postal-code prefix with the ship-to address; "" in another country. */
  postalPrefix: string;
  /** Sum of atp over the order's SKUs here (each SKU once, not capped at the demand). */
  stock: number;
};

type Facts = Omit<RankedLocation, 'rank'>;
type Comparison = (a: Facts, b: Facts) => number;

const byPriorityThenId: Comparison = (a, b) =>
  a.priority - b.priority || (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0);

const comparisons: Record<AllocationStrategy, Comparison> = {
  priority: byPriorityThenId,
  nearest: (a, b) =>
    Number(b.sameCountry) - Number(a.sameCountry) ||
    b.postalPrefix.length - a.postalPrefix.length ||
    byPriorityThenId(a, b),
  'most-stock': (a, b) => b.stock - a.stock || byPriorityThenId(a, b),
};

/**
 * Active locations best first by the strategy; ties always go to the lower
 * priority number, then the smaller locationId, so the order is total and the
 * plan deterministic. Inactive locations are left out.
 */
export function rankLocations(
  strategy: AllocationStrategy,
  locations: readonly CandidateLocation[],
  shipTo: ShipTo,
  skus: readonly string[],
  atp: AtpByLocation,
): RankedLocation[] {
  const shipToCountry = shipTo.country.trim().toUpperCase();
  return locations
    .filter((location) => location.active)
    .map((location): Facts => {
      const sameCountry = location.country.toUpperCase() === shipToCountry;
      return {
        locationId: location.locationId,
        priority: location.priority,
        country: location.country,
        sameCountry,
        postalPrefix: sameCountry ? commonPostalPrefix(location.postalCode, shipTo.postalCode) : '',
        stock: skus.reduce((sum, sku) => sum + atpAt(atp, location.locationId, sku), 0),
      };
    })
    .sort(comparisons[strategy])
    .map((facts, index) => ({ ...facts, rank: index + 1 }));
}
