import { StoredEvent } from '../../../src/infrastructure/eventstore/event-store';
import {
  backoffDelay,
  BatchingSubscription,
  BatchingSubscriptionOptions,
  Feed,
  FeedItem,
  takeBatch,
} from '../../../src/infrastructure/eventstore/esdb-subscription';
import { newEvent } from '../../contract/event-store.contract';

const event = (position: number): StoredEvent => ({
  ...newEvent(`e${position}`),
  streamId: 's',
  revision: position,
  position: BigInt(position),
});

type Step = { item: FeedItem<number> } | { error: unknown } | { end: true };

/** A feed the test drives: events, a drop (throw) or an end, in the order given. */
class ControlledFeed implements Feed<number> {
  private readonly steps: Step[] = [];
  private wakeUp: (() => void) | null = null;
  pulled = 0;
  closed = false;
  readonly items = { [Symbol.asyncIterator]: () => this.run() };

  constructor(readonly from: number) {}

  push(...positions: number[]): this {
    for (const position of positions) this.steps.push({ item: { event: event(position), cursor: position } });
    this.wake();
    return this;
  }

  /** An event at `position` whose feed cursor is `cursor`. */
  pushAt(position: number, cursor: number): this {
    this.steps.push({ item: { event: event(position), cursor } });
    this.wake();
    return this;
  }

  fail(error: unknown = new Error('connection reset')): this {
    this.steps.push({ error });
    this.wake();
    return this;
  }

  end(): this {
    this.steps.push({ end: true });
    this.wake();
    return this;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
  }

  private async *run(): AsyncGenerator<FeedItem<number>> {
    for (;;) {
      if (this.closed) return;
      const step = this.steps.shift();
      if (!step) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        continue;
      }
      if ('error' in step) throw step.error;
      if ('end' in step) return;
      this.pulled++;
      yield step.item;
    }
  }

  private wake(): void {
    this.wakeUp?.();
    this.wakeUp = null;
  }
}

/** Opens feeds on demand; `script[n]` sets up the n-th feed opened. */
const feedSource = (...script: Array<(feed: ControlledFeed) => void>) => {
  const feeds: ControlledFeed[] = [];
  return {
    feeds,
    open: (from: number): Feed<number> => {
      const feed = new ControlledFeed(from);
      feeds.push(feed);
      script[feeds.length - 1]?.(feed);
      return feed;
    },
  };
};

const subscription = (
  source: { open: (from: number) => Feed<number> },
  options: Partial<BatchingSubscriptionOptions<number>> = {},
) =>
  new BatchingSubscription<number>({
    from: 0,
    batchSize: 3,
    open: source.open,
    isAfter: (cursor, than) => cursor > than,
    backoff: { initialMs: 1, maxMs: 4 },
    ...options,
  });

const settle = () => new Promise((resolve) => setImmediate(resolve));
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
};
const positions = (batch: StoredEvent[] | undefined) => (batch ?? []).map((e) => Number(e.position));

describe('takeBatch', () => {
  it('takes up to a batch off the front', () => {
    const buffer = [1, 2, 3, 4, 5].map(event);
    expect(positions(takeBatch(buffer, 3))).toEqual([1, 2, 3]);
    expect(positions(buffer)).toEqual([4, 5]);
  });

  it('keeps events that share a position together, even beyond the batch size', () => {
    const buffer = [1, 2, 2, 2, 3].map(event);
    expect(positions(takeBatch(buffer, 2))).toEqual([1, 2, 2, 2]);
    expect(positions(takeBatch(buffer, 2))).toEqual([3]);
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, 100, 5_000))).toEqual([
      100, 200, 400, 800, 1_600, 3_200, 5_000,
    ]);
  });
});

describe('BatchingSubscription', () => {
  it('hands over everything buffered, up to a batch, and never an empty batch', async () => {
    const source = feedSource((feed) => feed.push(1));
    const sub = subscription(source);
    const batches = sub[Symbol.asyncIterator]();
    expect(positions((await batches.next()).value)).toEqual([1]);

    source.feeds[0]!.push(2, 3, 4, 5);
    await settle();
    expect(positions((await batches.next()).value)).toEqual([2, 3, 4]);
    expect(positions((await batches.next()).value)).toEqual([5]);

    const waiting = batches.next();
    let answered = false;
    void waiting.then(() => (answered = true));
    await settle();
    expect(answered).toBe(false);
    source.feeds[0]!.push(6);
    expect(positions((await waiting).value)).toEqual([6]);
    await sub.close();
  });

  it('opens its feed after the position it starts from', async () => {
    const source = feedSource();
    const sub = subscription(source, { from: 42 });
    const next = sub[Symbol.asyncIterator]().next();
    await settle();
    expect(source.feeds.map((feed) => feed.from)).toEqual([42]);
    await sub.close();
    await expect(next).resolves.toEqual({ done: true, value: undefined });
  });

  it('resubscribes after the last event it holds when the feed drops, backing off exponentially up to the cap', async () => {
    const delays: number[] = [];
    const source = feedSource(
      (feed) => feed.push(1, 2).fail(),
      (feed) => feed.fail(),
      (feed) => feed.fail(),
      (feed) => feed.fail(),
      (feed) => feed.push(2, 3).fail(), // repeats what it already had
      (feed) => feed.push(4),
    );
    const sub = subscription(source, { batchSize: 10, onDrop: (_error, delay) => delays.push(delay) });
    const seen: number[] = [];
    for await (const batch of sub) {
      seen.push(...positions(batch));
      if (seen.includes(4)) break;
    }
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(source.feeds.map((feed) => feed.from)).toEqual([0, 2, 2, 2, 2, 3]);
    // the feed that delivered again started the backoff afresh
    expect(delays).toEqual([1, 2, 4, 4, 1]);
    expect(source.feeds.every((feed) => feed.closed)).toBe(true);
  });

  it('reopens a feed that ends by itself, and one that fails to open', async () => {
    let opens = 0;
    const source = feedSource((feed) => feed.push(1).end());
    const sub = subscription({
      open: (from) => {
        opens++;
        if (opens === 2) throw new Error('no connection');
        return source.open(from);
      },
    });
    const batches = sub[Symbol.asyncIterator]();
    expect(positions((await batches.next()).value)).toEqual([1]);
    await until(() => opens === 3);
    source.feeds[1]!.push(2);
    expect(positions((await batches.next()).value)).toEqual([2]);
    await sub.close();
  });

  it('delivers what it holds, then ends with the error, when retrying cannot help', async () => {
    const denied = Object.assign(new Error('access denied'), { fatal: true });
    const source = feedSource((feed) => feed.push(1, 2).fail(denied));
    const sub = subscription(source, { isFatal: (error) => error === denied });
    const seen: number[] = [];
    const outcome = await (async () => {
      for await (const batch of sub) seen.push(...positions(batch));
      return 'ended';
    })().catch((error) => error);
    expect(seen).toEqual([1, 2]);
    expect(outcome).toBe(denied);
    expect(source.feeds).toHaveLength(1);
  });

  it('ends its iteration and closes the feed when closed', async () => {
    const source = feedSource();
    const sub = subscription(source);
    const done = (async () => {
      for await (const _batch of sub) {
        // nothing arrives
      }
      return 'ended';
    })();
    await settle();
    await sub.close();
    await expect(done).resolves.toBe('ended');
    expect(source.feeds[0]!.closed).toBe(true);
  });

  it('closes at once while waiting to resubscribe', async () => {
    const source = feedSource((feed) => feed.fail());
    const sub = subscription(source, { backoff: { initialMs: 60_000, maxMs: 60_000 } });
    const next = sub[Symbol.asyncIterator]().next();
    await settle();
    const started = Date.now();
    await sub.close();
    await expect(next).resolves.toMatchObject({ done: true });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('closes its feed when the consumer leaves the loop', async () => {
    const source = feedSource((feed) => feed.push(1, 2, 3));
    for await (const batch of subscription(source)) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    expect(source.feeds[0]!.closed).toBe(true);
  });

  it('holds back trailing events whose position may continue until the next position arrives', async () => {
    // cursors 20 and 21: two parts of one commit at position 2 (an explicit transaction in ESDB)
    const source = feedSource((feed) => feed.pushAt(1, 1).pushAt(2, 20));
    const mayContinue = (cursor: number) => cursor >= 20 && cursor < 30;
    const sub = subscription(source, { batchSize: 1, mayContinue, settleMs: 60_000 });
    const batches = sub[Symbol.asyncIterator]();
    expect(positions((await batches.next()).value)).toEqual([1]);
    const second = batches.next();
    let answered = false;
    void second.then(() => (answered = true));
    await settle();
    expect(answered).toBe(false);
    source.feeds[0]!.pushAt(2, 21).pushAt(3, 30);
    expect(positions((await second).value)).toEqual([2, 2]);
    expect(positions((await batches.next()).value)).toEqual([3]);
    await sub.close();
  });

  it('hands over held-back events once the feed stays quiet', async () => {
    const source = feedSource((feed) => feed.push(5));
    const sub = subscription(source, { mayContinue: () => true, settleMs: 10 });
    const started = Date.now();
    const [batch] = await (async () => {
      for await (const batch of sub) return [batch];
      return [];
    })();
    expect(positions(batch)).toEqual([5]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5);
  });

  it('holds nothing per event or wait while it lives', async () => {
    const source = feedSource();
    const sub = subscription(source, { batchSize: 1 });
    const batches = sub[Symbol.asyncIterator]();
    await settle();
    for (let i = 1; i <= 2_000; i++) {
      const next = batches.next();
      source.feeds[0]!.push(i);
      expect(positions((await next).value)).toEqual([i]);
    }
    expect((sub as unknown as { closeListeners: Set<unknown> }).closeListeners.size).toBeLessThanOrEqual(2);
    await sub.close();
  });

  it('stops pulling from the feed while the consumer is behind, and loses nothing', async () => {
    const source = feedSource((feed) => feed.push(...Array.from({ length: 40 }, (_, i) => i + 1)));
    const sub = subscription(source, { batchSize: 2, bufferLimit: 4 });
    const batches = sub[Symbol.asyncIterator]();
    const seen = positions((await batches.next()).value);
    await settle();
    expect(source.feeds[0]!.pulled).toBeLessThanOrEqual(4 + 2 + 1);
    while (seen.length < 40) seen.push(...positions((await batches.next()).value));
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await sub.close();
  });
});
