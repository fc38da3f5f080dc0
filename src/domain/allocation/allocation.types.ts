import { z } from 'zod';
import { CountryCode, LocationId, Quantity, Sku } from '../kernel/value-objects';

export const AllocationStrategy = z.enum(['priority', 'nearest', 'most-stock']);
export type AllocationStrategy = z.infer<typeof AllocationStrategy>;

export const DEFAULT_ALLOCATION_STRATEGY: AllocationStrategy = 'priority';

/** Units available to promise; a count, never negative. */
export const AtpCount = z.number().int().nonnegative();

/** One order line with what is still to allocate on it (the outstanding quantity, not the ordered one). */
export const OutstandingLine = z.object({ lineId: z.string().min(1), sku: Sku, quantity: Quantity });
export type OutstandingLine = z.infer<typeof OutstandingLine>;

/** Country is compared case-insensitively; postal codes ignoring case and spaces. */
export const ShipTo = z.object({ country: z.string().min(1), postalCode: z.string() });
export type ShipTo = z.infer<typeof ShipTo>;

export const CandidateLocation = z.object({
  locationId: LocationId,
  priority: z.number().int().nonnegative(),
  active: z.boolean(),
  country: CountryCode,
  postalCode: z.string(),
});
export type CandidateLocation = z.infer<typeof CandidateLocation>;

/** atp[locationId][sku]; a missing location or SKU means 0. */
export const AtpByLocation = z.record(z.string(), z.record(z.string(), AtpCount));
export type AtpByLocation = z.infer<typeof AtpByLocation>;

export const PlanAllocationInput = z
  .object({
    strategy: AllocationStrategy,
    lines: z.array(OutstandingLine),
    shipTo: ShipTo,
    locations: z.array(CandidateLocation),
    atp: AtpByLocation,
  })
  .superRefine((input, ctx) => {
    const duplicate = (ids: string[]): string[] => ids.filter((id, i) => ids.indexOf(id) !== i);
    for (const lineId of new Set(duplicate(input.lines.map((l) => l.lineId))))
      ctx.addIssue({ code: 'custom', path: ['lines'], message: `line ${lineId} appears more than once` });
    for (const locationId of new Set(duplicate(input.locations.map((l) => l.locationId))))
      ctx.addIssue({ code: 'custom', path: ['locations'], message: `location ${locationId} appears more than once` });
  });
export type PlanAllocationInput = z.infer<typeof PlanAllocationInput>;

export const PlannedAllocation = z.object({ lineId: z.string().min(1), sku: Sku, locationId: LocationId, quantity: Quantity });
export type PlannedAllocation = z.infer<typeof PlannedAllocation>;

/** What could not be allocated on a line in this attempt. */
export const BackorderedLine = z.object({ lineId: z.string().min(1), sku: Sku, quantity: Quantity });
export type BackorderedLine = z.infer<typeof BackorderedLine>;

/**
 * One active location the strategy ranked (1 = best). `atp` holds every SKU of
 * the order, 0 included, as it stood before this plan; `note` says why it
 * ranks where it does, how much of the order it holds, and what it was given.
 */
export const AllocationCandidate = z.object({
  locationId: LocationId,
  rank: z.number().int().positive(),
  atp: z.record(z.string(), AtpCount),
  note: z.string().nullable(),
});
export type AllocationCandidate = z.infer<typeof AllocationCandidate>;

/** Recorded in `InventoryAllocated` so an auditor can see why the stock went where it went. */
export const AllocationDecision = z.object({
  strategy: AllocationStrategy,
  reason: z.string().min(1),
  candidates: z.array(AllocationCandidate),
});
export type AllocationDecision = z.infer<typeof AllocationDecision>;

export const AllocationPlan = z.object({
  allocations: z.array(PlannedAllocation),
  backordered: z.array(BackorderedLine),
  decision: AllocationDecision,
});
export type AllocationPlan = z.infer<typeof AllocationPlan>;
