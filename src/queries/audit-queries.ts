import { orderStreamId } from '../domain/order';
import { decodeAnyEvent, decodeOrderEvent } from '../infrastructure/eventstore/event-decoders';
import { EventStore, formatPosition, StoredEvent, StreamNotFound } from '../infrastructure/eventstore/event-store';
import { evolveOrderRecord, OrderRecord } from '../projections/read-models/order-record';
import { toOrderView } from './order-view';

/** The event's data as today's schema reads it (an old OrderPlaced without its card token); metadata as written. */
const entryOf = (stored: StoredEvent) => {
  const event = decodeAnyEvent(stored);
  return { revision: event.revision, position: formatPosition(event.position), type: event.type, data: event.data, metadata: event.metadata };
};

/** Reads for auditors, straight from the log: nothing here depends on a projection. */
export class AuditQueries {
  constructor(private readonly events: EventStore) {}

  /** Every event of the order, oldest first; null for an order that does not exist. */
  async history(orderId: string) {
    const events = await this.orderEvents(orderId);
    return events && { orderId, events: events.map(entryOf) };
  }

  /**
   * The order as it stood after revision N, or at an instant (the last event
   * that had occurred by then), folded as the orders read model folds it (with the write side's own evolve).
   */
  async stateAt(orderId: string, point: { revision: number } | { at: string }) {
    const events = await this.orderEvents(orderId);
    if (!events) return null;
    const included =
      'revision' in point
        ? events.filter((event) => event.revision <= point.revision)
        : events.filter((event) => Date.parse(event.metadata.occurredAt) <= Date.parse(point.at));
    if (included.length === 0) return { orderId, revision: -1, state: null };
    let record: OrderRecord | null = null;
    for (const event of included) record = evolveOrderRecord(record, decodeOrderEvent(event));
    const revision = included[included.length - 1]!.revision;
    return { orderId, revision, state: record && toOrderView(record, revision) };
  }

  /** A page of the global log after a position. */
  async log(after: bigint, limit: number) {
    const events = await this.events.readAll({ after, maxCount: limit + 1 });
    const page = events.slice(0, limit);
    const items = page.map((event) => ({ streamId: event.streamId, ...entryOf(event) }));
    const last = page[page.length - 1];
    return { items, nextCursor: events.length > limit && last ? formatPosition(last.position) : null };
  }

  private async orderEvents(orderId: string): Promise<StoredEvent[] | null> {
    try {
      return await this.events.readStream(orderStreamId(orderId));
    } catch (error) {
      if (error instanceof StreamNotFound) return null;
      throw error;
    }
  }
}
