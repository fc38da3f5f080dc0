import { productForecast, type VariantForecast } from '../../../src/domain/forecasting';

const variantForecast = (sku: string, history: [string, number][], forecast: [string, number][], figures: Partial<VariantForecast> = {}): VariantForecast => ({
  sku,
  locationId: null,
  optionValues: { Size: sku },
  method: 'ses',
  params: { alpha: 0.3 },
  history: history.map(([date, demand]) => ({ date, demand })),
  forecast: forecast.map(([date, quantity]) => ({ date, quantity })),
  safetyStock: 1.5,
  reorderPoint: 4.25,
  leadTimeDays: 7,
  atp: 10,
  daysOfCover: null,
  suggestedReorderQuantity: 3,
  accuracy: { mape: null },
  ...figures,
});

describe('productForecast', () => {
  it('sums demand day by day over histories of different lengths, and the forecasts day by day', () => {
    const small = variantForecast('S', [['2025-03-01', 2], ['2025-03-02', 0], ['2025-03-03', 1]], [['2025-03-04', 1.1], ['2025-03-05', 1.1]]);
    const large = variantForecast('L', [['2025-03-02', 4], ['2025-03-03', 3]], [['2025-03-04', 3.33], ['2025-03-05', 3.33]]);
    const product = productForecast([small, large]);
    expect(product.history).toEqual([
      { date: '2025-03-01', demand: 2 },
      { date: '2025-03-02', demand: 4 },
      { date: '2025-03-03', demand: 4 },
    ]);
    expect(product.forecast).toEqual([
      { date: '2025-03-04', quantity: 4.43 },
      { date: '2025-03-05', quantity: 4.43 },
    ]);
    expect(product.variants).toEqual([small, large]);
  });

  it('adds up atp, safety stock, reorder point and suggested quantity, and works days of cover out from the sums', () => {
    const product = productForecast([
      variantForecast('S', [], [['2025-03-04', 1]], { atp: 6, safetyStock: 1.25, reorderPoint: 3.5, suggestedReorderQuantity: 2 }),
      variantForecast('L', [], [['2025-03-04', 2]], { atp: 3, safetyStock: 0.5, reorderPoint: 2.25, suggestedReorderQuantity: 0 }),
    ]);
    expect(product).toMatchObject({ atp: 9, safetyStock: 1.75, reorderPoint: 5.75, suggestedReorderQuantity: 2, daysOfCover: 3 });
  });

  it('has no days of cover when nothing is forecast to sell, and empty series for a product without variants', () => {
    expect(productForecast([variantForecast('S', [], [['2025-03-04', 0]])]).daysOfCover).toBeNull();
    expect(productForecast([])).toEqual({ history: [], forecast: [], atp: 0, safetyStock: 0, reorderPoint: 0, suggestedReorderQuantity: 0, daysOfCover: null, variants: [] });
  });
});
