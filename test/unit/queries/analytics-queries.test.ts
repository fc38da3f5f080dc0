import { AnalyticsQueries } from '../../../src/queries/analytics-queries';
import { OrderStory } from '../projections/support/order-story';
import { busyWeek } from '../projections/support/scenario';

const HOUR = 3600;

/** The busy week: see support/scenario.ts for what happens to each order. */
describe('AnalyticsQueries', () => {
  let story: OrderStory;
  let analytics: AnalyticsQueries;
  beforeAll(async () => {
    story = await OrderStory.open();
    await busyWeek(story);
    await story.project();
    analytics = new AnalyticsQueries(story.documents);
  });
  afterAll(() => story.close());

  const march = { from: '2025-03-01', to: '2025-03-31' };

  it('groups by the day orders were placed: counts, revenue by currency, mean time from placed to shipped', async () => {
    expect(await analytics.orders(march, 'day')).toEqual({
      ...march,
      groupBy: 'day',
      groups: [
        // delivered (30.00, shipped after 25 h) and split (55.00, first part shipped after 47.5 h)
        { key: '2025-03-03', orders: 2, revenue: { USD: 8500 }, shippedOrders: 2, meanPlacedToShippedSeconds: (25 * HOUR + 47.5 * HOUR) / 2 },
        // backordered (25.00) and cancelled (no revenue)
        { key: '2025-03-04', orders: 2, revenue: { USD: 2500 }, shippedOrders: 0, meanPlacedToShippedSeconds: null },
        // held (15.00), rejected and payment failed (no revenue)
        { key: '2025-03-05', orders: 3, revenue: { USD: 1500 }, shippedOrders: 0, meanPlacedToShippedSeconds: null },
      ],
    });
  });

  it('groups by channel', async () => {
    expect((await analytics.orders(march, 'channel')).groups).toEqual([
      { key: 'marketplace', orders: 1, revenue: { USD: 5500 }, shippedOrders: 1, meanPlacedToShippedSeconds: 47.5 * HOUR },
      { key: 'phone', orders: 1, revenue: { USD: 1500 }, shippedOrders: 0, meanPlacedToShippedSeconds: null },
      { key: 'web', orders: 5, revenue: { USD: 3000 + 2500 }, shippedOrders: 1, meanPlacedToShippedSeconds: 25 * HOUR },
    ]);
  });

  it('groups by where orders stand now, with the revenue and shipping times of the orders standing there', async () => {
    const none = { shippedOrders: 0, meanPlacedToShippedSeconds: null };
    expect((await analytics.orders(march, 'status')).groups).toEqual([
      { key: 'allocated', orders: 1, revenue: { USD: 1500 }, ...none }, // the held order: requested, not picked
      { key: 'backordered', orders: 1, revenue: { USD: 2500 }, ...none },
      { key: 'cancelled', orders: 1, revenue: { USD: 0 }, ...none },
      { key: 'delivered', orders: 1, revenue: { USD: 3000 }, shippedOrders: 1, meanPlacedToShippedSeconds: 25 * HOUR },
      { key: 'partially_shipped', orders: 1, revenue: { USD: 5500 }, shippedOrders: 1, meanPlacedToShippedSeconds: 47.5 * HOUR },
      { key: 'payment_failed', orders: 1, revenue: { USD: 0 }, ...none },
      { key: 'rejected', orders: 1, revenue: { USD: 0 }, ...none },
    ]);
  });

  it('counts only the days in the range, both ends inclusive', async () => {
    expect((await analytics.orders({ from: '2025-03-04', to: '2025-03-04' }, 'day')).groups.map((g) => g.key)).toEqual(['2025-03-04']);
    expect((await analytics.orders({ from: '2025-03-04', to: '2025-03-05' }, 'channel')).groups).toEqual([
      { key: 'phone', orders: 1, revenue: { USD: 1500 }, shippedOrders: 0, meanPlacedToShippedSeconds: null },
      { key: 'web', orders: 4, revenue: { USD: 2500 }, shippedOrders: 0, meanPlacedToShippedSeconds: null },
    ]);
    expect((await analytics.orders({ from: '2025-04-01', to: '2025-04-30' }, 'day')).groups).toEqual([]);
  });
});
