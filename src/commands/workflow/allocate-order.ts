import {
  AllocationDecision,
  AllocationStrategy,
  CandidateLocation,
  planAllocation,
  PlannedAllocation,
} from '../../domain/allocation';
import { isPickup, Order, orderStreamId } from '../../domain/order';
import { atp as atpOf, InsufficientStock, openReservation, ReleaseReason, StockState, stockStreamId } from '../../domain/stock';
import { DomainError } from '../../domain/kernel/domain-error';
import { CommandHandlers } from '../command-handlers';
import { releaseReasonFor, reservationIdFor } from './reservations';
import type { StepContext } from './workflow-reactor';

export type AllocationDependencies = {
  handlers: CommandHandlers;
  /** Every location, active or not; `kind` says which are stores (pickup orders are served by stores only). */
  locations: () => Promise<(CandidateLocation & { kind?: string })[]>;
  strategy: AllocationStrategy;
  now: () => Date;
};

type Reserved = PlannedAllocation;

/** Rounds of plan-and-reserve when concurrent orders take the stock a plan counted on. */
const MAX_ROUNDS = 3;

const ACTOR = 'system:allocation';

/**
 * One allocation attempt for an order: plan with the configured strategy over
 * every location's available-to-promise, reserve each planned quantity on its
 * stock stream (where the stock aggregate refuses to promise more than it
 * has), re-plan what a concurrent order got to first, and record the outcome
 * on the order. Reservation ids name the attempt, so a repeated attempt
 * (after a crash) reuses what it reserved instead of reserving twice; no
 * event-id dedupe here, since a released reservation must be reservable again.
 *
 * Answers whether anything was recorded.
 */
export async function allocateOrder(
  deps: AllocationDependencies,
  order: Order,
  allocationId: string,
  context: StepContext,
  options: { recordWhenNothingReserved: boolean },
): Promise<boolean> {
  if (order.cancelled || order.allocationIds[allocationId]) return false;
  const everywhere = await deps.locations();
  const locations = isPickup(order) ? everywhere.filter((location) => location.kind === 'store') : everywhere;
  const skus = [...new Set(order.lines.map((line) => line.sku))];

  // Each stock stream is read once up front; a re-plan reads again only where it plans.
  const stock = await stockStates(deps, everywhere, skus);
  const reserved = reservationsOfThisAttempt(order, allocationId, everywhere, stock);
  let decision: AllocationDecision | null = null;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const outstanding = outstandingLines(order, reserved);
    if (outstanding.length === 0) break;
    if (round > 1) for (const [key, state] of await stockStates(deps, locations, skus)) stock.set(key, state);
    const atp: Record<string, Record<string, number>> = {};
    for (const location of locations) {
      const row: Record<string, number> = {};
      for (const sku of skus) row[sku] = atpOf(stock.get(stockKey(location.locationId, sku))!);
      atp[location.locationId] = row;
    }
    const shipTo = { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode };
    const plan = planAllocation({ strategy: deps.strategy, lines: outstanding, shipTo, locations, atp });
    decision = round === 1 ? plan.decision : { ...plan.decision, reason: `${plan.decision.reason} (re-planned, round ${round}: a concurrent order took stock first)` };
    const attempts = plan.allocations.filter((a) => !reserved.some((r) => r.lineId === a.lineId && r.locationId === a.locationId));
    const outcomes = await Promise.allSettled(attempts.map((a) => reserve(deps, order.orderId, allocationId, a, context)));
    let shortfall = attempts.length < plan.allocations.length;
    outcomes.forEach((outcome, index) => {
      const attempt = attempts[index]!;
      if (outcome.status === 'fulfilled') {
        reserved.push(attempt);
        stock.set(stockKey(attempt.locationId, attempt.sku), outcome.value.state);
      } else if (outcome.reason instanceof InsufficientStock) shortfall = true;
      else throw outcome.reason;
    });
    if (!shortfall) break;
  }

  if (reserved.length === 0 && !options.recordWhenNothingReserved) return false;
  try {
    await deps.handlers.orders.handle(
      orderStreamId(order.orderId),
      {
        type: 'RecordAllocation',
        data: {
          allocationId,
          allocations: reserved.map((r) => ({ ...r, bin: stock.get(stockKey(r.locationId, r.sku))?.bin ?? null })),
          decision: decision ?? { strategy: deps.strategy, reason: 'nothing left to allocate', candidates: [] },
          at: deps.now().toISOString(),
        },
      },
      { actor: ACTOR, ...context },
    );
    return true;
  } catch (error) {
    // Cancelled (or otherwise closed) while we reserved: give the stock back, saying what closed it.
    if (error instanceof DomainError) {
      const { state: now } = await deps.handlers.orders.load(orderStreamId(order.orderId));
      const reason = now.exists ? releaseReasonFor(now) : 'orphaned_reservation';
      await Promise.all(
        reserved.map((r) => release(deps, order.orderId, r.sku, r.locationId, reservationIdFor(order.orderId, allocationId, r.lineId), reason, context)),
      );
      return false;
    }
    throw error;
  }
}

const stockKey = (locationId: string, sku: string) => `${locationId}|${sku}`;

/** The stock state of every SKU at every location, read side by side. */
async function stockStates(deps: AllocationDependencies, locations: readonly CandidateLocation[], skus: readonly string[]): Promise<Map<string, StockState>> {
  const keys = locations.flatMap((location) => skus.map((sku) => [location.locationId, sku] as const));
  const states = await Promise.all(keys.map(([locationId, sku]) => deps.handlers.stock.load(stockStreamId(locationId, sku))));
  return new Map(keys.map(([locationId, sku], index) => [stockKey(locationId, sku), states[index]!.state]));
}

const outstandingLines = (order: Order, reserved: readonly Reserved[]) =>
  order.lines
    .map((line) => ({
      lineId: line.lineId,
      sku: line.sku,
      quantity: line.quantity - line.allocated - reserved.filter((r) => r.lineId === line.lineId).reduce((sum, r) => sum + r.quantity, 0),
    }))
    .filter((line) => line.quantity > 0);

/**
 * What an interrupted run of this same attempt already reserved: kept, so the
 * attempt carries on instead of reserving twice. Reservation ids are derived
 * from the attempt, so this is a lookup per line and location, not a scan.
 */
function reservationsOfThisAttempt(
  order: Order,
  allocationId: string,
  locations: readonly CandidateLocation[],
  stock: ReadonlyMap<string, StockState>,
): Reserved[] {
  const kept: Reserved[] = [];
  for (const location of locations) {
    for (const line of order.lines) {
      const state = stock.get(stockKey(location.locationId, line.sku));
      const reservation = state && openReservation(state, reservationIdFor(order.orderId, allocationId, line.lineId));
      if (reservation) kept.push({ lineId: line.lineId, sku: line.sku, locationId: location.locationId, quantity: reservation.quantity });
    }
  }
  return kept;
}

function reserve(deps: AllocationDependencies, orderId: string, allocationId: string, a: PlannedAllocation, context: StepContext) {
  const streamId = stockStreamId(a.locationId, a.sku);
  const reservationId = reservationIdFor(orderId, allocationId, a.lineId);
  return deps.handlers.stock.handle(
    streamId,
    {
      type: 'ReserveStock',
      data: { locationId: a.locationId, sku: a.sku, reservationId, orderId, lineId: a.lineId, quantity: a.quantity, at: deps.now().toISOString() },
    },
    { actor: ACTOR, ...context },
  );
}

export function release(
  deps: Pick<AllocationDependencies, 'handlers' | 'now'>,
  orderId: string,
  sku: string,
  locationId: string,
  reservationId: string,
  reason: ReleaseReason,
  context: StepContext,
) {
  const streamId = stockStreamId(locationId, sku);
  return deps.handlers.stock.handle(
    streamId,
    { type: 'ReleaseReservation', data: { locationId, sku, reservationId, reason, at: deps.now().toISOString() } },
    { actor: ACTOR, ...context },
  );
}
