export const MAPE_WINDOW_DAYS = 28;

/**
 * Mean absolute percentage error, in percent, of one-step-ahead forecasts
 * (`fitted[i]` forecasts `actual[i]`) over the last `windowDays` days.
 * Days with zero actual demand are left out (their percentage error is
 * undefined), and so are days without a forecast (null: the observations
 * that start the smoothing); null when no day is left.
 */
export function meanAbsolutePercentageError(
  actual: readonly number[],
  fitted: readonly (number | null)[],
  windowDays: number = MAPE_WINDOW_DAYS,
): number | null {
  if (fitted.length !== actual.length) throw new RangeError('one fitted value per actual value is needed');
  let sum = 0;
  let days = 0;
  for (let i = Math.max(0, actual.length - windowDays); i < actual.length; i++) {
    const observed = actual[i] as number;
    const forecast = fitted[i];
    if (observed === 0 || forecast === null || forecast === undefined) continue;
    sum += Math.abs((observed - forecast) / observed);
    days++;
  }
  return days === 0 ? null : (100 * sum) / days;
}
