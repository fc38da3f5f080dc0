export const MAPE_WINDOW_DAYS = 28;

/**
 * Mean absolute percentage error, in percent, of one-step-ahead forecasts
 * (`fitted[i]` forecasts `actual[i]`) over the last `windowDays` days.
 * Days with zero actual demand are left out (their percentage error is
 * undefined); null when no day is left.
 */
export function meanAbsolutePercentageError(
  actual: readonly number[],
  fitted: readonly number[],
  windowDays: number = MAPE_WINDOW_DAYS,
): number | null {
  if (fitted.length !== actual.length) throw new RangeError('one fitted value per actual value is needed');
  let sum = 0;
  let days = 0;
  for (let i = Math.max(0, actual.length - windowDays); i < actual.length; i++) {
    const observed = actual[i] as number;
    if (observed === 0) continue;
    sum += Math.abs((observed - (fitted[i] as number)) / observed);
    days++;
  }
  return days === 0 ? null : (100 * sum) / days;
}
