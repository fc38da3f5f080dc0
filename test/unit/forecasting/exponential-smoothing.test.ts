import { forecastAhead, holtSse, sesSse, smoothHolt, smoothSes } from '../../../src/domain/forecasting';

describe('simple exponential smoothing', () => {
  it('starts at l_1 = y_1, forecasts y_2 first, follows l_t = a*y_t + (1-a)*l_{t-1} and forecasts l_n flat', () => {
    // y = 10, 12, 8, 11; a = 0.5; l_1 = 10 (no forecast for y_1)
    // t=2: fitted 10,    e =  2,   l_2 = 0.5*12 + 0.5*10   = 11
    // t=3: fitted 11,    e = -3,   l_3 = 0.5*8  + 0.5*11   = 9.5
    // t=4: fitted 9.5,   e =  1.5, l_4 = 0.5*11 + 0.5*9.5  = 10.25
    // SSE = 4 + 9 + 2.25 = 15.25
    const fit = smoothSes([10, 12, 8, 11], 0.5);
    expect(fit.fitted).toEqual([null, 10, 11, 9.5]);
    expect(fit.level).toBe(10.25);
    expect(fit.trend).toBe(0);
    expect(fit.sse).toBe(15.25);
    expect(forecastAhead(fit, 3)).toEqual([10.25, 10.25, 10.25]);
  });

  it('with a = 0.2 weighs history more', () => {
    // y = 4, 9, 5; a = 0.2; l_1 = 4
    // t=2: fitted 4,   e = 5,    l_2 = 4 + 0.2*5     = 5
    // t=3: fitted 5,   e = 0,    l_3 = 5
    // SSE = 25
    const fit = smoothSes([4, 9, 5], 0.2);
    expect(fit.fitted).toEqual([null, 4, 5]);
    expect(fit.level).toBeCloseTo(5, 12);
    expect(fit.sse).toBeCloseTo(25, 12);
    expect(sesSse([4, 9, 5], 0.2)).toBe(fit.sse);
  });

  it('handles an empty series (level 0, zero forecast) and a single point (no forecast observation)', () => {
    expect(smoothSes([], 0.5)).toEqual({ fitted: [], level: 0, trend: 0, sse: 0 });
    expect(forecastAhead(smoothSes([], 0.5), 2)).toEqual([0, 0]);
    expect(smoothSes([7], 0.5)).toEqual({ fitted: [null], level: 7, trend: 0, sse: 0 });
  });

  it('keeps a constant series exactly constant whatever the parameter', () => {
    for (const alpha of [0.01, 0.3, 0.77, 1]) expect(smoothSes([6, 6, 6, 6, 6], alpha)).toEqual({ fitted: [null, 6, 6, 6, 6], level: 6, trend: 0, sse: 0 });
  });
});

describe("Holt's linear trend", () => {
  it('starts at l_2 = y_2, b_2 = y_2 - y_1, forecasts y_3 first and follows the level and trend recursions', () => {
    // y = 10, 12, 13, 17; a = b = 0.5; l_2 = 12, b_2 = 2 (no forecast for y_1, y_2)
    // t=3: fitted 12+2 = 14,               e = -1
    //      l_3 = 0.5*13 + 0.5*14 = 13.5,     b_3 = 0.5*(13.5-12) + 0.5*2 = 1.75
    // t=4: fitted 13.5+1.75 = 15.25,       e = 1.75
    //      l_4 = 0.5*17 + 0.5*15.25 = 16.125, b_4 = 0.5*(16.125-13.5) + 0.5*1.75 = 2.1875
    // SSE = 1 + 3.0625 = 4.0625
    // yhat_{n+h} = 16.125 + h*2.1875 -> 18.3125, 20.5, 22.6875
    const fit = smoothHolt([10, 12, 13, 17], 0.5, 0.5);
    expect(fit.fitted).toEqual([null, null, 14, 15.25]);
    expect(fit.level).toBe(16.125);
    expect(fit.trend).toBe(2.1875);
    expect(fit.sse).toBe(4.0625);
    expect(forecastAhead(fit, 3)).toEqual([18.3125, 20.5, 22.6875]);
    expect(holtSse([10, 12, 13, 17], 0.5, 0.5)).toBe(fit.sse);
  });

  it('continues a series on an exact line exactly, whatever the parameters', () => {
    for (const [a, b] of [[0.1, 0.9], [0.5, 0.5], [0.01, 0.01], [1, 1]] as const) {
      const fit = smoothHolt([10, 12, 14, 16, 18, 20], a, b);
      expect(fit.fitted).toEqual([null, null, 14, 16, 18, 20]);
      expect(fit.sse).toBe(0);
      expect(forecastAhead(fit, 3)).toEqual([22, 24, 26]);
    }
  });

  it('floors forecasts at 0 but keeps the one-step-ahead values unfloored for the SSE', () => {
    // y = 10, 6, 2, 0; a = b = 0.5; l_2 = 6, b_2 = -4
    // t=3: fitted 2,     e = 0,   l_3 = 2,  b_3 = -4
    // t=4: fitted -2,    e = 2,   l_4 = 0.5*0 + 0.5*(-2) = -1, b_4 = 0.5*(-1-2) + 0.5*(-4) = -3.5
    // SSE = 0 + 4 = 4 (with the unfloored -2)
    const fit = smoothHolt([10, 6, 2, 0], 0.5, 0.5);
    expect(fit.fitted).toEqual([null, null, 2, -2]);
    expect(fit.level).toBe(-1);
    expect(fit.trend).toBe(-3.5);
    expect(fit.sse).toBe(4);
    expect(forecastAhead(fit, 3)).toEqual([0, 0, 0]);
  });

  it('floors only the days that would go negative', () => {
    expect(forecastAhead({ level: 5, trend: -2 }, 4)).toEqual([3, 1, 0, 0]);
  });

  it('starts a one-point series flat at that point, and a two-point series on its line', () => {
    expect(smoothHolt([4], 0.5, 0.5)).toEqual({ fitted: [null], level: 4, trend: 0, sse: 0 });
    expect(forecastAhead(smoothHolt([4], 0.5, 0.5), 2)).toEqual([4, 4]);
    expect(smoothHolt([4, 7], 0.5, 0.5)).toEqual({ fitted: [null, null], level: 7, trend: 3, sse: 0 });
    expect(forecastAhead(smoothHolt([4, 7], 0.5, 0.5), 2)).toEqual([10, 13]);
  });

  it('forecasts zeros for an empty or all-zero series', () => {
    expect(smoothHolt([], 0.5, 0.5)).toEqual({ fitted: [], level: 0, trend: 0, sse: 0 });
    expect(forecastAhead(smoothHolt([], 0.5, 0.5), 2)).toEqual([0, 0]);
    expect(smoothHolt([0, 0, 0], 0.3, 0.2)).toEqual({ fitted: [null, null, 0], level: 0, trend: 0, sse: 0 });
  });
});
