import { forecastAhead, holtSse, sesSse, smoothHolt, smoothSes } from '../../../src/domain/forecasting';

describe('simple exponential smoothing', () => {
  it('follows l_t = a*y_t + (1-a)*l_{t-1} from l_0 = y_1 and forecasts l_n flat', () => {
    // y = 10, 12, 8, 11; a = 0.5; l_0 = 10
    // t=1: fitted 10,    e =  0,   l_1 = 0.5*10 + 0.5*10   = 10
    // t=2: fitted 10,    e =  2,   l_2 = 0.5*12 + 0.5*10   = 11
    // t=3: fitted 11,    e = -3,   l_3 = 0.5*8  + 0.5*11   = 9.5
    // t=4: fitted 9.5,   e =  1.5, l_4 = 0.5*11 + 0.5*9.5  = 10.25
    // SSE = 0 + 4 + 9 + 2.25 = 15.25
    const fit = smoothSes([10, 12, 8, 11], 0.5);
    expect(fit.fitted).toEqual([10, 10, 11, 9.5]);
    expect(fit.level).toBe(10.25);
    expect(fit.trend).toBe(0);
    expect(fit.sse).toBe(15.25);
    expect(forecastAhead(fit, 3)).toEqual([10.25, 10.25, 10.25]);
  });

  it('with a = 0.2 weighs history more', () => {
    // y = 4, 9, 5; a = 0.2; l_0 = 4
    // t=1: fitted 4,   e = 0,    l_1 = 4
    // t=2: fitted 4,   e = 5,    l_2 = 4 + 0.2*5     = 5
    // t=3: fitted 5,   e = 0,    l_3 = 5
    // SSE = 25
    const fit = smoothSes([4, 9, 5], 0.2);
    expect(fit.fitted).toEqual([4, 4, 5]);
    expect(fit.level).toBeCloseTo(5, 12);
    expect(fit.sse).toBeCloseTo(25, 12);
    expect(sesSse([4, 9, 5], 0.2)).toBe(fit.sse);
  });

  it('handles an empty series (level 0, zero forecast) and a single point', () => {
    expect(smoothSes([], 0.5)).toEqual({ fitted: [], level: 0, trend: 0, sse: 0 });
    expect(forecastAhead(smoothSes([], 0.5), 2)).toEqual([0, 0]);
    expect(smoothSes([7], 0.5)).toEqual({ fitted: [7], level: 7, trend: 0, sse: 0 });
  });

  it('keeps a constant series exactly constant whatever the parameter', () => {
    for (const alpha of [0.01, 0.3, 0.77, 1]) expect(smoothSes([6, 6, 6, 6, 6], alpha)).toEqual({ fitted: [6, 6, 6, 6, 6], level: 6, trend: 0, sse: 0 });
  });
});

describe("Holt's linear trend", () => {
  it('follows the level and trend recursions from l_0 = y_1, b_0 = y_2 - y_1', () => {
    // y = 10, 12, 13, 17; a = b = 0.5; l_0 = 10, b_0 = 2
    // t=1: fitted 10+2 = 12,               e = -2
    //      l_1 = 0.5*10 + 0.5*12 = 11,       b_1 = 0.5*(11-10) + 0.5*2 = 1.5
    // t=2: fitted 11+1.5 = 12.5,           e = -0.5
    //      l_2 = 0.5*12 + 0.5*12.5 = 12.25,  b_2 = 0.5*1.25 + 0.5*1.5 = 1.375
    // t=3: fitted 12.25+1.375 = 13.625,    e = -0.625
    //      l_3 = 0.5*13 + 0.5*13.625 = 13.3125, b_3 = 0.5*1.0625 + 0.5*1.375 = 1.21875
    // t=4: fitted 13.3125+1.21875 = 14.53125, e = 2.46875
    //      l_4 = 0.5*17 + 0.5*14.53125 = 15.765625, b_4 = 0.5*2.453125 + 0.5*1.21875 = 1.8359375
    // SSE = 4 + 0.25 + 0.390625 + 6.0947265625 = 10.7353515625
    // yhat_{n+h} = 15.765625 + h*1.8359375 -> 17.6015625, 19.4375, 21.2734375
    const fit = smoothHolt([10, 12, 13, 17], 0.5, 0.5);
    expect(fit.fitted).toEqual([12, 12.5, 13.625, 14.53125]);
    expect(fit.level).toBe(15.765625);
    expect(fit.trend).toBe(1.8359375);
    expect(fit.sse).toBe(10.7353515625);
    expect(forecastAhead(fit, 3)).toEqual([17.6015625, 19.4375, 21.2734375]);
    expect(holtSse([10, 12, 13, 17], 0.5, 0.5)).toBe(fit.sse);
  });

  it('floors forecasts at 0 but keeps the one-step-ahead values unfloored for the SSE', () => {
    // y = 10, 6, 2, 0; a = b = 0.5; l_0 = 10, b_0 = -4
    // t=1: fitted 6,        e = 4,       l_1 = 8,       b_1 = 0.5*(-2) + 0.5*(-4) = -3
    // t=2: fitted 5,        e = 1,       l_2 = 5.5,     b_2 = 0.5*(-2.5) + 0.5*(-3) = -2.75
    // t=3: fitted 2.75,     e = -0.75,   l_3 = 2.375,   b_3 = 0.5*(-3.125) + 0.5*(-2.75) = -2.9375
    // t=4: fitted -0.5625,  e = 0.5625,  l_4 = 0.5*0 + 0.5*(-0.5625) = -0.28125,
    //                                    b_4 = 0.5*(-2.65625) + 0.5*(-2.9375) = -2.796875
    // SSE = 16 + 1 + 0.5625 + 0.31640625 = 17.87890625 (with the unfloored -0.5625)
    const fit = smoothHolt([10, 6, 2, 0], 0.5, 0.5);
    expect(fit.fitted).toEqual([6, 5, 2.75, -0.5625]);
    expect(fit.level).toBe(-0.28125);
    expect(fit.trend).toBe(-2.796875);
    expect(fit.sse).toBe(17.87890625);
    expect(forecastAhead(fit, 3)).toEqual([0, 0, 0]);
  });

  it('floors only the days that would go negative', () => {
    expect(forecastAhead({ level: 5, trend: -2 }, 4)).toEqual([3, 1, 0, 0]);
  });

  it('starts a one-point series with b_0 = 0', () => {
    expect(smoothHolt([4], 0.5, 0.5)).toEqual({ fitted: [4], level: 4, trend: 0, sse: 0 });
    expect(forecastAhead(smoothHolt([4], 0.5, 0.5), 2)).toEqual([4, 4]);
  });

  it('forecasts zeros for an empty or all-zero series', () => {
    expect(smoothHolt([], 0.5, 0.5)).toEqual({ fitted: [], level: 0, trend: 0, sse: 0 });
    expect(forecastAhead(smoothHolt([], 0.5, 0.5), 2)).toEqual([0, 0]);
    expect(smoothHolt([0, 0, 0], 0.3, 0.2)).toEqual({ fitted: [0, 0, 0], level: 0, trend: 0, sse: 0 });
  });

  it('has a first error of y_1 - y_2 whatever the parameters, since l_0 + b_0 = y_2', () => {
    for (const [a, b] of [[0.1, 0.9], [0.5, 0.5], [1, 0.01]] as const) expect(smoothHolt([3, 8, 9], a, b).fitted[0]).toBe(8);
  });
});
