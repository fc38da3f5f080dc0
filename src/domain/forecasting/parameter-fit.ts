import { holtSse, sesSse, smoothHolt, smoothSes, type Smoothing } from './exponential-smoothing';
import type { ForecastMethod } from './forecast.schema';

/** The smoothing parameters a forecast used; `beta` only for Holt. */
export type SmoothingParameters = { alpha: number; beta?: number };

export type FittedModel = Smoothing & { readonly method: ForecastMethod; readonly params: SmoothingParameters };

/**
 * Smooths the series with the caller's parameters, choosing those left out by
 * minimising the SSE of one-step-ahead forecasts: a grid over 0.01..1 in steps
 * of 0.01, then steps of 0.001 within 0.009 of the best point (never below
 * 0.001 or above 1). When several points give the same SSE (e.g. a constant
 * series, where every point gives 0) the smallest parameters of the coarse
 * grid win, so the answer is deterministic.
 */
export function fitModel(
  series: readonly number[],
  method: ForecastMethod,
  fixed: { alpha?: number | undefined; beta?: number | undefined } = {},
): FittedModel {
  if (method === 'ses') {
    if (fixed.beta !== undefined) throw new RangeError('beta applies to the holt method only');
    const { alpha } = minimiseOnGrid((a) => sesSse(series, a), fixed.alpha, 0);
    return { method, params: { alpha }, ...smoothSes(series, alpha) };
  }
  const { alpha, beta } = minimiseOnGrid((a, b) => holtSse(series, a, b), fixed.alpha, fixed.beta);
  return { method, params: { alpha, beta }, ...smoothHolt(series, alpha, beta) };
}

type GridPoint = { alpha: number; beta: number; sse: number };

const COARSE_GRID = Array.from({ length: 100 }, (_, i) => (i + 1) / 100);

function fineGridAround(centre: number): number[] {
  const thousandths = Math.round(centre * 1000);
  const grid: number[] = [];
  for (let k = thousandths - 9; k <= thousandths + 9; k++) if (k >= 1 && k <= 1000) grid.push(k / 1000);
  return grid;
}

/** A fixed parameter is the only point of its axis. */
const axis = (fixed: number | undefined, grid: readonly number[]): readonly number[] =>
  fixed === undefined ? grid : [fixed];

function minimiseOnGrid(
  sse: (alpha: number, beta: number) => number,
  fixedAlpha: number | undefined,
  fixedBeta: number | undefined,
): GridPoint {
  const coarse = bestOf(sse, axis(fixedAlpha, COARSE_GRID), axis(fixedBeta, COARSE_GRID));
  return bestOf(sse, axis(fixedAlpha, fineGridAround(coarse.alpha)), axis(fixedBeta, fineGridAround(coarse.beta)), coarse);
}

function bestOf(
  sse: (alpha: number, beta: number) => number,
  alphas: readonly number[],
  betas: readonly number[],
  incumbent?: GridPoint,
): GridPoint {
  let best = incumbent;
  for (const alpha of alphas) {
    for (const beta of betas) {
      const value = sse(alpha, beta);
      if (best === undefined || value < best.sse) best = { alpha, beta, sse: value };
    }
  }
  if (best === undefined) throw new Error('empty parameter grid');
  return best;
}
