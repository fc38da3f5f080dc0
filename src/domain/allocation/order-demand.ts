import type { OutstandingLine } from './allocation.types';

/** Outstanding units per SKU over all lines, SKUs in the order they first appear. */
export const demandBySku = (lines: readonly OutstandingLine[]): Map<string, number> => {
  const demand = new Map<string, number>();
  for (const line of lines) demand.set(line.sku, (demand.get(line.sku) ?? 0) + line.quantity);
  return demand;
};
