import { v7 as uuidv7 } from 'uuid';
import {
  DuplicateEventId,
  EventStore,
  NewEvent,
  StoredEvent,
  StreamNotFound,
  WrongExpectedRevision,
} from '../../src/infrastructure/eventstore/event-store';

export type OpenEventStore = () => Promise<{
  store: EventStore;
  /** Closes nothing: opens a second handle on the same data, as a restart would. */
  reopen: () => Promise<EventStore>;
  cleanup: () => Promise<void>;
}>;

export const newEvent = (type = 'Something', data: unknown = {}, eventId = uuidv7()): NewEvent => ({
  type,
  data,
  metadata: {
    eventId,
    correlationId: 'corr-1',
    causationId: null,
    actor: 'test',
    occurredAt: '2026-01-01T00:00:00.000Z',
    schemaVersion: 1,
  },
});

const uniqueStream = (prefix = 'test') => `${prefix}-${uuidv7()}`;

const collect = async (store: EventStore, after: bigint, count: number, timeoutMs = 10_000): Promise<StoredEvent[]> => {
  const subscription = store.subscribe({ after, batchSize: 7 });
  const seen: StoredEvent[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  for await (const batch of subscription) {
    expect(batch.length).toBeGreaterThan(0);
    seen.push(...batch);
    if (seen.length >= count) break;
  }
  clearTimeout(timer);
  await subscription.close();
  return seen;
};

export type EventStoreCapabilities = {
  /**
   * Event ids are unique across the whole store (SQLite's index); EventStoreDB
   * only refuses a partial repeat of an append. Default true.
   */
  globalEventIdUniqueness?: boolean;
};

/** One suite, run against every EventStore adapter. */
export const eventStoreContract = (adapterName: string, open: OpenEventStore, capabilities: EventStoreCapabilities = {}) => {
  const itIfUniqueIds = capabilities.globalEventIdUniqueness === false ? it.skip : it;
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let reopen: () => Promise<EventStore>;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, reopen, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    describe('expected revision', () => {
      it('no_stream creates a stream and then refuses, naming the actual revision', async () => {
        const stream = uniqueStream();
        const first = await store.append(stream, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(1);
        const error = await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' }).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevision);
        expect(error).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 1 });
      });

      it('exists refuses a stream that has no events', async () => {
        const error = await store.append(uniqueStream(), [newEvent()], { expectedRevision: 'exists' }).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevision);
        expect(error).toMatchObject({ expected: 'exists', actual: 'no_stream' });
      });

      it('exists accepts a stream that has events', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent()]);
        await expect(store.append(stream, [newEvent()], { expectedRevision: 'exists' })).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it('a revision must be the current one exactly', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent(), newEvent(), newEvent()]);
        const stale = await store.append(stream, [newEvent()], { expectedRevision: 1 }).catch((e) => e);
        expect(stale).toBeInstanceOf(WrongExpectedRevision);
        expect(stale).toMatchObject({ expected: 1, actual: 2 });
        const ahead = await store.append(stream, [newEvent()], { expectedRevision: 5 }).catch((e) => e);
        expect(ahead).toMatchObject({ expected: 5, actual: 2 });
        await expect(store.append(stream, [newEvent()], { expectedRevision: 2 })).resolves.toMatchObject({
          nextExpectedRevision: 3,
        });
      });

      it('a refused append writes nothing', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent()]);
        const head = await store.headPosition();
        await store.append(stream, [newEvent(), newEvent()], { expectedRevision: 7 }).catch(() => undefined);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('any appends whatever the stream holds', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent()], { expectedRevision: 'any' });
        await expect(store.append(stream, [newEvent()], { expectedRevision: 'any' })).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it('refuses an empty append', async () => {
        await expect(store.append(uniqueStream(), [])).rejects.toThrow(RangeError);
      });
    });

    describe('idempotent retry', () => {
      it('returns the original result and stores nothing twice', async () => {
        const stream = uniqueStream();
        const events = [newEvent('A'), newEvent('B')];
        const first = await store.append(stream, events, { expectedRevision: 'no_stream' });
        await store.append(stream, [newEvent('C')]);
        const retried = await store.append(stream, events, { expectedRevision: 'no_stream' });
        expect(retried).toEqual(first);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('refuses a partial repeat of an earlier append', async () => {
        const stream = uniqueStream();
        const stored = newEvent('A');
        await store.append(stream, [stored], { expectedRevision: 'no_stream' });
        await expect(store.append(stream, [stored, newEvent('Y')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
          DuplicateEventId,
        );
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      itIfUniqueIds('refuses an event id stored in another stream or with other neighbours', async () => {
        const stream = uniqueStream();
        const stored = newEvent('A');
        await store.append(stream, [stored]);
        await expect(store.append(uniqueStream(), [stored])).rejects.toBeInstanceOf(DuplicateEventId);
        await expect(store.append(stream, [newEvent('X'), stored])).rejects.toBeInstanceOf(DuplicateEventId);
        await expect(store.append(stream, [stored, newEvent('Y')])).rejects.toBeInstanceOf(DuplicateEventId);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('order', () => {
      it('numbers each stream from 0 and orders the global log by position', async () => {
        const a = uniqueStream('a');
        const b = uniqueStream('b');
        const before = await store.headPosition();
        await store.append(a, [newEvent('a0')]);
        await store.append(b, [newEvent('b0'), newEvent('b1')]);
        await store.append(a, [newEvent('a1')]);
        const streamA = await store.readStream(a);
        expect(streamA.map((e) => [e.type, e.revision])).toEqual([
          ['a0', 0],
          ['a1', 1],
        ]);
        const all = (await store.readAll({ after: before, maxCount: 10_000 })).filter((e) => [a, b].includes(e.streamId));
        expect(all.map((e) => e.type)).toEqual(['a0', 'b0', 'b1', 'a1']);
        for (let index = 1; index < all.length; index++) {
          expect(all[index]!.position > all[index - 1]!.position).toBe(true);
        }
      });

      it('keeps type, data and metadata as appended, positions as bigint', async () => {
        const stream = uniqueStream();
        const event = newEvent('Typed', { nested: { list: [1, 'two', null], unicode: 'zürich ✓' } });
        const result = await store.append(stream, [event]);
        const [stored] = await store.readStream(stream);
        expect(stored).toEqual({ ...event, streamId: stream, revision: 0, position: result.position });
        expect(typeof stored!.position).toBe('bigint');
      });

      it('returns the position of the last event written', async () => {
        const stream = uniqueStream();
        const result = await store.append(stream, [newEvent(), newEvent()]);
        const stored = await store.readStream(stream);
        expect(result.position).toBe(stored[1]!.position);
        expect(await store.headPosition()).toBe(result.position);
      });
    });

    describe('readStream', () => {
      it('reads from a revision, forwards or backwards, up to a count', async () => {
        const stream = uniqueStream();
        await store.append(stream, Array.from({ length: 6 }, (_, i) => newEvent(`e${i}`)));
        const types = (events: StoredEvent[]) => events.map((e) => e.type);
        expect(types(await store.readStream(stream, { fromRevision: 2, maxCount: 3 }))).toEqual(['e2', 'e3', 'e4']);
        expect(types(await store.readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual(['e5', 'e4']);
        expect(types(await store.readStream(stream, { direction: 'backwards', fromRevision: 1 }))).toEqual([
          'e1',
          'e0',
        ]);
        expect(await store.readStream(stream, { fromRevision: 6 })).toEqual([]);
      });

      it('throws StreamNotFound for a stream with no events', async () => {
        const stream = uniqueStream();
        const error = await store.readStream(stream).catch((e) => e);
        expect(error).toBeInstanceOf(StreamNotFound);
        expect(error).toMatchObject({ streamId: stream });
      });
    });

    describe('readAll', () => {
      it('reads strictly after a position, up to a count', async () => {
        const stream = uniqueStream();
        await store.append(stream, Array.from({ length: 5 }, (_, i) => newEvent(`e${i}`)));
        const mine = await store.readStream(stream);
        const after = mine[1]!.position;
        const page = await store.readAll({ after, maxCount: 2 });
        expect(page.map((e) => e.type)).toEqual(['e2', 'e3']);
        expect(await store.readAll({ after: mine[4]!.position })).toEqual([]);
      });
    });

    describe('subscribe', () => {
      it('catches up from a position, then sees every new event exactly once and in order', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent('before-0'), newEvent('before-1')]);
        const start = (await store.readStream(stream))[0]!.position;
        const expected = 1 + 30;
        const seen = collect(store, start, expected);
        const writers = Array.from({ length: 3 }, async (_, writer) => {
          for (let i = 0; i < 10; i++) await store.append(uniqueStream(`w${writer}`), [newEvent(`live-${writer}-${i}`)]);
        });
        await Promise.all(writers);
        const events = await seen;
        expect(events).toHaveLength(expected);
        expect(events[0]!.type).toBe('before-1');
        expect(new Set(events.map((e) => e.metadata.eventId)).size).toBe(expected);
        for (let index = 1; index < events.length; index++) {
          expect(events[index]!.position > events[index - 1]!.position).toBe(true);
        }
        for (let writer = 0; writer < 3; writer++) {
          const own = events.filter((e) => e.type.startsWith(`live-${writer}-`)).map((e) => e.type);
          expect(own).toEqual(Array.from({ length: 10 }, (_, i) => `live-${writer}-${i}`));
        }
      });

      it('waits for events appended after it started at the head', async () => {
        await store.append(uniqueStream(), [newEvent('old')]);
        const head = await store.headPosition();
        const seen = collect(store, head, 2);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await store.append(uniqueStream(), [newEvent('new-1')]);
        await store.append(uniqueStream(), [newEvent('new-2')]);
        expect((await seen).map((e) => e.type)).toEqual(['new-1', 'new-2']);
      });

      it('ends its iteration when closed', async () => {
        const subscription = store.subscribe({ after: await store.headPosition() });
        const done = (async () => {
          for await (const _batch of subscription) {
            // nothing arrives
          }
          return 'ended';
        })();
        await subscription.close();
        await expect(done).resolves.toBe('ended');
      });
    });

    it('50 concurrent appenders to one stream lose nothing and never share a revision', async () => {
      const stream = uniqueStream('contended');
      const perWriter = 4;
      const appendWithRetry = async (event: NewEvent) => {
        for (;;) {
          const tail = await store.readStream(stream, { direction: 'backwards', maxCount: 1 }).catch(() => []);
          const expectedRevision = tail.length === 0 ? ('no_stream' as const) : tail[0]!.revision;
          try {
            return await store.append(stream, [event], { expectedRevision });
          } catch (error) {
            if (!(error instanceof WrongExpectedRevision)) throw error;
          }
        }
      };
      const written = Array.from({ length: 50 }, (_, writer) =>
        Array.from({ length: perWriter }, (_, i) => newEvent(`w${writer}-${i}`)),
      );
      await Promise.all(
        written.map(async (events) => {
          for (const event of events) await appendWithRetry(event);
        }),
      );
      const stored = await store.readStream(stream);
      expect(stored).toHaveLength(50 * perWriter);
      expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 50 * perWriter }, (_, i) => i));
      expect(new Set(stored.map((e) => e.metadata.eventId))).toEqual(
        new Set(written.flat().map((e) => e.metadata.eventId)),
      );
    });

    it('keeps every event across closing and reopening', async () => {
      const stream = uniqueStream();
      const result = await store.append(stream, [newEvent('A', { n: 1 }), newEvent('B', { n: 2 })]);
      await store.close();
      store = await reopen();
      const events = await store.readStream(stream);
      expect(events.map((e) => [e.type, e.data, e.revision])).toEqual([
        ['A', { n: 1 }, 0],
        ['B', { n: 2 }, 1],
      ]);
      expect(await store.headPosition()).toBe(result.position);
      await expect(store.append(stream, [newEvent('C')], { expectedRevision: 1 })).resolves.toMatchObject({
        nextExpectedRevision: 2,
      });
    });
  });
};
