/**
 * Exponential smoothing of a daily series y_1..y_n (docs/domain.md, Forecasting).
 *
 * Holt:  l_0 = y_1, b_0 = y_2 - y_1 (0 when there is one point),
 *        l_t = a*y_t + (1-a)(l_{t-1} + b_{t-1}),
 *        b_t = b*(l_t - l_{t-1}) + (1-b)*b_{t-1},
 *        the one-step-ahead forecast of y_t is l_{t-1} + b_{t-1}, yhat_{n+h} = l_n + h*b_n.
 * SES is the same recursion with b_0 = 0 and b = 0 (the trend stays 0):
 *        l_t = a*y_t + (1-a)*l_{t-1}, forecast of y_t is l_{t-1}, flat forecast l_n.
 *
 * The recursion runs in its error-correction form (e_t = y_t - (l_{t-1}+b_{t-1}),
 * l_t = l_{t-1} + b_{t-1} + a*e_t, b_t = b_{t-1} + a*b*e_t): the same numbers,
 * but a constant series stays exactly constant, so its errors are exactly 0.
 *
 * The one-step-ahead values are kept unfloored (they are what the recursion
 * predicts and what the SSE and MAPE measure); only forecasts reported for
 * future days are floored at 0, as demand cannot be negative.
 * Note that the first error of Holt is y_1 - y_2 whatever a and b are, since
 * l_0 + b_0 = y_2; it adds the same amount to every candidate's SSE.
 */
export type Smoothing = {
  /** fitted[t-1] is the one-step-ahead forecast of y_t (unfloored). */
  readonly fitted: number[];
  /** l_n: the level after the last observation (0 for an empty series). */
  readonly level: number;
  /** b_n: the trend after the last observation (always 0 for SES). */
  readonly trend: number;
  /** Sum over t = 1..n of (y_t - fitted_t)^2. */
  readonly sse: number;
};

export function smoothSes(series: readonly number[], alpha: number): Smoothing {
  const fitted: number[] = [];
  return { fitted, ...smooth(series, alpha, 0, 0, fitted) };
}

export function smoothHolt(series: readonly number[], alpha: number, beta: number): Smoothing {
  const fitted: number[] = [];
  return { fitted, ...smooth(series, alpha, beta, initialTrend(series), fitted) };
}

/** The SSE alone, without keeping fitted values: what the parameter search evaluates. */
export const sesSse = (series: readonly number[], alpha: number): number => smooth(series, alpha, 0, 0).sse;

export const holtSse = (series: readonly number[], alpha: number, beta: number): number =>
  smooth(series, alpha, beta, initialTrend(series)).sse;

/** yhat_{n+h} = max(0, l_n + h*b_n) for h = 1..horizon. */
export function forecastAhead(state: Pick<Smoothing, 'level' | 'trend'>, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, index) => Math.max(0, state.level + (index + 1) * state.trend));
}

const initialTrend = (series: readonly number[]): number =>
  series.length >= 2 ? (series[1] as number) - (series[0] as number) : 0;

function smooth(
  series: readonly number[],
  alpha: number,
  beta: number,
  trend0: number,
  fitted?: number[],
): { level: number; trend: number; sse: number } {
  let level = series[0] ?? 0;
  let trend = trend0;
  let sse = 0;
  for (const actual of series) {
    const forecast = level + trend;
    const error = actual - forecast;
    fitted?.push(forecast);
    sse += error * error;
    level = forecast + alpha * error;
    trend += alpha * beta * error;
  }
  return { level, trend, sse };
}
