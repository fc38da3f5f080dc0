import { closedAs, Order } from '../../domain/order';
import { ReleaseReason } from '../../domain/stock';

/**
 * Reservation ids tie a stock reservation to the order line and allocation
 * attempt that made it: `<orderId>:<allocationId>:<lineId>`. One attempt
 * reserves a line at most once per location (the stock stream), so the id is
 * unique in its stream, and shipping or cancelling can name it exactly.
 */
export const reservationIdFor = (orderId: string, allocationId: string, lineId: string) =>
  `${orderId}:${allocationId}:${lineId}`;

/** The allocation attempt a reservation of this order belongs to, or null for another order's. */
export const allocationOf = (reservationId: string, orderId: string): string | null => {
  if (!reservationId.startsWith(`${orderId}:`)) return null;
  const rest = reservationId.slice(orderId.length + 1);
  const lastColon = rest.lastIndexOf(':');
  return lastColon < 0 ? null : rest.slice(0, lastColon);
};

/** Why this order's reservations go back: what closed it, or, while it is open, that no recorded attempt owns them. */
export const releaseReasonFor = (order: Order): ReleaseReason => closedAs(order) ?? 'orphaned_reservation';
