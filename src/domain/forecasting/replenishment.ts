export type ReplenishmentRow = {
  sku: string;
  locationId: string;
  atp: number;
  reorderPoint: number;
  suggestedReorderQuantity: number;
};

/**
 * The rows at or below their reorder point, most urgent first: lowest
 * atp / reorderPoint, then the larger suggested quantity, then sku and
 * location for a stable order. A row whose reorder point is 0 expects no
 * demand during its lead time and is left out. Extra fields of a row are kept.
 */
export function replenishmentList<Row extends ReplenishmentRow>(rows: readonly Row[]): Row[] {
  return rows
    .filter((row) => row.reorderPoint > 0 && row.atp <= row.reorderPoint)
    .sort(
      (x, y) =>
        x.atp / x.reorderPoint - y.atp / y.reorderPoint ||
        y.suggestedReorderQuantity - x.suggestedReorderQuantity ||
        compareText(x.sku, y.sku) ||
        compareText(x.locationId, y.locationId),
    );
}

const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
