import { addDays, dayNumber } from './calendar-day';
import { DailyDemand, denseDailyDemand } from './daily-demand';
import { forecastDemand } from './forecast';
import { DEFAULT_HORIZON_DAYS, DEFAULT_SERVICE_LEVEL } from './forecast.schema';
import { reorderPolicy } from './inventory-policy';
import { roundTo } from './rounding';

/** How much history a forecast looks at. */
export const HISTORY_DAYS = 90;
/** Lead time assumed where no stock policy names one. */
export const DEFAULT_LEAD_TIME_DAYS = 7;

export type ReplenishmentRow = {
  sku: string;
  locationId: string;
  atp: number;
  reorderPoint: number;
};

/**
 * The rows at or below their reorder point, most urgent first: lowest
 * atp / reorderPoint, then the larger reorder point (the faster seller),
 * then sku and location for a stable order. A row whose reorder point is 0
 * expects no demand during its lead time and is left out. Extra fields of a
 * row are kept.
 */
export function replenishmentList<Row extends ReplenishmentRow>(rows: readonly Row[]): Row[] {
  return rows
    .filter(needsReorder)
    .sort(
      (x, y) =>
        x.atp / x.reorderPoint - y.atp / y.reorderPoint ||
        y.reorderPoint - x.reorderPoint ||
        compareText(x.sku, y.sku) ||
        compareText(x.locationId, y.locationId),
    );
}

const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Units of one SKU allocated from one location on one UTC day (days without demand are left out). */
export type DemandDay = { date: string; units: number };

/** What decides whether a row is on the list and where: cheap enough to keep up to date on every stock event. */
export type ReplenishmentPolicy = { reorderPoint: number; safetyStock: number; leadTimeDays: number };

export type ReplenishmentFigures = ReplenishmentPolicy & {
  daysOfCover: number | null;
  suggestedReorderQuantity: number;
};

type ReplenishmentInput = { demand: readonly DemandDay[]; asOf: string; policyLeadTimeDays: number };

/** Daily demand over the HISTORY_DAYS up to `asOf`, zeros included, from the first day with demand. */
function demandWindow(input: ReplenishmentInput): DailyDemand[] {
  const from = addDays(input.asOf, -(HISTORY_DAYS - 1));
  const inWindow = input.demand.filter((day) => day.date >= from && day.date <= input.asOf);
  const first = inWindow.reduce<string | null>((earliest, day) => (earliest === null || day.date < earliest ? day.date : earliest), null);
  return first === null ? [] : denseDailyDemand(inWindow.map((day) => ({ date: day.date, demand: day.units })), first, input.asOf);
}

const leadTimeOf = (input: ReplenishmentInput) => input.policyLeadTimeDays || DEFAULT_LEAD_TIME_DAYS;

/**
 * Reorder point and safety stock of one SKU at one location as of a day, from
 * the demand statistics alone (no model to fit): the same figures the full
 * forecast reports, at a cost a projection can pay on every event.
 */
export function replenishmentPolicy(input: ReplenishmentInput): ReplenishmentPolicy {
  const leadTimeDays = leadTimeOf(input);
  const policy = reorderPolicy(demandWindow(input).map((day) => day.demand), leadTimeDays, DEFAULT_SERVICE_LEVEL);
  return { reorderPoint: roundTo(policy.reorderPoint, 2), safetyStock: roundTo(policy.safetyStock, 2), leadTimeDays };
}

/**
 * The replenishment figures of one SKU at one location as of a day: the
 * default forecast (SES, fitted) over the demand of the HISTORY_DAYS up to
 * that day, with the location's lead time (DEFAULT_LEAD_TIME_DAYS where its
 * policy names none) and its atp. Fits a model: for the rows of one page.
 */
export function replenishmentFigures(input: ReplenishmentInput & { atp: number }): ReplenishmentFigures {
  const history = demandWindow(input);
  const forecast = forecastDemand({
    history,
    method: 'ses',
    horizon: DEFAULT_HORIZON_DAYS,
    leadTimeDays: leadTimeOf(input),
    atp: input.atp,
    forecastStart: history.length === 0 ? addDays(input.asOf, 1) : undefined,
  });
  return {
    reorderPoint: forecast.reorderPoint,
    safetyStock: forecast.safetyStock,
    leadTimeDays: forecast.leadTimeDays,
    daysOfCover: forecast.daysOfCover,
    suggestedReorderQuantity: forecast.suggestedReorderQuantity,
  };
}

/** Whether a row belongs on the replenishment list (see replenishmentList). */
export const needsReorder = (row: ReplenishmentRow): boolean => row.reorderPoint > 0 && row.atp <= row.reorderPoint;

/**
 * One string that sorts (by code point) the rows of the list in the order
 * replenishmentList gives them: atp / reorderPoint, then the larger reorder
 * point, then sku and location. SKUs never contain a space, so the space
 * between sku and location makes a shorter SKU sort first, as it does alone.
 */
export function replenishmentSortKey(row: ReplenishmentRow): string {
  const ratio = row.reorderPoint > 0 ? Math.min(Math.max(row.atp / row.reorderPoint, 0), 9) : 9;
  const larger = String(MAX_SORTED_HUNDREDTHS - Math.min(Math.round(row.reorderPoint * 100), MAX_SORTED_HUNDREDTHS)).padStart(15, '0');
  return `${ratio.toFixed(15)}|${larger}|${row.sku} ${row.locationId}`;
}

const MAX_SORTED_HUNDREDTHS = 999_999_999_999_999;

/** Keeps the demand days that can still fall inside the window of a later day: those of the last HISTORY_DAYS up to `asOf`. */
export const recentDemand = (demand: readonly DemandDay[], asOf: string): DemandDay[] =>
  demand.filter((day) => dayNumber(day.date) > dayNumber(asOf) - HISTORY_DAYS);
