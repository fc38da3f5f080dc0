import { StoredEvent, Subscription } from './event-store';

/** One event from a live source, with the exact place to resume after it. */
export type FeedItem<Cursor> = { event: StoredEvent; cursor: Cursor };

/**
 * A live source of events in log order, such as an EventStoreDB subscription
 * to $all. Its iteration throwing (or ending) means the source dropped.
 */
export type Feed<Cursor> = {
  items: AsyncIterable<FeedItem<Cursor>>;
  /** Stops the source; its iteration then ends. */
  close(): Promise<void>;
};

export type BatchingSubscriptionOptions<Cursor> = {
  /** Deliver what comes strictly after this. */
  from: Cursor;
  /** Largest batch handed over at once (exceeded only to keep events of one position together). */
  batchSize: number;
  /** Opens the source to deliver what comes strictly after `from`. */
  open(from: Cursor): Feed<Cursor>;
  /** Whether `cursor` lies strictly after `than`: anything else is a repeat after a resubscription. */
  isAfter(cursor: Cursor, than: Cursor): boolean;
  /**
   * Whether more events may follow at this item's position (one commit that
   * arrives in parts). The trailing events at such a position are held back
   * until an event at another position arrives, or the feed stays quiet for
   * `settleMs`, so that a batch does not end inside one position.
   */
  mayContinue?(cursor: Cursor): boolean;
  settleMs?: number;
  /** Errors that end the iteration instead of a resubscription. */
  isFatal?(error: unknown): boolean;
  /** Resubscription delays: initialMs doubling per failed attempt, up to maxMs. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Events held for the consumer before the source is paused (default 4 batches). */
  bufferLimit?: number;
  /** Told about every drop, with the delay before the next attempt. */
  onDrop?(error: unknown, retryInMs: number): void;
  onClose?(): void;
};

/** Delay before resubscription attempt `attempt` (1, 2, ...): exponential, capped. */
export const backoffDelay = (attempt: number, initialMs: number, maxMs: number): number =>
  Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));

/**
 * Takes the next batch off the front of the buffer: up to `batchSize` events,
 * plus those right after that share the last one's position (one EventStoreDB
 * commit), so that a checkpoint never falls inside one position.
 */
export const takeBatch = (buffer: StoredEvent[], batchSize: number, available = buffer.length): StoredEvent[] => {
  let end = Math.min(Math.max(1, batchSize), available);
  while (end < available && buffer[end]!.position === buffer[end - 1]!.position) end++;
  return buffer.splice(0, end);
};

/** How many buffered events precede the trailing ones that share the last position. */
export const beforeTrailingPosition = (buffer: readonly StoredEvent[]): number => {
  const last = buffer[buffer.length - 1]?.position;
  let end = buffer.length;
  while (end > 0 && buffer[end - 1]!.position === last) end--;
  return end;
};

class Signal {
  private waiters: Array<() => void> = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

const CLOSED = Symbol('closed');

/**
 * A Subscription over a feed that pushes events: buffers them as they arrive
 * and hands the consumer everything buffered (up to a batch) when it pulls,
 * never an empty batch. When the feed drops it opens a new one after the last
 * buffered event (the buffer is kept, so nothing is lost or repeated), after
 * an exponential, capped backoff that restarts once events flow again.
 * Iterate it once; close() or leaving the loop ends it.
 */
export class BatchingSubscription<Cursor> implements Subscription {
  private readonly buffer: StoredEvent[] = [];
  private cursor: Cursor;
  private closed = false;
  private failure: { error: unknown } | null = null;
  private pumping: Promise<void> | null = null;
  /** The last buffered position may have more events coming; see mayContinue. */
  private tailOpen = false;
  private settleTimer: NodeJS.Timeout | undefined;
  private readonly arrived = new Signal();
  private readonly taken = new Signal();
  private readonly closeListeners = new Set<() => void>();

  constructor(private readonly options: BatchingSubscriptionOptions<Cursor>) {
    this.cursor = options.from;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StoredEvent[]> {
    this.pumping ??= this.pump();
    try {
      for (;;) {
        if (this.closed) return;
        const available = this.tailOpen && !this.failure ? beforeTrailingPosition(this.buffer) : this.buffer.length;
        if (available > 0) {
          const batch = takeBatch(this.buffer, this.options.batchSize, available);
          this.taken.notify();
          yield batch;
          continue;
        }
        if (this.failure && this.buffer.length === 0) throw this.failure.error;
        await this.unlessClosed(this.arrived.wait());
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      clearTimeout(this.settleTimer);
      for (const listener of this.closeListeners) listener();
      this.closeListeners.clear();
      this.arrived.notify();
      this.taken.notify();
      this.options.onClose?.();
    }
    await this.pumping;
  }

  private get bufferLimit(): number {
    return this.options.bufferLimit ?? 4 * Math.max(1, this.options.batchSize);
  }

  private async pump(): Promise<void> {
    let failedAttempts = 0;
    while (!this.closed) {
      const dropped = await this.follow(() => {
        failedAttempts = 0;
      });
      if (this.closed) return;
      if (this.options.isFatal?.(dropped)) {
        this.failure = { error: dropped };
        this.arrived.notify();
        return;
      }
      failedAttempts++;
      const { initialMs = 100, maxMs = 5_000 } = this.options.backoff ?? {};
      const delay = backoffDelay(failedAttempts, initialMs, maxMs);
      this.options.onDrop?.(dropped, delay);
      let timer: NodeJS.Timeout | undefined;
      await this.unlessClosed(new Promise((resolve) => (timer = setTimeout(resolve, delay))));
      clearTimeout(timer);
    }
  }

  /**
   * Settles with `promise`, or with CLOSED as soon as the subscription closes.
   * (Not Promise.race against a closed promise: every race would leave a
   * reaction on it for as long as the subscription lives.)
   */
  private unlessClosed<T>(promise: Promise<T>): Promise<T | typeof CLOSED> {
    if (this.closed) {
      promise.catch(() => undefined);
      return Promise.resolve(CLOSED);
    }
    return new Promise((resolve, reject) => {
      const onClose = () => resolve(CLOSED);
      this.closeListeners.add(onClose);
      promise.then(
        (value) => {
          this.closeListeners.delete(onClose);
          resolve(value);
        },
        (error: unknown) => {
          this.closeListeners.delete(onClose);
          reject(error);
        },
      );
    });
  }

  private holdTailIfOpen(cursor: Cursor): void {
    clearTimeout(this.settleTimer);
    this.tailOpen = this.options.mayContinue?.(cursor) ?? false;
    if (!this.tailOpen) return;
    this.settleTimer = setTimeout(() => {
      this.tailOpen = false;
      this.arrived.notify();
    }, this.options.settleMs ?? 50);
  }

  /** Follows one feed until it drops; returns why. */
  private async follow(onEvent: () => void): Promise<unknown> {
    let feed: Feed<Cursor>;
    try {
      feed = this.options.open(this.cursor);
    } catch (error) {
      return error;
    }
    const items = feed.items[Symbol.asyncIterator]();
    let dropped: unknown = new Error('subscription ended');
    try {
      for (;;) {
        const next = await this.unlessClosed(items.next());
        if (next === CLOSED || next.done) break;
        onEvent();
        if (!this.options.isAfter(next.value.cursor, this.cursor)) continue;
        this.cursor = next.value.cursor;
        this.buffer.push(next.value.event);
        this.holdTailIfOpen(next.value.cursor);
        this.arrived.notify();
        while (this.buffer.length >= this.bufferLimit && !this.closed) await this.unlessClosed(this.taken.wait());
      }
    } catch (error) {
      dropped = error;
    }
    void Promise.resolve()
      .then(() => items.return?.())
      .catch(() => undefined);
    await feed.close().catch(() => undefined);
    return dropped;
  }
}
