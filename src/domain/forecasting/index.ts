export { MAPE_WINDOW_DAYS, meanAbsolutePercentageError } from './accuracy';
export { addDays, CalendarDay, dayFromNumber, dayNumber } from './calendar-day';
export { DailyDemand, denseDailyDemand } from './daily-demand';
export { forecastAhead, holtSse, sesSse, smoothHolt, smoothSes, type Smoothing } from './exponential-smoothing';
export { DemandForecast, forecastDemand, ForecastDemandInput } from './forecast';
export { productForecast, type VariantForecast } from './product-forecast';
export {
  DEFAULT_HORIZON_DAYS,
  DEFAULT_SERVICE_LEVEL,
  DemandQuantity,
  ForecastMethod,
  Horizon,
  LeadTimeDays,
  MAX_HORIZON_DAYS,
  MAX_LEAD_TIME_DAYS,
  ServiceLevel,
  SmoothingParameter,
} from './forecast.schema';
export { daysOfCover, reorderPoint, reorderPolicy, safetyStock, suggestedReorderQuantity } from './inventory-policy';
export { normalQuantile } from './normal-quantile';
export { fitModel, type FittedModel, type SmoothingParameters } from './parameter-fit';
export {
  DEFAULT_LEAD_TIME_DAYS,
  type DemandDay,
  HISTORY_DAYS,
  needsReorder,
  recentDemand,
  replenishmentFigures,
  replenishmentPolicy,
  type ReplenishmentPolicy,
  type ReplenishmentFigures,
  replenishmentList,
  type ReplenishmentRow,
  replenishmentSortKey,
} from './replenishment';
export { roundTo } from './rounding';
export { mean, sampleStandardDeviation, sum } from './statistics';
