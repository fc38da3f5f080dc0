import { DocumentStore, UnitOfWork } from '../../../../src/infrastructure/documents/document-store';
import { EventStore, StoredEvent, Subscription } from '../../../../src/infrastructure/eventstore/event-store';

/** An event store that answers as `inner` does, except for what `overrides` replaces. */
export const delegatingStore = (inner: EventStore, overrides: Partial<EventStore> = {}): EventStore => ({
  append: (streamId, events, options) => inner.append(streamId, events, options),
  readStream: (streamId, options) => inner.readStream(streamId, options),
  readAll: (options) => inner.readAll(options),
  subscribe: (options) => inner.subscribe(options),
  headPosition: () => inner.headPosition(),
  close: () => inner.close(),
  ...overrides,
});

/** The log as it stood when its head was `head`: later events are invisible. */
export const logUpTo = (inner: EventStore, head: bigint): EventStore =>
  delegatingStore(inner, {
    headPosition: async () => head,
    readAll: async (options) => (await inner.readAll(options)).filter((event) => event.position <= head),
  });

/** At-least-once delivery at its worst: the subscription hands over every batch twice. */
export const deliveringTwice = (inner: EventStore): EventStore =>
  delegatingStore(inner, {
    subscribe(options) {
      const subscription = inner.subscribe(options);
      return {
        close: () => subscription.close(),
        async *[Symbol.asyncIterator]() {
          for await (const batch of subscription) {
            yield batch;
            yield batch;
          }
        },
      };
    },
  });

/** A subscription that yields exactly the batches the test pushes, when it pushes them. */
export class ManualSubscription implements Subscription {
  private readonly queue: StoredEvent[][] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  push(batch: StoredEvent[]): void {
    this.queue.push(batch);
    this.wake?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StoredEvent[]> {
    while (!this.closed) {
      const batch = this.queue.shift();
      if (batch) {
        yield batch;
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

/** A document store that remembers every unit of work committed through it (and otherwise is `inner`). */
export const recordingCommits = (inner: DocumentStore): DocumentStore & { units: UnitOfWork[] } => {
  const units: UnitOfWork[] = [];
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'units') return units;
      if (property === 'commit') {
        return (unit: UnitOfWork) => {
          units.push(unit);
          return target.commit(unit);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as DocumentStore & { units: UnitOfWork[] };
};
