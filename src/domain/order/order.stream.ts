import type { OrderId } from '../shared/value-objects';

export const orderStreamId = (orderId: OrderId): string => `order-${orderId}`;
