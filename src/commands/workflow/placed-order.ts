import { OrderPlaced, orderStreamId } from '../../domain/order';
import { decodeOrderEvent } from '../../infrastructure/eventstore/event-decoders';
import { EventStore, StoredEvent, StreamNotFound } from '../../infrastructure/eventstore/event-store';

/**
 * The order as it was placed, from the first event of its stream: what a job
 * needs beyond the decision state (the full shipping address for a label).
 * Null when the order has no stream yet.
 */
export const placedOrderOf = async (events: EventStore, orderId: string): Promise<OrderPlaced['data'] | null> => {
  const [first] = await events.readStream(orderStreamId(orderId), { maxCount: 1 }).catch((error: unknown): StoredEvent[] => {
    if (error instanceof StreamNotFound) return [];
    throw error;
  });
  const placed = first && decodeOrderEvent(first);
  return placed?.type === 'OrderPlaced' ? placed.data : null;
};
