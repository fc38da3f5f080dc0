import { ALL_LOCATIONS, DailyDemand, dailyDemandId, DEMAND_COLLECTION } from '../../../src/projections/read-models/demand.projection';
import { at, orderIdOf, OrderStory } from './support/order-story';
import { busyWeek } from './support/scenario';

describe('daily_demand read model', () => {
  let story: OrderStory;
  beforeEach(async () => {
    story = await OrderStory.open();
    await busyWeek(story);
    await story.project();
  });
  afterEach(() => story.close());

  const demand = async (sku: string, locationId: string) => {
    const { items } = await story.documents.find<DailyDemand>(DEMAND_COLLECTION, {
      filter: { sku, locationId },
      sort: { field: 'date', direction: 'asc' },
      limit: 500,
    });
    return items.map(({ date, units, orders }) => ({ date, units, orders }));
  };

  it('counts the units customers ordered per SKU per day of placing, over all locations, allocated or not', async () => {
    expect(await demand('SKU-A', ALL_LOCATIONS)).toEqual([
      { date: '2025-03-03', units: 7, orders: 2 }, // delivered (2) and split (5)
      { date: '2025-03-05', units: 1, orders: 1 }, // payment failed: still demand
    ]);
    expect(await demand('SKU-B', ALL_LOCATIONS)).toEqual([
      { date: '2025-03-03', units: 1, orders: 1 },
      { date: '2025-03-04', units: 1, orders: 1 }, // later cancelled
      { date: '2025-03-05', units: 2, orders: 1 },
    ]);
    // nothing could be allocated, the demand is there all the same
    expect(await demand('SKU-C', ALL_LOCATIONS)).toEqual([{ date: '2025-03-04', units: 1, orders: 1 }]);
  });

  it('counts per location what was allocated from there, by the day of the allocation', async () => {
    expect(await demand('SKU-A', 'east')).toEqual([{ date: '2025-03-03', units: 5, orders: 2 }]);
    expect(await demand('SKU-A', 'west')).toEqual([{ date: '2025-03-04', units: 2, orders: 1 }]); // the split order's second attempt
    expect(await demand('SKU-B', 'east')).toEqual([
      { date: '2025-03-03', units: 1, orders: 1 },
      { date: '2025-03-04', units: 1, orders: 1 },
    ]);
    expect(await demand('SKU-B', 'west')).toEqual([{ date: '2025-03-05', units: 2, orders: 1 }]);
    expect(await demand('SKU-C', 'east')).toEqual([]);
  });

  it('counts an order once per SKU and day even when several of its lines hold that SKU', async () => {
    const orderId = orderIdOf(80);
    await story.authorized(orderId, { at: at(9), lines: [{ sku: 'SKU-B', quantity: 1 }, { sku: 'SKU-B', quantity: 2 }] });
    await story.allocate(orderId, 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 1 }, { lineId: 'L2', locationId: 'east', quantity: 2 }], at(9, 1));
    await story.project();
    const day = { date: '2025-03-09', units: 3, orders: 1 };
    expect((await demand('SKU-B', ALL_LOCATIONS)).at(-1)).toEqual(day);
    expect((await demand('SKU-B', 'east')).at(-1)).toEqual(day);
  });

  it('keys documents by SKU, location and day', async () => {
    expect(await story.documents.get(DEMAND_COLLECTION, dailyDemandId('SKU-A', 'east', '2025-03-03'))).toEqual({
      sku: 'SKU-A',
      locationId: 'east',
      date: '2025-03-03',
      units: 5,
      orders: 2,
    });
  });
});
