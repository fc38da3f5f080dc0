import { KurrentDBClient, FORWARDS } from '@kurrent/kurrentdb-client';
import { v7 as uuidv7 } from 'uuid';
import { DuplicateEventId } from '../../src/infrastructure/eventstore/event-store';
import { EsdbEventStore } from '../../src/infrastructure/eventstore/esdb-event-store';
import { eventStoreContract, newEvent } from './event-store.contract';

const url = process.env.EVENTSTORE_URL;

const openEsdb = (connectionString: string) => new EsdbEventStore({ connectionString });

if (!url) {
  // Logged while collecting: jest runs no beforeAll in a block whose tests are all skipped.
  process.stdout.write('SKIPPED EventStoreDB contract: EVENTSTORE_URL is not set (e.g. kurrentdb://localhost:2113?tls=false)\n');
  describe.skip('EventStore contract: eventstoredb', () => {
    it('needs an EventStoreDB server', () => undefined);
  });
} else {
  // Streams are fresh per test (uuid names), the server is shared: cleanup has nothing to remove.
  eventStoreContract(
    'eventstoredb',
    async () => ({
      store: openEsdb(url),
      reopen: async () => openEsdb(url),
      cleanup: async () => undefined,
    }),
    { globalEventIdUniqueness: false },
  );

  describe('EsdbEventStore on EventStoreDB', () => {
    const stream = () => `esdb-specifics-${uuidv7()}`;
    let store: EsdbEventStore;
    let raw: KurrentDBClient;
    beforeEach(() => {
      store = openEsdb(url);
      raw = KurrentDBClient.connectionString(url);
    });
    afterEach(async () => {
      await store.close();
      await raw.dispose();
    });

    it('gives every event of one append its own position, commit equal to prepare', async () => {
      const id = stream();
      const result = await store.append(id, [newEvent('A'), newEvent('B'), newEvent('C')]);
      const stored = await store.readStream(id);
      const first = stored[0]!.position;
      const onAll = [];
      const read = raw.readAll({ fromPosition: { commit: first, prepare: first }, direction: FORWARDS, maxCount: 50 });
      for await (const resolved of read) {
        if (resolved.event?.streamId === id) onAll.push(resolved.event.position);
      }
      expect(onAll.map((p) => p.commit)).toEqual(stored.map((e) => e.position));
      expect(onAll.every((p) => p.commit === p.prepare)).toBe(true);
      expect(new Set(onAll.map((p) => p.commit)).size).toBe(3);
      expect(result.position).toBe(stored[2]!.position);
    });

    it('answers a retry under any with the original result', async () => {
      const id = stream();
      const events = [newEvent('A'), newEvent('B')];
      const first = await store.append(id, events);
      await store.append(id, [newEvent('C')]);
      await expect(store.append(id, events)).resolves.toEqual(first);
      expect(await store.readStream(id)).toHaveLength(3);
    });

    it('refuses a partial repeat of an append', async () => {
      const id = stream();
      const stored = newEvent('A');
      await store.append(id, [stored, newEvent('B')]);
      await expect(store.append(id, [stored, newEvent('Y')])).rejects.toBeInstanceOf(DuplicateEventId);
      await expect(store.append(id, [stored, newEvent('Y')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        DuplicateEventId,
      );
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('writes an event id already stored in another stream as a new event (no index from id to event)', async () => {
      const stored = newEvent('A');
      await store.append(stream(), [stored]);
      const elsewhere = stream();
      await expect(store.append(elsewhere, [stored])).resolves.toMatchObject({ nextExpectedRevision: 0 });
      expect(await store.readStream(elsewhere)).toHaveLength(1);
    });

    it('asks the server for the named stream prefixes only: other applications\' events never arrive', async () => {
      const ours = `oms-${uuidv7()}-`;
      const scoped = new EsdbEventStore({ connectionString: url, streamPrefixes: [ours] });
      try {
        const before = await store.headPosition();
        const mine = await scoped.append(`${ours}1`, [newEvent('Mine')]);
        await store.append(stream(), [newEvent('Theirs')]);
        expect((await scoped.readAll({ after: before })).map((e) => e.type)).toEqual(['Mine']);
        expect(await scoped.headPosition()).toBe(mine.position);
      } finally {
        await scoped.close();
      }
    });

    it('leaves system events (stream metadata) out of the head and of $all', async () => {
      const id = stream();
      const result = await store.append(id, [newEvent('A')]);
      await raw.setStreamMetadata(id, { maxCount: 100 });
      expect(await store.headPosition()).toBe(result.position);
      expect(await store.readAll({ after: result.position })).toEqual([]);
    });
  });
}
