import { normalQuantile } from './normal-quantile';
import { mean, sampleStandardDeviation } from './statistics';

/** z * sigma_d * sqrt(leadTimeDays): cover for demand above its mean during the lead time. */
export function safetyStock(input: { z: number; demandStdDev: number; leadTimeDays: number }): number {
  return input.z * input.demandStdDev * Math.sqrt(input.leadTimeDays);
}

/** Mean daily demand * leadTimeDays + safety stock: reorder when available stock falls to this. */
export function reorderPoint(input: { meanDailyDemand: number; leadTimeDays: number; safetyStock: number }): number {
  return input.meanDailyDemand * input.leadTimeDays + input.safetyStock;
}

/** Safety stock and reorder point from daily demand history (zeros included) at a service level. */
export function reorderPolicy(
  dailyDemand: readonly number[],
  leadTimeDays: number,
  serviceLevel: number,
): { safetyStock: number; reorderPoint: number } {
  const stock = safetyStock({
    z: normalQuantile(serviceLevel),
    demandStdDev: sampleStandardDeviation(dailyDemand),
    leadTimeDays,
  });
  return {
    safetyStock: stock,
    reorderPoint: reorderPoint({ meanDailyDemand: mean(dailyDemand), leadTimeDays, safetyStock: stock }),
  };
}

/** atp / mean daily forecast; null when nothing is forecast to sell (cover is unbounded). */
export function daysOfCover(atp: number, dailyForecast: readonly number[]): number | null {
  const perDay = mean(dailyForecast);
  return perDay > 0 ? atp / perDay : null;
}

/** Slack for floating-point noise, so 12.000000000000002 units is ordered as 12, not 13. */
const CEIL_TOLERANCE = 1e-9;

/**
 * Whole units that bring the position (atp: there are no purchase orders
 * yet) up to the reorder point plus the forecast demand over the lead time.
 */
export function suggestedReorderQuantity(input: { reorderPoint: number; leadTimeDemand: number; atp: number }): number {
  const shortfall = input.reorderPoint + input.leadTimeDemand - input.atp;
  return Math.max(0, Math.ceil(shortfall - CEIL_TOLERANCE));
}
