import { replenishmentList } from '../../../src/domain/forecasting';
import { DocumentStore } from '../../../src/infrastructure/documents/document-store';
import { ForecastQueries, HISTORY_DAYS } from '../../../src/queries/forecast-queries';
import { at, orderIdOf, OrderStory } from '../projections/support/order-story';

/**
 * SKU-A demand over all locations: 4 units on March 1, 2 on the 3rd, 6 on
 * the 4th (allocated from east that day). East: 10 on hand, safety stock 2,
 * lead time 4; west: 5 on hand, lead time 6.
 */
describe('ForecastQueries', () => {
  let story: OrderStory;
  const forecastsOn = (today: string) => new ForecastQueries(story.documents, () => today);

  beforeAll(async () => {
    story = await OrderStory.open();
    await story.product('SKU-A', 1000);
    await story.product('SKU-B', 1000);
    await story.location('east', 1);
    await story.location('west', 2);
    await story.policy('east', 'SKU-A', { safetyStock: 2, leadTimeDays: 4 });
    await story.policy('west', 'SKU-A', { leadTimeDays: 6 });
    await story.receive('east', 'SKU-A', 10);
    await story.receive('west', 'SKU-A', 5);
    await story.receive('west', 'SKU-B', 3);
    await story.place(orderIdOf(1), { at: at(1), lines: [{ sku: 'SKU-A', quantity: 4 }] });
    await story.place(orderIdOf(2), { at: at(3), lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await story.authorized(orderIdOf(3), { at: at(4), lines: [{ sku: 'SKU-A', quantity: 6 }] });
    await story.allocate(orderIdOf(3), 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 6 }], at(4, 1));
    await story.project();
  });
  afterAll(() => story.close());

  it('forecasts from the daily demand history, dense with zeros up to today', async () => {
    const forecast = await forecastsOn('2025-03-06').forecast({ sku: 'SKU-A', method: 'ses', alpha: 0.5, horizon: 3 });
    expect(forecast.history).toEqual([
      { date: '2025-03-01', demand: 4 },
      { date: '2025-03-02', demand: 0 },
      { date: '2025-03-03', demand: 2 },
      { date: '2025-03-04', demand: 6 },
      { date: '2025-03-05', demand: 0 },
      { date: '2025-03-06', demand: 0 },
    ]);
    // levels 4, 2, 2, 4, 2, 1: a flat forecast of 1 a day
    expect(forecast.forecast).toEqual([
      { date: '2025-03-07', quantity: 1 },
      { date: '2025-03-08', quantity: 1 },
      { date: '2025-03-09', quantity: 1 },
    ]);
    // mean 2, sample sd sqrt(6.4); the longest lead time of the locations (6); z(0.95) = 1.6449
    const safetyStock = 1.6448536 * Math.sqrt(6.4) * Math.sqrt(6);
    expect(forecast).toMatchObject({
      sku: 'SKU-A',
      locationId: null,
      method: 'ses',
      params: { alpha: 0.5 },
      leadTimeDays: 6,
      atp: 2 + 5, // east 10 - 6 reserved - 2 safety, west 5
      daysOfCover: 7,
      accuracy: { mape: 33.33 }, // one-step errors on the forecast days with demand: 0/2, 4/6 (day 1 starts the level)
    });
    expect(forecast.safetyStock).toBeCloseTo(safetyStock, 2);
    expect(forecast.reorderPoint).toBeCloseTo(2 * 6 + safetyStock, 2);
    expect(forecast.suggestedReorderQuantity).toBe(Math.ceil(2 * 6 + safetyStock + 6 * 1 - 7));
  });

  it('forecasts one location from what was allocated there, with its own stock and lead time', async () => {
    const forecast = await forecastsOn('2025-03-06').forecast({ sku: 'SKU-A', locationId: 'east', alpha: 0.5, horizon: 2 });
    expect(forecast).toMatchObject({
      locationId: 'east',
      history: [
        { date: '2025-03-04', demand: 6 },
        { date: '2025-03-05', demand: 0 },
        { date: '2025-03-06', demand: 0 },
      ],
      forecast: [
        { date: '2025-03-07', quantity: 1.5 },
        { date: '2025-03-08', quantity: 1.5 },
      ],
      leadTimeDays: 4,
      atp: 2,
    });
  });

  it('lets the caller fix the lead time and service level, and fits alpha when left out', async () => {
    const forecast = await forecastsOn('2025-03-06').forecast({ sku: 'SKU-A', leadTimeDays: 2, serviceLevel: 0.9, horizon: 1 });
    expect(forecast.leadTimeDays).toBe(2);
    expect(forecast.params.alpha).toBeGreaterThan(0);
    expect(forecast.safetyStock).toBeCloseTo(1.2815516 * Math.sqrt(6.4) * Math.sqrt(2), 2);
    const holt = await forecastsOn('2025-03-06').forecast({ sku: 'SKU-A', method: 'holt', alpha: 0.5, beta: 0.5, horizon: 1 });
    expect(holt).toMatchObject({ method: 'holt', params: { alpha: 0.5, beta: 0.5 } });
  });

  it('looks back at most HISTORY_DAYS days', async () => {
    const forecast = await forecastsOn('2025-05-31').forecast({ sku: 'SKU-A', alpha: 0.5, horizon: 1 });
    // the window is March 3 to May 31: the 4 units of March 1 fell out of it
    expect(forecast.history).toHaveLength(HISTORY_DAYS);
    expect(forecast.history[0]).toEqual({ date: '2025-03-03', demand: 2 });
    expect(forecast.history.at(-1)).toEqual({ date: '2025-05-31', demand: 0 });
  });

  it('forecasts nothing from tomorrow on for a SKU without demand', async () => {
    const forecast = await forecastsOn('2025-03-06').forecast({ sku: 'SKU-B', horizon: 2 });
    expect(forecast).toMatchObject({
      history: [],
      forecast: [
        { date: '2025-03-07', quantity: 0 },
        { date: '2025-03-08', quantity: 0 },
      ],
      atp: 3,
      daysOfCover: null,
      suggestedReorderQuantity: 0,
      leadTimeDays: 7, // no policy names one: the default
    });
  });

  it('lists for replenishment the locations at or below their reorder point, as of the day of their latest event', async () => {
    const { items, nextCursor } = await forecastsOn('2025-03-06').replenishment({ limit: 50 });
    // west has no demand of its own (reorder point 0) and SKU-B none at all; east is short
    expect(items.map(({ sku, locationId }) => `${locationId}.${sku}`)).toEqual(['east.SKU-A']);
    expect(nextCursor).toBeNull();
    // east's latest event is the allocation of March 4: its figures are the forecast of that day
    const east = await forecastsOn('2025-03-04').forecast({ sku: 'SKU-A', locationId: 'east' });
    expect(items[0]).toEqual({
      sku: 'SKU-A',
      locationId: 'east',
      atp: 2,
      onHand: 10,
      reorderPoint: east.reorderPoint,
      safetyStock: east.safetyStock,
      leadTimeDays: 4,
      daysOfCover: east.daysOfCover,
      suggestedReorderQuantity: east.suggestedReorderQuantity,
      asOf: '2025-03-04',
    });
  });
});

/** Counts the reads a DocumentStore serves. */
const countingReads = (documents: DocumentStore) => {
  let reads = 0;
  const counted = new Set(['get', 'getMany', 'find', 'count']);
  const store = new Proxy(documents, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (counted.has(String(property))) reads += 1;
        return value.apply(target, args);
      };
    },
  });
  return { store, reads: () => reads };
};

describe('ForecastQueries.replenishment over a large store', () => {
  let story: OrderStory;
  const SHORT = ['SKU-S1', 'SKU-S2', 'SKU-S3'];
  const FILLER_ROWS = 1_200;

  /** Three short SKUs at east, each with demand; `filler` more rows with stock and no demand. */
  let fillers = 0;
  const stock = async (filler: number) => {
    for (const end = fillers + filler; fillers < end; fillers++) await story.receive('west', `SKU-F${fillers}`, 5);
    await story.project();
  };

  beforeAll(async () => {
    story = await OrderStory.open();
    await story.location('east', 1);
    await story.location('west', 2);
    for (const [i, sku] of SHORT.entries()) {
      await story.product(sku, 1000);
      await story.receive('east', sku, 4 + i);
      await story.authorized(orderIdOf(10 + i), { at: at(2), lines: [{ sku, quantity: 2 + i }] });
      await story.allocate(orderIdOf(10 + i), `a${i}`, [{ lineId: 'L1', locationId: 'east', quantity: 2 + i }], at(2, 1));
    }
    await stock(10);
  });
  afterAll(() => story.close());

  it('reads the same number of documents whether the store holds 13 rows or 1,213', async () => {
    const small = countingReads(story.documents);
    const fewRows = await new ForecastQueries(small.store, () => '2025-03-06').replenishment({ limit: 50 });
    await stock(FILLER_ROWS);
    expect(await story.documents.count('inventory_levels')).toBe(3 + 10 + FILLER_ROWS);
    const large = countingReads(story.documents);
    const manyRows = await new ForecastQueries(large.store, () => '2025-03-06').replenishment({ limit: 50 });
    expect(manyRows).toEqual(fewRows);
    expect(large.reads()).toBe(small.reads());
    expect(large.reads()).toBe(1);
  });

  it('pages through the list in the order of replenishmentList, one row a page', async () => {
    const forecasts = new ForecastQueries(story.documents, () => '2025-03-06');
    const whole = await forecasts.replenishment({ limit: 50 });
    expect(whole.items.map((row) => row.sku).sort()).toEqual(SHORT);
    expect(whole.items).toEqual(replenishmentList(whole.items));
    const paged = [];
    let cursor: string | undefined;
    do {
      const page = await forecasts.replenishment({ limit: 1, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(whole.items);
  });
});
