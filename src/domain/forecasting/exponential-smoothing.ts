/**
 * Exponential smoothing of a daily series y_1..y_n.
 *
 * SES:   l_1 = y_1, then l_t = a*y_t + (1-a)*l_{t-1}; the one-step-ahead forecast
 *        of y_t is l_{t-1}, so the first forecast is for y_2; flat forecast l_n.
 * Holt (started as base R's HoltWinters starts it):
 *        l_2 = y_2, b_2 = y_2 - y_1, then
 *        l_t = a*y_t + (1-a)(l_{t-1} + b_{t-1}),
 *        b_t = b*(l_t - l_{t-1}) + (1-b)*b_{t-1};
 *        the one-step-ahead forecast of y_t is l_{t-1} + b_{t-1}, the first one for
 *        y_3, and yhat_{n+h} = l_n + h*b_n. A series on an exact line is therefore
 *        continued exactly, whatever a and b: every forecast error is 0.
 *
 * The observations that start the recursion have no forecast (null in
 * `fitted`) and take no part in the SSE or the MAPE: their "errors" would be 0
 * by construction and flatter the fit.
 *
 * The recursion runs in its error-correction form (e_t = y_t - (l_{t-1}+b_{t-1}),
 * l_t = l_{t-1} + b_{t-1} + a*e_t, b_t = b_{t-1} + a*b*e_t): the same numbers,
 * but a constant series stays exactly constant, so its errors are exactly 0.
 *
 * The one-step-ahead values are kept unfloored (they are what the recursion
 * predicts and what the SSE and MAPE measure); only forecasts reported for
 * future days are floored at 0, as demand cannot be negative.
 */
export type Smoothing = {
  /** fitted[t-1] is the one-step-ahead forecast of y_t (unfloored), null for the observations that start the recursion. */
  readonly fitted: (number | null)[];
  /** l_n: the level after the last observation (0 for an empty series). */
  readonly level: number;
  /** b_n: the trend after the last observation (always 0 for SES). */
  readonly trend: number;
  /** Sum of (y_t - fitted_t)^2 over the observations that have a forecast. */
  readonly sse: number;
};

export function smoothSes(series: readonly number[], alpha: number): Smoothing {
  const fitted: (number | null)[] = [];
  return { fitted, ...smooth(series, alpha, 0, false, fitted) };
}

export function smoothHolt(series: readonly number[], alpha: number, beta: number): Smoothing {
  const fitted: (number | null)[] = [];
  return { fitted, ...smooth(series, alpha, beta, true, fitted) };
}

/** The SSE alone, without keeping fitted values: what the parameter search evaluates. */
export const sesSse = (series: readonly number[], alpha: number): number => smooth(series, alpha, 0, false).sse;

export const holtSse = (series: readonly number[], alpha: number, beta: number): number =>
  smooth(series, alpha, beta, true).sse;

/** yhat_{n+h} = max(0, l_n + h*b_n) for h = 1..horizon. */
export function forecastAhead(state: Pick<Smoothing, 'level' | 'trend'>, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, index) => Math.max(0, state.level + (index + 1) * state.trend));
}

/** The state after the observations that start the recursion, and how many they are. */
const start = (series: readonly number[], withTrend: boolean): { level: number; trend: number; observations: number } => {
  const [first, second] = series;
  if (first === undefined) return { level: 0, trend: 0, observations: 0 };
  if (!withTrend) return { level: first, trend: 0, observations: 1 };
  if (second === undefined) return { level: first, trend: 0, observations: 1 };
  return { level: second, trend: second - first, observations: 2 };
};

function smooth(
  series: readonly number[],
  alpha: number,
  beta: number,
  withTrend: boolean,
  fitted?: (number | null)[],
): { level: number; trend: number; sse: number } {
  const initial = start(series, withTrend);
  let { level, trend } = initial;
  for (let t = 0; t < initial.observations; t++) fitted?.push(null);
  let sse = 0;
  for (let t = initial.observations; t < series.length; t++) {
    const forecast = level + trend;
    const error = (series[t] as number) - forecast;
    fitted?.push(forecast);
    sse += error * error;
    level = forecast + alpha * error;
    trend += alpha * beta * error;
  }
  return { level, trend, sse };
}
