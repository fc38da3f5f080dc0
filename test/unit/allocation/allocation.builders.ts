import {
  type AllocationPlan,
  type AtpByLocation,
  type CandidateLocation,
  type OutstandingLine,
  type PlanAllocationInput,
  planAllocation,
} from '../../../src/domain/allocation';

/** An active US location; override what the test is about. */
export const location = (locationId: string, overrides: Partial<Omit<CandidateLocation, 'locationId'>> = {}): CandidateLocation => ({
  locationId,
  priority: 1,
  active: true,
  country: 'US',
  postalCode: '10001',
  ...overrides,
});

export const line = (lineId: string, sku: string, quantity: number): OutstandingLine => ({ lineId, sku, quantity });

export const SHIP_TO = { country: 'US', postalCode: '62701' };

/** A planning request with the priority strategy and nothing in it but what the test says. */
export const request = (overrides: Partial<PlanAllocationInput> = {}): PlanAllocationInput => ({
  strategy: 'priority',
  lines: [],
  shipTo: SHIP_TO,
  locations: [],
  atp: {},
  ...overrides,
});

export const plan = (overrides: Partial<PlanAllocationInput> = {}): AllocationPlan => planAllocation(request(overrides));

/** "L1: 5 from wh-a", in plan order: the allocations as a test reads them. */
export const allocated = (p: AllocationPlan): string[] =>
  p.allocations.map((a) => `${a.lineId}: ${a.quantity} from ${a.locationId}`);

/** "L1: 3", in plan order. */
export const backordered = (p: AllocationPlan): string[] => p.backordered.map((b) => `${b.lineId}: ${b.quantity}`);

export type { AtpByLocation };
