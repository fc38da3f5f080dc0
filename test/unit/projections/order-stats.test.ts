import { ORDER_STATS_COLLECTION, OrderStatsBucket } from '../../../src/projections/read-models/order-stats';
import { at, orderIdOf, OrderStory } from './support/order-story';
import { busyWeek } from './support/scenario';

const HOUR = 3600;

describe('order_stats read model', () => {
  let story: OrderStory;
  beforeAll(async () => {
    story = await OrderStory.open();
    await busyWeek(story);
    await story.project();
  });
  afterAll(() => story.close());

  const bucket = (day: string, channel: string) =>
    story.documents.get<OrderStatsBucket>(ORDER_STATS_COLLECTION, `2025-03-0${day}|${channel}|USD`);
  /** Statuses an order passed through stay in byStatus at 0; what matters is where orders stand now. */
  const standing = (b: OrderStatsBucket | null) => Object.fromEntries(Object.entries(b?.byStatus ?? {}).filter(([, n]) => n !== 0));

  it('counts each order once, in the bucket of the day and channel it was placed in, by where it stands now', async () => {
    const web3 = await bucket('3', 'web');
    expect(web3).toMatchObject({ day: '2025-03-03', channel: 'web', currency: 'USD', orders: 1, revenue: 3000 });
    expect(standing(web3)).toEqual({ delivered: 1 });

    const web4 = await bucket('4', 'web');
    expect(web4).toMatchObject({ orders: 2, revenue: 2500 }); // the cancelled order's 1000 is no revenue
    expect(standing(web4)).toEqual({ backordered: 1, cancelled: 1 });

    const web5 = await bucket('5', 'web');
    expect(web5).toMatchObject({ orders: 2, revenue: 0 }); // rejected and payment failed
    expect(standing(web5)).toEqual({ rejected: 1, payment_failed: 1 });

    expect(standing(await bucket('5', 'phone'))).toEqual({ allocated: 1 });
    expect(await story.documents.count(ORDER_STATS_COLLECTION)).toBe(5);
  });

  it('adds the time from placed to first shipment once per order, however many parts ship', async () => {
    expect(await bucket('3', 'web')).toMatchObject({ shippedOrders: 1, placedToShippedSecondsTotal: 25 * HOUR });
    // the split order's first part shipped day 5 09:00, 47.5 hours after it was placed
    expect(await bucket('3', 'marketplace')).toMatchObject({ orders: 1, revenue: 5500, shippedOrders: 1, placedToShippedSecondsTotal: 47.5 * HOUR });
    expect(await bucket('4', 'web')).toMatchObject({ shippedOrders: 0, placedToShippedSecondsTotal: 0 });
  });

  it('splits the figures by where orders stand now, adding up to the totals', async () => {
    const marketplace = await bucket('3', 'marketplace');
    expect(marketplace).toMatchObject({
      revenueByStatus: { partially_shipped: 5500 },
      shippedOrdersByStatus: { partially_shipped: 1 },
      placedToShippedSecondsByStatus: { partially_shipped: 47.5 * HOUR },
    });
    const total = (counts: Partial<Record<string, number>>) => Object.values(counts).reduce((sum: number, n) => sum + (n ?? 0), 0);
    const { items } = await story.documents.find<OrderStatsBucket>(ORDER_STATS_COLLECTION, { limit: 500 });
    for (const b of items) {
      expect(total(b.byStatus)).toBe(b.orders);
      expect(total(b.revenueByStatus)).toBe(b.revenue);
      expect(total(b.shippedOrdersByStatus)).toBe(b.shippedOrders);
      expect(total(b.placedToShippedSecondsByStatus)).toBe(b.placedToShippedSecondsTotal);
    }
  });

  it('moves a shipped order on to delivered without counting its shipment again', async () => {
    const orderId = orderIdOf(60);
    await story.receive('east', 'SKU-A', 5, at(8));
    await story.authorized(orderId, { at: at(8), lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await story.allocate(orderId, 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 1 }], at(8));
    await story.shipped(orderId, 'F1', at(8, 90));
    await story.project();
    const shipped = await bucket('8', 'web');
    expect(shipped).toMatchObject({ orders: 1, shippedOrders: 1, placedToShippedSecondsTotal: 1.5 * HOUR });

    await story.deliver(orderId, 'F1', at(9));
    await story.project();
    const delivered = await bucket('8', 'web');
    expect(delivered).toMatchObject({ orders: 1, revenue: 1500, shippedOrders: 1, placedToShippedSecondsTotal: 1.5 * HOUR });
    expect(standing(delivered)).toEqual({ delivered: 1 });
  });
});
