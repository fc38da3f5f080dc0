import { ZodError } from 'zod';
import { DemandForecast, forecastDemand, type ForecastDemandInput } from '../../../src/domain/forecasting';

const days = (from: string, demand: number[]) => {
  const start = Date.parse(`${from}T00:00:00Z`);
  return demand.map((units, i) => ({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), demand: units }));
};

describe('forecastDemand', () => {
  it('forecasts with SES and derives the stock policy (hand-checked)', () => {
    // y = 3, 5, 7 on 2024-02-27..29; a = 0.5: l_1 = 3; fitted -, 3, 4; l_2 = 4, l_3 = 5.5
    // forecast 5.5 a day from 2024-03-01 (leap year)
    // sigma_d = 2, mean 5; z(0.95) = 1.6448536: safety stock = 1.6448536 * 2 * sqrt(9) = 9.8691
    // reorder point = 5 * 9 + 9.8691 = 54.8691; days of cover = 30 / 5.5 = 5.4545
    // suggested = ceil(54.8691 + 9 * 5.5 - 30) = ceil(74.3691) = 75
    // MAPE over the forecast days only (y_2, y_3) = 100 * (2/5 + 3/7) / 2 = 41.429
    const result = forecastDemand({
      history: days('2024-02-27', [3, 5, 7]),
      method: 'ses',
      alpha: 0.5,
      horizon: 3,
      leadTimeDays: 9,
      atp: 30,
    });
    expect(result).toEqual({
      method: 'ses',
      params: { alpha: 0.5 },
      history: days('2024-02-27', [3, 5, 7]),
      forecast: [
        { date: '2024-03-01', quantity: 5.5 },
        { date: '2024-03-02', quantity: 5.5 },
        { date: '2024-03-03', quantity: 5.5 },
      ],
      safetyStock: 9.87,
      reorderPoint: 54.87,
      leadTimeDays: 9,
      atp: 30,
      daysOfCover: 5.45,
      suggestedReorderQuantity: 75,
      accuracy: { mape: 41.43 },
    });
    expect(DemandForecast.parse(result)).toEqual(result);
  });

  it('forecasts with Holt beyond the horizon for the lead time (hand-checked)', () => {
    // y = 10, 12, 13, 17; a = b = 0.5 (see the Holt recursion test): l_4 = 16.125, b_4 = 2.1875
    // forecast 18.3125, 20.5, then 22.6875 on the third lead-time day
    // mean 13; squared deviations 9 + 1 + 0 + 16 = 26; sigma_d = sqrt(26/3) = 2.943920
    // z(0.9) = 1.2815516: safety stock = 1.2815516 * 2.943920 * sqrt(3) = 6.534663
    // reorder point = 13 * 3 + 6.534663 = 45.534663
    // days of cover = 20 / ((18.3125 + 20.5) / 2) = 20 / 19.40625 = 1.0306
    // lead-time demand = 18.3125 + 20.5 + 22.6875 = 61.5
    // suggested = ceil(45.534663 + 61.5 - 20) = ceil(87.034663) = 88
    // MAPE over the forecast days only (y_3, y_4) = 100 * (1/13 + 1.75/17) / 2 = 8.993
    const result = forecastDemand({
      history: days('2024-12-30', [10, 12, 13, 17]),
      method: 'holt',
      alpha: 0.5,
      beta: 0.5,
      horizon: 2,
      leadTimeDays: 3,
      serviceLevel: 0.9,
      atp: 20,
    });
    expect(result).toMatchObject({
      params: { alpha: 0.5, beta: 0.5 },
      forecast: [
        { date: '2025-01-03', quantity: 18.31 },
        { date: '2025-01-04', quantity: 20.5 },
      ],
      safetyStock: 6.53,
      reorderPoint: 45.53,
      daysOfCover: 1.03,
      suggestedReorderQuantity: 88,
      accuracy: { mape: 8.99 },
    });
  });

  it('fits parameters left out and reports them', () => {
    const result = forecastDemand({ history: days('2024-01-01', [0, 0, 0, 10, 10, 10, 10]), method: 'ses', horizon: 1, leadTimeDays: 0, atp: 0 });
    expect(result.params).toEqual({ alpha: 1 });
    expect(result.forecast).toEqual([{ date: '2024-01-08', quantity: 10 }]);
  });

  it('with no history forecasts zeros from forecastStart and needs no stock', () => {
    expect(forecastDemand({ history: [], method: 'holt', horizon: 2, leadTimeDays: 5, atp: 3, forecastStart: '2024-06-01' })).toEqual({
      method: 'holt',
      params: { alpha: 0.01, beta: 0.01 },
      history: [],
      forecast: [
        { date: '2024-06-01', quantity: 0 },
        { date: '2024-06-02', quantity: 0 },
      ],
      safetyStock: 0,
      reorderPoint: 0,
      leadTimeDays: 5,
      atp: 3,
      daysOfCover: null,
      suggestedReorderQuantity: 0,
      accuracy: { mape: null },
    });
  });

  it('gives null days of cover and MAPE for a series of zeros', () => {
    const result = forecastDemand({ history: days('2024-01-01', [0, 0, 0]), method: 'ses', horizon: 2, leadTimeDays: 2, atp: 4 });
    expect(result).toMatchObject({ daysOfCover: null, accuracy: { mape: null }, suggestedReorderQuantity: 0, safetyStock: 0, reorderPoint: 0 });
  });

  const valid: ForecastDemandInput = { history: days('2024-01-01', [1, 2]), method: 'holt', horizon: 3, leadTimeDays: 2, atp: 1 };

  it.each<[string, Partial<ForecastDemandInput>]>([
    ['a gap between days', { history: [{ date: '2024-01-01', demand: 1 }, { date: '2024-01-03', demand: 1 }] }],
    ['days out of order', { history: [{ date: '2024-01-02', demand: 1 }, { date: '2024-01-01', demand: 1 }] }],
    ['a day that does not exist', { history: [{ date: '2023-02-29', demand: 1 }] }],
    ['negative demand', { history: [{ date: '2024-01-01', demand: -1 }] }],
    ['alpha above 1', { alpha: 1.2 }],
    ['alpha 0', { alpha: 0 }],
    ['beta with SES', { method: 'ses', beta: 0.2 }],
    ['horizon 0', { horizon: 0 }],
    ['a fractional lead time', { leadTimeDays: 1.5 }],
    ['service level 1', { serviceLevel: 1 }],
    ['negative atp', { atp: -1 }],
    ['no history and no forecastStart', { history: [] }],
    ['a forecastStart that does not follow the history', { forecastStart: '2024-01-05' }],
  ])('refuses %s', (_, change) => expect(() => forecastDemand({ ...valid, ...change })).toThrow(ZodError));

  it('accepts a forecastStart that follows the history', () => {
    expect(forecastDemand({ ...valid, forecastStart: '2024-01-03' }).forecast[0]?.date).toBe('2024-01-03');
  });
});
