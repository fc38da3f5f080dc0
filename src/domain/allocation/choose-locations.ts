import { atpAt } from './atp-ledger';
import type { AtpByLocation, OutstandingLine } from './allocation.types';
import type { RankedLocation } from './rank-locations';

/** The best-ranked location whose atp covers every SKU's whole outstanding demand, if there is one. */
export const findWholeOrderLocation = (
  ranked: readonly RankedLocation[],
  demand: ReadonlyMap<string, number>,
  atp: AtpByLocation,
): RankedLocation | undefined =>
  ranked.find((location) => [...demand].every(([sku, units]) => atpAt(atp, location.locationId, sku) >= units));

/** What one more location would add to the plan. */
type Cover = {
  /** Outstanding units it can promise. */
  units: number;
  /** Lines still outstanding that it holds whole (its atp covers all the order's units of their SKU), so they need no split. */
  wholeLines: number;
  /** SKUs whose remaining outstanding units it covers entirely. */
  completedSkus: number;
};

const isBetter = (a: Cover, b: Cover): boolean =>
  a.units !== b.units
    ? a.units > b.units
    : a.wholeLines !== b.wholeLines
      ? a.wholeLines > b.wholeLines
      : a.completedSkus > b.completedSkus;

/**
 * Greedy set cover: repeatedly take the location that covers the most
 * outstanding units; on a tie, the one that holds more outstanding lines
 * whole, then the one that completes more SKUs, then the better-ranked. Stops
 * when no location can add a unit, so every unit any active location can
 * promise is covered. Returns the locations in the order chosen.
 */
export function coverWithFewestLocations(
  ranked: readonly RankedLocation[],
  lines: readonly OutstandingLine[],
  demand: ReadonlyMap<string, number>,
  atp: AtpByLocation,
): RankedLocation[] {
  const outstanding = new Map(demand);
  const linesOf = (sku: string): number => lines.filter((line) => line.sku === sku).length;

  const coverAt = (locationId: string): Cover => {
    const cover: Cover = { units: 0, wholeLines: 0, completedSkus: 0 };
    for (const [sku, wanted] of outstanding) {
      if (wanted === 0) continue;
      const held = atpAt(atp, locationId, sku);
      cover.units += Math.min(wanted, held);
      if (held >= (demand.get(sku) ?? 0)) cover.wholeLines += linesOf(sku);
      if (held >= wanted) cover.completedSkus += 1;
    }
    return cover;
  };

  const chosen: RankedLocation[] = [];
  for (;;) {
    let best: { location: RankedLocation; cover: Cover } | undefined;
    for (const location of ranked) {
      if (chosen.includes(location)) continue;
      const cover = coverAt(location.locationId);
      // `ranked` is best first, so only a strictly better cover displaces an earlier location.
      if (cover.units > 0 && (!best || isBetter(cover, best.cover))) best = { location, cover };
    }
    if (!best) return chosen;
    chosen.push(best.location);
    for (const [sku, wanted] of outstanding)
      outstanding.set(sku, wanted - Math.min(wanted, atpAt(atp, best.location.locationId, sku)));
  }
}
