import { Order, OrderStatus, orderTotals } from '../../domain/order';
import { ProjectionView } from '../projection';

export const ORDER_STATS_COLLECTION = 'order_stats';

/** Orders placed on one UTC day in one channel and currency, by where they stand now. */
export type OrderStatsBucket = {
  day: string;
  channel: string;
  currency: string;
  orders: number;
  /** Grand totals of the bucket's orders that are not cancelled, rejected or failed payment. */
  revenue: number;
  byStatus: Partial<Record<OrderStatus, number>>;
  shippedOrders: number;
  placedToShippedSecondsTotal: number;
};

const LOST: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['cancelled', 'rejected', 'payment_failed']);

const bucketId = (order: Order) => `${order.placedAt.slice(0, 10)}|${order.channel}|${order.currency}`;

const firstShippedAt = (order: Order): string | null => {
  let first: string | null = null;
  for (const f of Object.values(order.fulfillments)) if (f.shippedAt && (first === null || f.shippedAt < first)) first = f.shippedAt;
  return first;
};

export const orderStats = {
  collections: [{ name: ORDER_STATS_COLLECTION, indexes: ['day', 'channel'] }],

  /** Moves the order between status counts, revenue and shipping-time totals as it changes. */
  async record(view: ProjectionView, before: Order | null, after: Order): Promise<void> {
    const statusChanged = before?.status !== after.status;
    const shippedAt = firstShippedAt(after);
    const firstShipment = shippedAt !== null && (before === null || firstShippedAt(before) === null);
    if (!statusChanged && !firstShipment) return;

    const id = bucketId(after);
    const bucket = (await view.get<OrderStatsBucket>(ORDER_STATS_COLLECTION, id)) ?? {
      day: after.placedAt.slice(0, 10),
      channel: after.channel,
      currency: after.currency,
      orders: 0,
      revenue: 0,
      byStatus: {},
      shippedOrders: 0,
      placedToShippedSecondsTotal: 0,
    };
    const byStatus = { ...bucket.byStatus };
    const grand = orderTotals(after).grand;
    let { orders, revenue, shippedOrders, placedToShippedSecondsTotal } = bucket;
    if (before === null) {
      orders += 1;
      revenue += grand;
    } else if (statusChanged) {
      byStatus[before.status] = (byStatus[before.status] ?? 0) - 1;
      if (!LOST.has(before.status) && LOST.has(after.status)) revenue -= grand;
    }
    if (statusChanged) byStatus[after.status] = (byStatus[after.status] ?? 0) + 1;
    if (firstShipment) {
      shippedOrders += 1;
      placedToShippedSecondsTotal += (Date.parse(shippedAt) - Date.parse(after.placedAt)) / 1000;
    }
    view.put(ORDER_STATS_COLLECTION, id, { ...bucket, orders, revenue, byStatus, shippedOrders, placedToShippedSecondsTotal });
  },
};
