import type { OrderId } from '../kernel/value-objects';

const PREFIX = 'order-';

export const orderStreamId = (orderId: OrderId): string => `${PREFIX}${orderId}`;

/** The order id an order stream is named after, or null for any other stream. */
export const parseOrderStreamId = (streamId: string): OrderId | null =>
  streamId.startsWith(PREFIX) ? streamId.slice(PREFIX.length) : null;
