import { Order, OrderStatus, orderTotals } from '../../domain/order';
import { OrderRecord } from './order-record';
import { ProjectionView } from '../projection';

export const ORDER_STATS_COLLECTION = 'order_stats';

type ByStatus = Partial<Record<OrderStatus, number>>;

/** Orders placed on one UTC day in one channel and currency, by where they stand now. */
export type OrderStatsBucket = {
  day: string;
  channel: string;
  currency: string;
  orders: number;
  /** Grand totals of the bucket's orders that are not cancelled, rejected or failed payment. */
  revenue: number;
  byStatus: ByStatus;
  shippedOrders: number;
  placedToShippedSecondsTotal: number;
  /** The same figures split by the status orders stand in now, for analytics grouped by status. */
  revenueByStatus: ByStatus;
  shippedOrdersByStatus: ByStatus;
  placedToShippedSecondsByStatus: ByStatus;
};

const LOST: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['cancelled', 'rejected', 'payment_failed']);

export const orderStatsBucketId = (day: string, channel: string, currency: string) => `${day}|${channel}|${currency}`;

const bucketId = (order: Order) => orderStatsBucketId(order.placedAt.slice(0, 10), order.channel, order.currency);

const firstShippedAt = (order: Order): string | null => {
  let first: string | null = null;
  for (const f of Object.values(order.fulfillments)) if (f.shippedAt && (first === null || f.shippedAt < first)) first = f.shippedAt;
  return first;
};

/** What one order adds to its bucket. */
type Share = { status: OrderStatus; revenue: number; shippedSeconds: number | null };

const shareOf = ({ state: order, details: { status } }: OrderRecord): Share => {
  const shippedAt = firstShippedAt(order);
  return {
    status,
    revenue: LOST.has(status) ? 0 : orderTotals(order).grand,
    shippedSeconds: shippedAt === null ? null : (Date.parse(shippedAt) - Date.parse(order.placedAt)) / 1000,
  };
};

const shippedCount = (share: Share | null): number => (share === null || share.shippedSeconds === null ? 0 : 1);

const emptyBucket = (order: Order): OrderStatsBucket => ({
  day: order.placedAt.slice(0, 10),
  channel: order.channel,
  currency: order.currency,
  orders: 0,
  revenue: 0,
  byStatus: {},
  shippedOrders: 0,
  placedToShippedSecondsTotal: 0,
  revenueByStatus: {},
  shippedOrdersByStatus: {},
  placedToShippedSecondsByStatus: {},
});

const add = (counts: ByStatus, status: OrderStatus, amount: number) => {
  if (amount !== 0) counts[status] = (counts[status] ?? 0) + amount;
};

export const orderStats = {
  collections: [
    {
      name: ORDER_STATS_COLLECTION,
      indexes: ['day', 'channel'],
      idOf: (doc: OrderStatsBucket) => orderStatsBucketId(doc.day, doc.channel, doc.currency),
    },
  ],

  /** Moves the order's share (count, revenue, time to first shipment) as its status or shipment changes. */
  async record(view: ProjectionView, before: OrderRecord | null, after: OrderRecord): Promise<void> {
    // A share follows from the status and the first shipment alone (the totals never change).
    if (before && before.details.status === after.details.status) {
      const [was, now] = [before.state, after.state];
      if (was.fulfillments === now.fulfillments || firstShippedAt(was) === firstShippedAt(now)) return;
    }
    const was = before && shareOf(before);
    const now = shareOf(after);

    const id = bucketId(after.state);
    const stored = (await view.get<OrderStatsBucket>(ORDER_STATS_COLLECTION, id)) ?? emptyBucket(after.state);
    const bucket: OrderStatsBucket = {
      ...stored,
      byStatus: { ...stored.byStatus },
      revenueByStatus: { ...stored.revenueByStatus },
      shippedOrdersByStatus: { ...stored.shippedOrdersByStatus },
      placedToShippedSecondsByStatus: { ...stored.placedToShippedSecondsByStatus },
    };
    const move = (share: Share, sign: 1 | -1) => {
      add(bucket.byStatus, share.status, sign);
      add(bucket.revenueByStatus, share.status, sign * share.revenue);
      if (share.shippedSeconds === null) return;
      add(bucket.shippedOrdersByStatus, share.status, sign);
      add(bucket.placedToShippedSecondsByStatus, share.status, sign * share.shippedSeconds);
    };
    if (was) move(was, -1);
    move(now, 1);
    // The totals change by differences, so they stay exact while only the status moves.
    if (!was) bucket.orders += 1;
    bucket.revenue += now.revenue - (was?.revenue ?? 0);
    bucket.shippedOrders += shippedCount(now) - shippedCount(was);
    bucket.placedToShippedSecondsTotal += (now.shippedSeconds ?? 0) - (was?.shippedSeconds ?? 0);
    view.put(ORDER_STATS_COLLECTION, id, bucket);
  },
};
