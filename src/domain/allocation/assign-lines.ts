import type { AtpLedger } from './atp-ledger';
import type { BackorderedLine, OutstandingLine, PlannedAllocation } from './allocation.types';

/**
 * Gives each line to the chosen locations, in the order they were chosen:
 * first every line that one chosen location can take whole (lines in input
 * order, first location that fits), then the rest split across locations in
 * order, never past what the ledger has left. Allocations come grouped by
 * location in chosen order, lines in input order within a location; a
 * location that ends up with nothing is simply absent.
 */
export function assignLines(
  lines: readonly OutstandingLine[],
  chosen: readonly string[],
  ledger: AtpLedger,
): { allocations: PlannedAllocation[]; backordered: BackorderedLine[] } {
  const given = new Map<string, Map<string, number>>(chosen.map((locationId) => [locationId, new Map()]));
  const give = (line: OutstandingLine, locationId: string, quantity: number): void => {
    ledger.take(locationId, line.sku, quantity);
    const atLocation = given.get(locationId);
    atLocation?.set(line.lineId, (atLocation.get(line.lineId) ?? 0) + quantity);
  };

  const unassigned: OutstandingLine[] = [];
  for (const line of lines) {
    const whole = chosen.find((locationId) => ledger.left(locationId, line.sku) >= line.quantity);
    if (whole === undefined) unassigned.push(line);
    else give(line, whole, line.quantity);
  }

  const backorderedByLine = new Map<string, number>();
  for (const line of unassigned) {
    let remaining = line.quantity;
    for (const locationId of chosen) {
      const quantity = Math.min(remaining, ledger.left(locationId, line.sku));
      if (quantity > 0) give(line, locationId, quantity);
      remaining -= quantity;
    }
    if (remaining > 0) backorderedByLine.set(line.lineId, remaining);
  }

  const allocations = chosen.flatMap((locationId) =>
    lines.flatMap((line): PlannedAllocation[] => {
      const quantity = given.get(locationId)?.get(line.lineId) ?? 0;
      return quantity > 0 ? [{ lineId: line.lineId, sku: line.sku, locationId, quantity }] : [];
    }),
  );
  const backordered = lines.flatMap((line): BackorderedLine[] => {
    const quantity = backorderedByLine.get(line.lineId) ?? 0;
    return quantity > 0 ? [{ lineId: line.lineId, sku: line.sku, quantity }] : [];
  });
  return { allocations, backordered };
}
