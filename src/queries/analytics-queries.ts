import { OrderStatus } from '../domain/order';
import { DocumentStore, Page } from '../infrastructure/documents/document-store';
import { ORDER_STATS_COLLECTION, OrderStatsBucket } from '../projections/read-models/order-stats';

export type AnalyticsGrouping = 'day' | 'channel' | 'status';

type Group = {
  key: string;
  orders: number;
  revenue: Record<string, number>;
  shippedOrders: number;
  meanPlacedToShippedSeconds: number | null;
};

/** Order analytics over the per-day, per-channel buckets: counts, revenue by currency, time to ship. */
export class AnalyticsQueries {
  constructor(private readonly documents: DocumentStore) {}

  async orders(range: { from: string; to: string }, groupBy: AnalyticsGrouping) {
    const buckets = await this.bucketsBetween(range.from, range.to);
    const groups = new Map<string, Group & { shippedSeconds: number }>();
    const groupFor = (key: string) => {
      let group = groups.get(key);
      if (!group) {
        group = { key, orders: 0, revenue: {}, shippedOrders: 0, meanPlacedToShippedSeconds: null, shippedSeconds: 0 };
        groups.set(key, group);
      }
      return group;
    };
    for (const bucket of buckets) {
      if (groupBy === 'status') {
        // Buckets written before the per-status figures existed count orders only, until a replay.
        for (const [status, count] of Object.entries(bucket.byStatus)) {
          if (!count) continue;
          const key = status as OrderStatus;
          const group = groupFor(key);
          group.orders += count;
          group.revenue[bucket.currency] = (group.revenue[bucket.currency] ?? 0) + (bucket.revenueByStatus?.[key] ?? 0);
          group.shippedOrders += bucket.shippedOrdersByStatus?.[key] ?? 0;
          group.shippedSeconds += bucket.placedToShippedSecondsByStatus?.[key] ?? 0;
        }
        continue;
      }
      const group = groupFor(groupBy === 'day' ? bucket.day : bucket.channel);
      group.orders += bucket.orders;
      group.revenue[bucket.currency] = (group.revenue[bucket.currency] ?? 0) + bucket.revenue;
      group.shippedOrders += bucket.shippedOrders;
      group.shippedSeconds += bucket.placedToShippedSecondsTotal;
    }
    const result = [...groups.values()]
      .map(({ shippedSeconds, ...group }) => ({
        ...group,
        meanPlacedToShippedSeconds: group.shippedOrders > 0 ? Math.round(shippedSeconds / group.shippedOrders) : null,
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { from: range.from, to: range.to, groupBy, groups: result };
  }

  private async bucketsBetween(from: string, to: string): Promise<OrderStatsBucket[]> {
    const buckets: OrderStatsBucket[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<OrderStatsBucket> = await this.documents.find<OrderStatsBucket>(ORDER_STATS_COLLECTION, {
        filter: { day: { $gte: from, $lte: to } },
        sort: { field: 'day', direction: 'asc' },
        limit: 500,
        cursor,
      });
      buckets.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return buckets;
  }
}
