import { z } from 'zod';

/** `ses`: simple exponential smoothing (flat forecast); `holt`: Holt's linear trend. */
export const ForecastMethod = z.enum(['ses', 'holt']);
export type ForecastMethod = z.infer<typeof ForecastMethod>;

/** A smoothing parameter (alpha or beta) fixed by the caller. */
export const SmoothingParameter = z.number().gt(0, 'must be in (0, 1]').lte(1, 'must be in (0, 1]');

/** Units demanded on one day: any finite number at or above zero (ad-hoc series may hold fractions). */
export const DemandQuantity = z.number().nonnegative('must not be negative').finite();

export const DEFAULT_HORIZON_DAYS = 14;
export const MAX_HORIZON_DAYS = 730;
/** Days to forecast after the last day of history. */
export const Horizon = z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_HORIZON_DAYS, `must be at most ${MAX_HORIZON_DAYS}`);

export const MAX_LEAD_TIME_DAYS = 365;
/** Days between ordering stock and having it to sell, as in `StockPolicySet`. */
export const LeadTimeDays = z.number().int('must be a whole number').min(0, 'must not be negative').max(MAX_LEAD_TIME_DAYS, `must be at most ${MAX_LEAD_TIME_DAYS}`);

/** Probability of not running out during the lead time; below 0.5 would mean negative safety stock. */
export const ServiceLevel = z.number().gte(0.5, 'must be in [0.5, 1)').lt(1, 'must be in [0.5, 1)');
export const DEFAULT_SERVICE_LEVEL = 0.95;
