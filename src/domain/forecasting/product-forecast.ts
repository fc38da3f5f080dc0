import type { DemandForecast } from './forecast';
import { daysOfCover } from './inventory-policy';
import { roundTo } from './rounding';

export type VariantForecast = DemandForecast & { sku: string; locationId: string | null; optionValues: Record<string, string> };

const sumByDate = <K extends string>(rows: ReadonlyArray<{ date: string } & Record<K, number>>, field: K) => {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.date, (totals.get(row.date) ?? 0) + row[field]);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : 1));
};

/**
 * A product's demand and stock figures as the sum of its variants': each
 * variant is forecast on its own history (sizes sell differently), and the
 * product's daily demand, forecast, available-to-promise, safety stock,
 * reorder point and suggested quantity add up. Safety stock summed this way is
 * the stock every variant needs for its own service level, so it is at least
 * what one pooled forecast would ask for. Days of cover is the product's
 * available-to-promise over its summed daily forecast.
 */
export function productForecast(variants: readonly VariantForecast[]) {
  const history = sumByDate(variants.flatMap((variant) => variant.history), 'demand').map(([date, demand]) => ({ date, demand }));
  const forecast = sumByDate(variants.flatMap((variant) => variant.forecast), 'quantity').map(([date, quantity]) => ({ date, quantity: roundTo(quantity, 2) }));
  const total = (field: 'atp' | 'safetyStock' | 'reorderPoint' | 'suggestedReorderQuantity') => variants.reduce((sum, variant) => sum + variant[field], 0);
  const atp = total('atp');
  const cover = daysOfCover(atp, forecast.map((day) => day.quantity));
  return {
    history,
    forecast,
    atp,
    safetyStock: roundTo(total('safetyStock'), 2),
    reorderPoint: roundTo(total('reorderPoint'), 2),
    suggestedReorderQuantity: total('suggestedReorderQuantity'),
    daysOfCover: cover === null ? null : roundTo(cover, 2),
    variants,
  };
}
