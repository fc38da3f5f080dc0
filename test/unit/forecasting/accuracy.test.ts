import { meanAbsolutePercentageError } from '../../../src/domain/forecasting';

describe('MAPE of one-step-ahead forecasts', () => {
  it('leaves days with zero demand out', () => {
    // day 2: |10 - 8| / 10 = 0.2; day 4: |20 - 25| / 20 = 0.25; days 1 and 3 have no demand
    // MAPE = 100 * (0.2 + 0.25) / 2 = 22.5
    expect(meanAbsolutePercentageError([0, 10, 0, 20], [5, 8, 3, 25])).toBeCloseTo(22.5, 10);
  });

  it('leaves out the days without a forecast (those that start the smoothing)', () => {
    // only days 3 and 4 have a forecast: |10 - 8| / 10 = 0.2, |20 - 25| / 20 = 0.25 -> 22.5
    expect(meanAbsolutePercentageError([4, 6, 10, 20], [null, null, 8, 25])).toBeCloseTo(22.5, 10);
  });

  it('looks at the last 28 days only', () => {
    // 30 days of 10; the first two forecasts are far off, the last one by 2 (20% on one day of 28)
    const actual = new Array<number>(30).fill(10);
    const fitted = [100, 100, ...new Array<number>(27).fill(10), 12];
    expect(meanAbsolutePercentageError(actual, fitted)).toBeCloseTo(20 / 28, 10);
    expect(meanAbsolutePercentageError(actual, fitted, 29)).toBeCloseTo((900 + 20) / 29, 10);
  });

  it('is null when no day in the window had demand', () => {
    expect(meanAbsolutePercentageError([0, 0, 0], [1, 2, 3])).toBeNull();
    expect(meanAbsolutePercentageError([], [])).toBeNull();
  });

  it('measures an unfloored negative forecast as it is', () => {
    // |4 - (-1)| / 4 = 125%
    expect(meanAbsolutePercentageError([4], [-1])).toBe(125);
  });

  it('needs one forecast per day', () => {
    expect(() => meanAbsolutePercentageError([1, 2], [1])).toThrow(RangeError);
  });
});
