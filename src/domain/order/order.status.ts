import { z } from 'zod';
import { hasReached, type FulfillmentStatus } from './fulfillment-status';
import type { Order } from './order.state';
import { hasLiveAuthorization } from './payment-status';

export const OrderStatus = z.enum([
  'placed',
  'rejected',
  'payment_failed',
  'payment_authorized',
  'backordered',
  'partially_allocated',
  'allocated',
  'picking',
  'packed',
  'ready_for_pickup',
  'partially_shipped',
  'shipped',
  'delivered',
  'cancelled',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** The fields the status depends on, so a read model can derive it without a full Order. */
export type OrderStatusFacts = Pick<Order, 'cancelled' | 'validation' | 'payment' | 'lines' | 'fulfillments'>;

/**
 * The single status an order shows, derived from its state; the first matching
 * rule wins. `allocated`: every line is reserved and on a pick list, nothing
 * picked yet; `picking` starts when the first fulfilment is marked picked.
 */
export const orderStatus = (order: OrderStatusFacts): OrderStatus => {
  if (order.cancelled) return 'cancelled';
  if (order.validation === 'rejected') return 'rejected';
  if (order.payment.status === 'failed') return 'payment_failed';

  let unallocated = 0;
  let allocated = 0;
  let backordered = 0;
  for (const line of order.lines) {
    unallocated += Math.max(0, line.quantity - line.allocated);
    allocated += line.allocated;
    backordered += line.backordered;
  }
  const fulfillments = Object.values(order.fulfillments);
  const every = (reached: (status: FulfillmentStatus) => boolean) => fulfillments.length > 0 && fulfillments.every((f) => reached(f.status));

  if (unallocated === 0 && every((status) => status === 'delivered')) return 'delivered';
  if (unallocated === 0 && every((status) => hasReached(status, 'shipped'))) return 'shipped';
  if (fulfillments.some((f) => hasReached(f.status, 'shipped'))) return 'partially_shipped';
  // an allocation attempt has happened iff something was allocated or backordered
  if (unallocated > 0 && (allocated > 0 || backordered > 0)) {
    return allocated > 0 ? 'partially_allocated' : 'backordered';
  }
  if (every((status) => status === 'ready_for_pickup')) return 'ready_for_pickup';
  if (every((status) => hasReached(status, 'packed'))) return 'packed';
  if (fulfillments.some((f) => hasReached(f.status, 'picked'))) return 'picking';
  if (allocated > 0) return 'allocated';
  // A storefront's payment counts once the order is valid, as ours is authorized only then.
  if (hasLiveAuthorization(order.payment) || (order.validation === 'validated' && order.payment.status === 'external')) return 'payment_authorized';
  return 'placed';
};
