import { EventStore } from '../infrastructure/eventstore/event-store';

/** Beyond this a lag is reported as this much: counting further costs reads and says nothing more. */
export const LAG_COUNT_LIMIT = 10_000;

/**
 * How many events a reader at `position` has yet to apply. Counted on stores
 * whose positions are not event numbers (EventStoreDB), once per distinct
 * position asked in one go; elsewhere `head - position`.
 */
export function eventLag(events: EventStore, head: bigint) {
  const counted = new Map<bigint, Promise<number>>();
  return (position: bigint): Promise<number> => {
    if (head <= position) return Promise.resolve(0);
    if (!events.countEventsAfter) return Promise.resolve(Number(head - position));
    let lag = counted.get(position);
    if (!lag) {
      lag = events.countEventsAfter(position, LAG_COUNT_LIMIT);
      counted.set(position, lag);
    }
    return lag;
  };
}
