import { AccessDeniedError, DeadlineExceededError, ErrorType, STREAM_NAME, UnavailableError } from '@kurrent/kurrentdb-client';
import {
  DuplicateEventId,
  EventStoreAccessDenied,
  EventStoreUnavailable,
  StoredEvent,
  StreamNotFound,
  Subscription,
  WrongExpectedRevision,
} from '../../../src/infrastructure/eventstore/event-store';
import { EsdbEventStore, EsdbEventStoreOptions } from '../../../src/infrastructure/eventstore/esdb-event-store';
import { MissingEventPosition } from '../../../src/infrastructure/eventstore/esdb-mapping';
import { eventStoreContract, newEvent } from '../../contract/event-store.contract';
import { FakeEsdbServer } from './fake-esdb-server';

const OPTIONS: EsdbEventStoreOptions = {
  connectionString: 'esdb://simulated:2113?tls=false',
  resubscribe: { initialMs: 1, maxMs: 8 },
};

const openOn = (server: FakeEsdbServer, options: Partial<EsdbEventStoreOptions> = {}) =>
  new EsdbEventStore({ ...OPTIONS, ...options }, server.client());

// The adapter's logic against the contract, on a simulated server (the real one: test/contract/esdb-event-store.test.ts).
eventStoreContract(
  'eventstoredb adapter on a simulated server',
  async () => {
    const server = new FakeEsdbServer();
    server.writeSystemEvent('$$$all', '$metadata'); // a server's log never starts with our events
    return { store: openOn(server), reopen: async () => openOn(server), cleanup: async () => undefined };
  },
  { globalEventIdUniqueness: false },
);

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
};

const collect = async (subscription: Subscription, count: number): Promise<StoredEvent[]> => {
  const seen: StoredEvent[] = [];
  for await (const batch of subscription) {
    seen.push(...batch);
    if (seen.length >= count) break;
  }
  return seen;
};

describe('EsdbEventStore', () => {
  let server: FakeEsdbServer;
  let store: EsdbEventStore;
  beforeEach(() => {
    server = new FakeEsdbServer();
    store = openOn(server);
  });
  afterEach(() => store.close());

  describe('append', () => {
    it('refuses a partial repeat of an append as a duplicate, under any expected revision', async () => {
      const stored = newEvent('A');
      await store.append('s', [stored, newEvent('B')]);
      await expect(store.append('s', [stored, newEvent('Y')])).rejects.toBeInstanceOf(DuplicateEventId);
      await expect(store.append('s', [stored, newEvent('Y')], { expectedRevision: 'exists' })).rejects.toBeInstanceOf(
        DuplicateEventId,
      );
      await expect(store.append('s', [stored, newEvent('Y')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        DuplicateEventId,
      );
    });

    it('tells a stale writer from a partial repeat by the event where its first would have gone', async () => {
      await store.append('s', [newEvent('A'), newEvent('B'), newEvent('C')]);
      const stale = await store.append('s', [newEvent('X')], { expectedRevision: 0 }).catch((error) => error);
      expect(stale).toBeInstanceOf(WrongExpectedRevision);
      expect(stale).toMatchObject({ streamId: 's', expected: 0, actual: 2 });
    });

    it('reads the actual revision itself when the client answers refusals instead of throwing', async () => {
      server.throwOnAppendFailure = false;
      await store.append('s', [newEvent('A'), newEvent('B'), newEvent('C')]);
      const stale = await store.append('s', [newEvent('X')], { expectedRevision: 0 }).catch((error) => error);
      expect(stale).toBeInstanceOf(WrongExpectedRevision);
      expect(stale).toMatchObject({ expected: 0, actual: 2 });
      const missing = await store.append('new', [newEvent('X')], { expectedRevision: 'exists' }).catch((error) => error);
      expect(missing).toMatchObject({ expected: 'exists', actual: 'no_stream' });
    });

    it('answers a retry the server acknowledges without a position with the position of the last event', async () => {
      server.appendPositions = 'not-when-idempotent';
      const events = [newEvent('A'), newEvent('B')];
      const first = await store.append('s', events, { expectedRevision: 'no_stream' });
      await store.append('s', [newEvent('C')]);
      await expect(store.append('s', events, { expectedRevision: 'no_stream' })).resolves.toEqual(first);
      await expect(store.append('s', events)).resolves.toEqual(first);
    });

    it('keeps positions exact far beyond 2^53', async () => {
      server = new FakeEsdbServer({ firstPosition: 2n ** 60n + 5n });
      await store.close();
      store = openOn(server);
      const result = await store.append('big', [newEvent('X'), newEvent('Y')]);
      expect(result.position > 2n ** 60n).toBe(true);
      const [x, y] = await store.readAll();
      expect(y!.position).toBe(result.position);
      expect(await store.readAll({ after: x!.position })).toEqual([y]);
      expect(await store.headPosition()).toBe(result.position);
    });

    it('refuses event ids that are not UUIDs before writing anything', async () => {
      await expect(store.append('s', [newEvent('A', {}, 'order-1#0')])).rejects.toThrow(RangeError);
      expect(server.calls).toEqual([]);
    });
  });

  describe('readStream', () => {
    it('needs positions on stream reads (EventStoreDB 22.6 and later)', async () => {
      await store.append('s', [newEvent('A')]);
      server.streamReadPositions = false;
      await expect(store.readStream('s')).rejects.toThrow(MissingEventPosition);
    });

    it('refuses a missing stream even when asked for no events', async () => {
      await expect(store.readStream('nothing', { maxCount: 0 })).rejects.toBeInstanceOf(StreamNotFound);
      await store.append('s', [newEvent('A')]);
      await expect(store.readStream('s', { maxCount: 0 })).resolves.toEqual([]);
    });
  });

  describe('readAll', () => {
    it('skips system events and system streams, counting only ours, across pages', async () => {
      await store.append('a', [newEvent('a0')]);
      for (let i = 0; i < 50; i++) {
        server.writeSystemEvent('$$a', '$metadata');
        server.writeSystemEvent('$stats-127.0.0.1:2113', 'StatsCollected');
      }
      await store.append('b', [newEvent('b0'), newEvent('b1')]);
      expect((await store.readAll({ maxCount: 2 })).map((e) => e.type)).toEqual(['a0', 'b0']);
      expect((await store.readAll()).map((e) => e.type)).toEqual(['a0', 'b0', 'b1']);
    });

    it('reads after the last event of a full page without skipping or repeating any', async () => {
      await store.append('s', Array.from({ length: 100 }, (_, i) => newEvent(`e${i}`)));
      const seen: string[] = [];
      let after = 0n;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 7 });
        if (page.length === 0) break;
        seen.push(...page.map((e) => e.type));
        after = page[page.length - 1]!.position;
      }
      expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => `e${i}`));
    });

    it('never ends a page inside an explicit transaction, whose events share one commit position', async () => {
      await store.append('s', [newEvent('before')]);
      const commit = server.writeExplicitTransaction('tx', ['t0', 't1', 't2']);
      await store.append('s', [newEvent('after')]);
      const page = await store.readAll({ maxCount: 2 });
      expect(page.map((e) => e.type)).toEqual(['before', 't0', 't1', 't2']);
      expect(new Set(page.slice(1).map((e) => e.position))).toEqual(new Set([commit.commit]));
      expect((await store.readAll({ after: commit.commit })).map((e) => e.type)).toEqual(['after']);
    });
  });

  describe('headPosition', () => {
    it('is the newest event of ours, past trailing system events, and 0n on an empty log', async () => {
      expect(await store.headPosition()).toBe(0n);
      server.writeSystemEvent();
      expect(await store.headPosition()).toBe(0n);
      const result = await store.append('s', [newEvent('A')]);
      for (let i = 0; i < 70; i++) server.writeSystemEvent();
      expect(await store.headPosition()).toBe(result.position);
    });
  });

  describe('subscribe', () => {
    it('resubscribes after a drop from the last event it received, losing and repeating nothing', async () => {
      const drops: unknown[] = [];
      await store.close();
      store = openOn(server, { onSubscriptionDrop: (error) => drops.push(error) });
      await store.append('s', [newEvent('e0'), newEvent('e1')]);
      const subscription = store.subscribe({ batchSize: 1 });
      const seen = collect(subscription, 6);
      await until(() => server.subscriptionsOpened === 1);
      server.dropSubscriptions(new UnavailableError());
      server.failNextSubscriptions(new UnavailableError(), new UnavailableError());
      for (let i = 2; i < 6; i++) await store.append('s', [newEvent(`e${i}`)]);
      expect((await seen).map((e) => e.type)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
      expect(drops).toHaveLength(3);
      expect(server.subscriptionsOpened).toBe(4);
    });

    it('leaves out system events and the events of system streams', async () => {
      await store.append('s', [newEvent('mine-0')]);
      server.writeSystemEvent('$$s', '$metadata');
      server.writeSystemEvent('$stats-127.0.0.1:2113', 'StatsCollected');
      await store.append('s', [newEvent('mine-1')]);
      expect((await collect(store.subscribe(), 2)).map((e) => e.type)).toEqual(['mine-0', 'mine-1']);
    });

    it('starts after an explicit transaction at the position it starts from, and batches it whole', async () => {
      await store.append('s', [newEvent('before')]);
      const commit = server.writeExplicitTransaction('tx', ['t0', 't1', 't2']);
      await store.append('s', [newEvent('after')]);
      const batches: string[][] = [];
      for await (const batch of store.subscribe({ batchSize: 2 })) {
        batches.push(batch.map((e) => e.type));
        if (batch.some((e) => e.type === 'after')) break;
      }
      expect(batches.flat()).toEqual(['before', 't0', 't1', 't2', 'after']);
      expect(batches.some((batch) => batch.includes('t0') && !batch.includes('t2'))).toBe(false);
      expect((await collect(store.subscribe({ after: commit.commit }), 1)).map((e) => e.type)).toEqual(['after']);
    });

    it('ends with the error when the server refuses access', async () => {
      server.failNextSubscriptions(new AccessDeniedError());
      const subscription = store.subscribe();
      await expect(collect(subscription, 1)).rejects.toBeInstanceOf(AccessDeniedError);
    });
  });

  describe('the server leader moving, or no node answering, during an append', () => {
    const notLeader = () => Object.assign(new Error('not leader'), { type: ErrorType.NOT_LEADER });

    it('tries the same append again, writing it once', async () => {
      await store.close();
      store = openOn(server, { appendRetries: { attempts: 3, initialMs: 1 } });
      server.failNextAppends(notLeader(), new UnavailableError(), new DeadlineExceededError());
      const result = await store.append('s', [newEvent('A')], { expectedRevision: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(0);
      expect((await store.readStream('s')).map((e) => e.type)).toEqual(['A']);
    });

    it('gives up after its bounded retries with EventStoreUnavailable, saying when to retry', async () => {
      await store.close();
      store = openOn(server, { appendRetries: { attempts: 2, initialMs: 1 } });
      server.failNextAppends(notLeader(), notLeader(), notLeader());
      const error = await store.append('s', [newEvent('A')]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailable);
      expect(error).toMatchObject({ code: 'EVENTSTORE.UNAVAILABLE', retryAfterSeconds: expect.any(Number) });
      await expect(store.readStream('s')).rejects.toBeInstanceOf(StreamNotFound);
    });
  });

  describe('a server shared with other applications', () => {
    const prefixes = ['order-', 'stock-'];
    const foreign = () => server.client().appendToStream('invoice-1', [{ id: crypto.randomUUID(), type: 'InvoiceIssued', data: {}, contentType: 'application/json' } as never]);

    it('reads, follows and measures only the streams named, asking the server for those alone', async () => {
      await store.close();
      store = openOn(server, { streamPrefixes: prefixes });
      const mine = await store.append('order-1', [newEvent('OrderPlaced')]);
      await foreign();
      expect((await store.readAll()).map((e) => e.streamId)).toEqual(['order-1']);
      expect(await store.headPosition()).toBe(mine.position);
      await store.append('stock-a.b', [newEvent('StockReceived')]);
      expect((await collect(store.subscribe(), 2)).map((e) => e.streamId)).toEqual(['order-1', 'stock-a.b']);
      expect(server.filtersAsked.length).toBeGreaterThan(0);
      expect(server.filtersAsked.every((filter) => filter?.filterOn === STREAM_NAME && 'prefixes' in filter && filter.prefixes.join() === prefixes.join())).toBe(true);
    });
  });

  it('says access was refused, not that the server cannot be reached, when it may not read $all', async () => {
    server.deniesAll = true;
    const error = await store.headPosition().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreAccessDenied);
    expect((error as Error).message).toMatch(/credentials/);
  });

  it('close() ends open subscriptions and disposes the client', async () => {
    const client = server.client();
    const own = new EsdbEventStore(OPTIONS, client);
    const subscription = own.subscribe();
    const done = (async () => {
      for await (const _batch of subscription) {
        // nothing arrives
      }
      return 'ended';
    })();
    await until(() => server.subscriptionsOpened === 1);
    await own.close();
    await expect(done).resolves.toBe('ended');
    expect(client.disposed).toBe(true);
    await expect(own.append('s', [newEvent()])).rejects.toThrow('closed');
  });
});
