import { atpAt } from './atp-ledger';
import type {
  AllocationCandidate,
  AllocationStrategy,
  AtpByLocation,
  BackorderedLine,
  CandidateLocation,
  OutstandingLine,
  PlannedAllocation,
} from './allocation.types';
import type { RankedLocation } from './rank-locations';

/** What the planner settled on, for the decision recorded beside it. */
export type PlanFacts = {
  strategy: AllocationStrategy;
  lines: readonly OutstandingLine[];
  demand: ReadonlyMap<string, number>;
  ranked: readonly RankedLocation[];
  locations: readonly CandidateLocation[];
  atp: AtpByLocation;
  /** The location that fulfils the whole order, when one does. */
  wholeOrder: RankedLocation | undefined;
  allocations: readonly PlannedAllocation[];
  backordered: readonly BackorderedLine[];
};

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const units = (count: number): string => plural(count, 'unit');
const total = (items: readonly { quantity: number }[]): number => items.reduce((sum, item) => sum + item.quantity, 0);

const ordinal = (n: number): string => {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as const)[n % 10] ?? 'th';
  return `${n}${suffix}`;
};

const listed = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;

/** The fact the strategy ranked this location by, e.g. "same country, postal prefix 627". */
const rankingBasis = (strategy: AllocationStrategy, location: RankedLocation): string => {
  switch (strategy) {
    case 'priority':
      return `${location.priority}`;
    case 'nearest':
      if (!location.sameCountry) return `other country (${location.country})`;
      return location.postalPrefix
        ? `same country, postal prefix ${location.postalPrefix}`
        : 'same country, no common postal prefix';
    case 'most-stock':
      return `${units(location.stock)} of the order's SKUs`;
  }
};

const rankingNote = (strategy: AllocationStrategy, location: RankedLocation): string =>
  strategy === 'priority'
    ? `priority ${location.priority}`
    : `${rankingBasis(strategy, location)}, priority ${location.priority}`;

/** A line is held where the atp of its SKU covers all the order's outstanding units of that SKU. */
const linesHeld = (facts: PlanFacts, locationId: string): number =>
  facts.lines.filter((line) => atpAt(facts.atp, locationId, line.sku) >= (facts.demand.get(line.sku) ?? 0)).length;

const candidate = (facts: PlanFacts, location: RankedLocation): AllocationCandidate => {
  const given = total(facts.allocations.filter((a) => a.locationId === location.locationId));
  const note = [
    rankingNote(facts.strategy, location),
    `holds ${linesHeld(facts, location.locationId)} of ${plural(facts.lines.length, 'line')}`,
    given > 0 ? `allocated ${units(given)}` : 'not used',
  ].join('; ');
  return {
    locationId: location.locationId,
    rank: location.rank,
    atp: Object.fromEntries([...facts.demand.keys()].map((sku) => [sku, atpAt(facts.atp, location.locationId, sku)])),
    note,
  };
};

/** "wh-a (L1, 6 of L4)": the lines a location was given, with the part when it is not the whole line. */
const locationShare = (facts: PlanFacts, locationId: string): string => {
  const parts = facts.allocations
    .filter((a) => a.locationId === locationId)
    .map((a) => {
      const ordered = facts.lines.find((line) => line.lineId === a.lineId)?.quantity;
      return a.quantity === ordered ? a.lineId : `${a.quantity} of ${a.lineId}`;
    });
  return `${locationId} (${parts.join(', ')})`;
};

const backorderClause = (facts: PlanFacts): string => {
  const bySku = new Map<string, number>();
  for (const b of facts.backordered) bySku.set(b.sku, (bySku.get(b.sku) ?? 0) + b.quantity);
  const parts = [...bySku].map(([sku, quantity]) => {
    const anywhere = facts.ranked.some((location) => atpAt(facts.atp, location.locationId, sku) > 0);
    return `${sku} (${quantity}, ${anywhere ? 'not enough in stock' : 'no stock anywhere'})`;
  });
  return `${units(total(facts.backordered))} backordered: ${parts.join(', ')}`;
};

const mainReason = (facts: PlanFacts): string => {
  if (facts.lines.length === 0) return 'no outstanding lines: nothing to allocate';

  const requested = total(facts.lines);
  if (facts.allocations.length === 0) {
    if (facts.ranked.length === 0) return `no active location to allocate from: ${units(requested)} backordered`;
    return `no stock for ${listed([...facts.demand.keys()])} anywhere: ${units(requested)} backordered`;
  }

  const whole = facts.wholeOrder;
  if (whole) {
    const basis = `${facts.strategy} (${rankingBasis(facts.strategy, whole)})`;
    return whole.rank === 1
      ? `${whole.locationId} can fulfil the whole order and ranks first by ${basis}`
      : `${whole.locationId} can fulfil the whole order and ranks ${ordinal(whole.rank)} by ${basis}; ` +
          'no better-ranked location holds every line';
  }

  const used = [...new Set(facts.allocations.map((a) => a.locationId))];
  const shares = used.map((locationId) => locationShare(facts, locationId)).join(', ');
  const cover = used.length === 1 ? '1 location covers' : `${used.length} locations cover`;
  if (facts.backordered.length === 0) return `no single location holds every line; ${cover} it: ${shares}`;
  return (
    `no single location holds every line; ${cover} ${total(facts.allocations)} of ${units(requested)}: ${shares}; ` +
    backorderClause(facts)
  );
};

/** Inactive locations that hold some of the order's SKUs: an auditor will ask why they were passed over. */
const inactiveClause = (facts: PlanFacts): string => {
  const skus = [...facts.demand.keys()];
  const passedOver = facts.locations
    .filter((location) => !location.active && skus.some((sku) => atpAt(facts.atp, location.locationId, sku) > 0))
    .map((location) => location.locationId)
    .sort();
  if (passedOver.length === 0) return '';
  const [hold, be] = passedOver.length === 1 ? ['holds', 'is'] : ['hold', 'are'];
  return `; ${listed(passedOver)} ${hold} stock but ${be} inactive, so not considered`;
};

/** The decision recorded with the allocation: one readable sentence and every location ranked. */
export const explainPlan = (facts: PlanFacts): { reason: string; candidates: AllocationCandidate[] } => ({
  reason: mainReason(facts) + (facts.lines.length === 0 ? '' : inactiveClause(facts)),
  candidates: facts.lines.length === 0 ? [] : facts.ranked.map((location) => candidate(facts, location)),
});
