import { fitModel, forecastAhead, holtSse, sesSse, smoothHolt } from '../../../src/domain/forecasting';

const linear = Array.from({ length: 30 }, (_, i) => 5 + 2 * i); // 5, 7, ..., 63: slope d = 2

/** A year of noisy, seasonal, trending demand (deterministic). */
const year = Array.from({ length: 365 }, (_, i) => Math.max(0, Math.round(20 + 0.05 * i + 8 * Math.sin(i / 3) + ((i * 7919) % 13) - 6)));

const coarseGrid = Array.from({ length: 100 }, (_, i) => (i + 1) / 100);

describe('parameter fitting', () => {
  it('SES picks alpha = 1 for a step (any smaller alpha lags behind the new level)', () => {
    // y = 0,0,0,10,10,10,10: with a = 1 the only error is the step, 10^2 = 100;
    // with a < 1 the same error at the step, plus (1-a)^k*10 on each later day.
    const model = fitModel([0, 0, 0, 10, 10, 10, 10], 'ses');
    expect(model.params).toEqual({ alpha: 1 });
    expect(model.sse).toBe(100);
    expect(forecastAhead(model, 2)).toEqual([10, 10]);
  });

  it('Holt on a perfectly linear series fits exactly at any parameters and continues the line', () => {
    // l_2 = y_2 and b_2 = y_2 - y_1 = 2: every one-step forecast is exact, so SSE = 0 everywhere
    // and the smallest coarse point wins the tie.
    const model = fitModel(linear, 'holt');
    expect(model).toMatchObject({ params: { alpha: 0.01, beta: 0.01 }, sse: 0 });
    expect(forecastAhead(model, 5)).toEqual([65, 67, 69, 71, 73]);
  });

  it('a constant series fits with SSE 0 at any parameter; ties go to the smallest coarse point', () => {
    expect(fitModel([7, 7, 7, 7], 'ses')).toMatchObject({ params: { alpha: 0.01 }, sse: 0 });
    expect(fitModel([7, 7, 7, 7], 'holt')).toMatchObject({ params: { alpha: 0.01, beta: 0.01 }, sse: 0 });
    expect(forecastAhead(fitModel([7, 7, 7, 7], 'holt'), 2)).toEqual([7, 7]);
  });

  it('reports parameters for an empty, one-point or all-zero series', () => {
    expect(fitModel([], 'ses')).toEqual({ method: 'ses', params: { alpha: 0.01 }, fitted: [], level: 0, trend: 0, sse: 0 });
    expect(fitModel([], 'holt', { alpha: 0.4 })).toMatchObject({ params: { alpha: 0.4, beta: 0.01 }, level: 0, trend: 0 });
    expect(fitModel([9], 'holt')).toMatchObject({ params: { alpha: 0.01, beta: 0.01 }, fitted: [null], level: 9, trend: 0 });
    expect(forecastAhead(fitModel([0, 0, 0], 'holt'), 3)).toEqual([0, 0, 0]);
  });

  it('no coarse grid point beats the chosen one', () => {
    const ses = fitModel(year, 'ses');
    for (const alpha of coarseGrid) expect(ses.sse).toBeLessThanOrEqual(sesSse(year, alpha));
    const holt = fitModel(year, 'holt');
    for (const alpha of coarseGrid) for (const beta of coarseGrid) expect(holt.sse).toBeLessThanOrEqual(holtSse(year, alpha, beta));
  });

  it('refines to steps of 0.001', () => {
    const { alpha, beta } = fitModel(year, 'holt').params;
    expect(Math.round(alpha * 1000) / 1000).toBe(alpha);
    expect(Math.round((beta as number) * 1000) / 1000).toBe(beta);
  });

  it('uses parameters the caller fixed, alone or together, and fits the other', () => {
    const both = fitModel(year, 'holt', { alpha: 0.3, beta: 0.1 });
    expect(both.params).toEqual({ alpha: 0.3, beta: 0.1 });
    expect(both.sse).toBeCloseTo(smoothHolt(year, 0.3, 0.1).sse, 9);

    const alphaOnly = fitModel(year, 'holt', { alpha: 0.3 });
    expect(alphaOnly.params.alpha).toBe(0.3);
    for (const beta of coarseGrid) expect(alphaOnly.sse).toBeLessThanOrEqual(holtSse(year, 0.3, beta));

    const betaOnly = fitModel(year, 'holt', { beta: 0.2 });
    expect(betaOnly.params.beta).toBe(0.2);
    for (const alpha of coarseGrid) expect(betaOnly.sse).toBeLessThanOrEqual(holtSse(year, alpha, 0.2));

    expect(fitModel(year, 'ses', { alpha: 0.25 }).params).toEqual({ alpha: 0.25 });
  });

  it('refuses a beta for SES', () => {
    expect(() => fitModel(year, 'ses', { beta: 0.2 })).toThrow(RangeError);
  });

  it('fits Holt on 365 days within 50 ms', () => {
    const timings = [1, 2, 3].map(() => {
      const started = process.hrtime.bigint();
      fitModel(year, 'holt');
      return Number(process.hrtime.bigint() - started) / 1e6;
    });
    expect(Math.min(...timings)).toBeLessThan(50);
  });
});
