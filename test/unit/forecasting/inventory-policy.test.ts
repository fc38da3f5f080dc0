import {
  daysOfCover,
  mean,
  reorderPoint,
  reorderPolicy,
  safetyStock,
  sampleStandardDeviation,
  suggestedReorderQuantity,
} from '../../../src/domain/forecasting';

// Daily demand 3, 5, 7: mean 5; squared deviations 4 + 0 + 4 = 8; sample variance 8/(3-1) = 4; sigma_d = 2.
const demand = [3, 5, 7];

describe('demand statistics', () => {
  it('uses the sample standard deviation (n - 1)', () => {
    expect(mean(demand)).toBe(5);
    expect(sampleStandardDeviation(demand)).toBe(2);
  });

  it('is 0 for fewer than two days, and the mean of nothing is 0', () => {
    expect(sampleStandardDeviation([])).toBe(0);
    expect(sampleStandardDeviation([9])).toBe(0);
    expect(mean([])).toBe(0);
  });
});

describe('inventory policy', () => {
  it('safety stock = z * sigma_d * sqrt(lead time)', () => {
    // 1.645 * 2 * sqrt(9) = 1.645 * 6 = 9.87
    expect(safetyStock({ z: 1.645, demandStdDev: 2, leadTimeDays: 9 })).toBeCloseTo(9.87, 10);
    expect(safetyStock({ z: 1.645, demandStdDev: 2, leadTimeDays: 0 })).toBe(0);
  });

  it('reorder point = mean daily demand * lead time + safety stock', () => {
    // 5 * 9 + 9.87 = 54.87
    expect(reorderPoint({ meanDailyDemand: 5, leadTimeDays: 9, safetyStock: 9.87 })).toBeCloseTo(54.87, 10);
  });

  it('derives both from the history at a service level', () => {
    // z(0.95) = 1.6448536; safety stock = 1.6448536 * 2 * 3 = 9.8691; reorder point = 45 + 9.8691
    const policy = reorderPolicy(demand, 9, 0.95);
    expect(policy.safetyStock).toBeCloseTo(9.8691, 4);
    expect(policy.reorderPoint).toBeCloseTo(54.8691, 4);
    expect(reorderPolicy(demand, 9, 0.5)).toEqual({ safetyStock: 0, reorderPoint: 45 });
    expect(reorderPolicy([], 9, 0.95)).toEqual({ safetyStock: 0, reorderPoint: 0 });
  });

  it('days of cover = atp / mean daily forecast, null when nothing is forecast', () => {
    // 30 / ((4 + 5 + 6) / 3) = 30 / 5 = 6
    expect(daysOfCover(30, [4, 5, 6])).toBe(6);
    expect(daysOfCover(0, [4, 5, 6])).toBe(0);
    expect(daysOfCover(30, [0, 0])).toBeNull();
    expect(daysOfCover(30, [])).toBeNull();
  });

  it('suggests whole units up to reorder point plus lead-time demand, never negative', () => {
    // 54.87 + 45 - 30 = 69.87 -> 70
    expect(suggestedReorderQuantity({ reorderPoint: 54.87, leadTimeDemand: 45, atp: 30 })).toBe(70);
    // 54.87 + 45 - 200 < 0 -> 0
    expect(suggestedReorderQuantity({ reorderPoint: 54.87, leadTimeDemand: 45, atp: 200 })).toBe(0);
    // exactly covered -> 0
    expect(suggestedReorderQuantity({ reorderPoint: 10, leadTimeDemand: 5, atp: 15 })).toBe(0);
  });

  it('does not round floating-point noise up to an extra unit', () => {
    // a mean of 0.07 a day over 100 days is 7.000000000000001 in binary floating point
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(suggestedReorderQuantity({ reorderPoint: 0.07 * 100, leadTimeDemand: 5, atp: 0 })).toBe(12);
  });
});
