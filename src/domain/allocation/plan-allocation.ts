import { assignLines } from './assign-lines';
import { atpLedger } from './atp-ledger';
import { InvalidAllocationInput } from './allocation.errors';
import { type AllocationPlan, PlanAllocationInput } from './allocation.types';
import { coverWithFewestLocations, findWholeOrderLocation } from './choose-locations';
import { explainPlan } from './explain-plan';
import { demandBySku } from './order-demand';
import { rankLocations } from './rank-locations';

/**
 * Decides where the outstanding lines of an order are reserved: one location
 * for the whole order when one can, else the fewest locations (greedy), lines
 * split only when no chosen location can take them whole; the rest is
 * backordered per line. Pure and deterministic; throws InvalidAllocationInput
 * when the input does not parse.
 */
export function planAllocation(input: PlanAllocationInput): AllocationPlan {
  const parsed = PlanAllocationInput.safeParse(input);
  if (!parsed.success)
    throw new InvalidAllocationInput(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`),
    );
  const { strategy, lines, shipTo, locations, atp } = parsed.data;

  const demand = demandBySku(lines);
  const ranked = rankLocations(strategy, locations, shipTo, [...demand.keys()], atp);
  const wholeOrder = lines.length === 0 ? undefined : findWholeOrderLocation(ranked, demand, atp);
  const chosen = wholeOrder ? [wholeOrder] : coverWithFewestLocations(ranked, lines, demand, atp);
  const { allocations, backordered } = assignLines(
    lines,
    chosen.map((location) => location.locationId),
    atpLedger(atp),
  );

  const { reason, candidates } = explainPlan({
    strategy, lines, demand, ranked, locations, atp, wholeOrder, allocations, backordered,
  });
  return { allocations, backordered, decision: { strategy, reason, candidates } };
}
