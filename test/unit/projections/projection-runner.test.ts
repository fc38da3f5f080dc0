import { Checkpoint } from '../../../src/infrastructure/documents/document-store';
import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';
import { allProjections } from '../../../src/projections/all-projections';
import { Projection } from '../../../src/projections/projection';
import { ORDERS_COLLECTION, OrderDocument, ordersProjection } from '../../../src/projections/read-models/orders.projection';
import { delegatingStore, deliveringTwice, logUpTo, ManualSubscription, recordingCommits } from './support/event-store-doubles';
import { at, orderIdOf, OrderStory, snapshotOf } from './support/order-story';
import { busyWeek, ORDERS } from './support/scenario';

const names = allProjections.map((p) => p.name);

/** The read models built in one pass over the whole log (or the log as it was at `head`), into a store of their own. */
async function builtInOnePass(story: OrderStory, head?: bigint) {
  const documents = await SqliteDocumentStore.open(':memory:');
  await story.runner({ documents, events: head === undefined ? story.events : logUpTo(story.events, head) }).rebuild();
  const snapshot = await snapshotOf(documents);
  await documents.close();
  return snapshot;
}

const checkpointsAt = (position: bigint) => Object.fromEntries(names.map((name) => [name, position]));

describe('ProjectionRunner', () => {
  let story: OrderStory;
  beforeEach(async () => {
    story = await OrderStory.open();
    await busyWeek(story);
  });
  afterEach(() => story.close());

  describe('catching up', () => {
    it('reads from the checkpoints in batches and commits every few batches with the checkpoints at the last event', async () => {
      const documents = recordingCommits(story.documents);
      const reads: bigint[] = [];
      const events = delegatingStore(story.events, {
        readAll: (options) => {
          reads.push(options?.after ?? 0n);
          return story.events.readAll(options);
        },
      });
      const head = await story.events.headPosition();
      const progress = await story.runner({ documents, events, batchSize: 10, eventsPerCommit: 30 }).catchUp();

      expect(progress).toMatchObject({ position: head, head, events: Number(head) });
      expect(reads).toEqual(Array.from({ length: Math.ceil(Number(head) / 10) }, (_, i) => BigInt(i * 10)));
      expect(documents.units).toHaveLength(Math.ceil(Number(head) / 30));
      documents.units.forEach((unit, index) => {
        const last = BigInt(Math.min((index + 1) * 30, Number(head)));
        expect(unit.checkpoint).toEqual(names.map((name): Checkpoint => ({ name, position: last })));
      });
      expect(await story.documents.listCheckpoints()).toEqual(checkpointsAt(head));
      expect(await snapshotOf(story.documents)).toEqual(await builtInOnePass(story));
    });

    it('never commits more events in one unit than the store takes (a MongoDB transaction), whatever it was told', async () => {
      const recording = recordingCommits(story.documents);
      const documents = new Proxy(recording, {
        get: (target, property) => (property === 'maxEventsPerUnit' ? 7 : Reflect.get(target, property, target)),
      });
      const head = await story.events.headPosition();
      await story.runner({ documents, batchSize: 50, eventsPerCommit: 20_000 }).catchUp();

      const ends = recording.units.map((unit) => (unit.checkpoint as Checkpoint[])[0]!.position);
      expect(ends[ends.length - 1]).toBe(head);
      expect(recording.units.length).toBe(Math.ceil(Number(head) / 7));
      ends.forEach((end, i) => expect(end - (i === 0 ? 0n : ends[i - 1]!)).toBeLessThanOrEqual(7n));
      expect(await snapshotOf(story.documents)).toEqual(await builtInOnePass(story));
    });

    it('lets timers and I/O run between batches, however long the catch-up', async () => {
      let turns = 0;
      let done = false;
      const spin = () => {
        turns += 1;
        if (!done) setImmediate(spin);
      };
      setImmediate(spin);
      await story.runner({ batchSize: 5 }).catchUp();
      done = true;
      expect(turns).toBeGreaterThanOrEqual(Math.floor(Number(await story.events.headPosition()) / 5) - 1);
    });

    it('starts from each projection\'s own checkpoint and leaves a projection that is ahead alone', async () => {
      const head = await story.events.headPosition();
      await story.runner({ projections: [ordersProjection] }).catchUp();
      const ordersAfterOwnPass = await snapshotOf(story.documents, [ordersProjection]);

      const documents = recordingCommits(story.documents);
      await story.runner({ documents, batchSize: 1000 }).catchUp();

      expect(documents.units).toHaveLength(1);
      expect(documents.units[0]!.checkpoint).toEqual(
        names.filter((name) => name !== 'orders').map((name) => ({ name, position: head })),
      );
      expect(await snapshotOf(story.documents, [ordersProjection])).toEqual(ordersAfterOwnPass);
      expect(await snapshotOf(story.documents)).toEqual(await builtInOnePass(story));
    });

    it('stops at `until` when asked to, even in the middle of a batch', async () => {
      const head = await story.events.headPosition();
      const halfway = head / 2n + 3n;
      const runner = story.runner({ batchSize: 10 });
      expect(await runner.catchUp(undefined, halfway)).toMatchObject({ position: halfway, head: halfway, events: Number(halfway) });
      expect(await story.documents.listCheckpoints()).toEqual(checkpointsAt(halfway));
      expect(await snapshotOf(story.documents)).toEqual(await builtInOnePass(story, halfway));
      expect((await runner.catchUp(undefined, head + 100n)).position).toBe(head);
    });

    it('stores every document under the id its collection derives from the document', async () => {
      await story.project();
      for (const collection of allProjections.flatMap((p) => p.collections)) {
        const { items } = await story.documents.find(collection.name, { limit: 500 });
        for (const doc of items) expect(await story.documents.get(collection.name, collection.idOf(doc))).toEqual(doc);
      }
    });

    it('reports its position and each projection\'s lag behind the head of the log', async () => {
      const runner = story.runner();
      await runner.catchUp();
      const head = await story.events.headPosition();
      expect(runner.position()).toBe(head);
      expect(await runner.status()).toEqual(Object.fromEntries(names.map((name) => [name, { position: head, lag: 0n }])));

      await story.receive('east', 'SKU-C', 4, at(7));
      const lagging = await runner.status();
      expect(lagging.inventory).toEqual({ position: head, lag: 1n });
      expect(lagging.orders).toEqual({ position: head, lag: 1n });
    });
  });

  describe('following the live log', () => {
    it('applies events appended after it started, and waitForPosition resolves once they are applied', async () => {
      const runner = story.runner();
      await runner.start();
      try {
        expect(runner.health()).toEqual({ state: 'running', error: null });
        const placed = await story.place(orderIdOf(99), { at: at(7), lines: [{ sku: 'SKU-A', quantity: 1 }] });

        await expect(runner.waitForPosition(placed.position, 2000)).resolves.toBe(true);
        const doc = await story.documents.get<OrderDocument>(ORDERS_COLLECTION, orderIdOf(99));
        expect(doc).toMatchObject({ status: 'placed', revision: 0 });
        expect(runner.position()).toBe(placed.position);
        await expect(runner.waitForPosition(placed.position - 5n, 10)).resolves.toBe(true);
      } finally {
        await runner.stop();
      }
      expect(runner.health().state).toBe('stopped');
    });

    it('waitForPosition answers false when the position is not reached in time', async () => {
      const runner = story.runner();
      await runner.start();
      try {
        const head = await story.events.headPosition();
        await expect(runner.waitForPosition(head, 1000)).resolves.toBe(true);
        const started = Date.now();
        await expect(runner.waitForPosition(head + 1n, 50)).resolves.toBe(false);
        expect(Date.now() - started).toBeGreaterThanOrEqual(45);
      } finally {
        await runner.stop();
      }
    });

    it('waitForPosition answers false at once when the runner is not running, and stop() settles pending waits', async () => {
      const idle = story.runner();
      await expect(idle.waitForPosition(1n, 5000)).resolves.toBe(false);

      const runner = story.runner();
      await runner.start();
      const head = await story.events.headPosition();
      await runner.waitForPosition(head, 2000);
      const pending = runner.waitForPosition(head + 10n, 5000);
      await runner.stop();
      await expect(pending).resolves.toBe(false);
    });
  });

  describe('delivering a batch twice changes nothing', () => {
    it('when the subscription redelivers every batch (the checkpoint skips it)', async () => {
      const runner = story.runner({ events: deliveringTwice(story.events), batchSize: 7 });
      await runner.start();
      await runner.waitForPosition(await story.events.headPosition(), 2000);
      await runner.stop();
      expect(await snapshotOf(story.documents)).toEqual(await builtInOnePass(story));
    });

    it('when the orders checkpoint is lost (the per-order revision guard skips what each order document has seen)', async () => {
      await story.project();
      const before = await snapshotOf(story.documents);
      await story.documents.commit({ writes: [], checkpoint: { name: 'orders', position: 0n } });

      const documents = recordingCommits(story.documents);
      await story.runner({ documents, projections: [ordersProjection] }).catchUp();

      expect(documents.units.flatMap((unit) => unit.writes)).toEqual([]);
      expect(await snapshotOf(story.documents)).toEqual(before);
    });

    it('when a second runner delivers a batch another runner has already committed (the stored checkpoint skips it)', async () => {
      const subscription = new ManualSubscription();
      const late = story.runner({ events: delegatingStore(story.events, { subscribe: () => subscription }) });
      await late.start(); // it has read the checkpoints: none yet

      await story.runner().catchUp();
      const once = await snapshotOf(story.documents);
      const head = await story.events.headPosition();

      subscription.push(await story.events.readAll({ after: 0n, maxCount: Number(head) }));
      await expect(late.waitForPosition(head, 2000)).resolves.toBe(true);
      await late.stop();

      expect(await snapshotOf(story.documents)).toEqual(once);
      expect(await story.documents.listCheckpoints()).toEqual(checkpointsAt(head));
    });
  });

  describe('another runner writing the same read models meanwhile', () => {
    it('gives up a unit another runner committed past before it, and goes on from there', async () => {
      const head = await story.events.headPosition();
      let reads = 0;
      const events = delegatingStore(story.events, {
        async readAll(options) {
          reads += 1;
          // in the middle of this runner's first unit, another one catches up to two thirds of the log
          if (reads === 2) await story.runner({ events: logUpTo(story.events, (head * 2n) / 3n) }).catchUp();
          return story.events.readAll(options);
        },
      });
      const documents = recordingCommits(story.documents);
      await story.runner({ events, documents, batchSize: 10, eventsPerCommit: 40 }).catchUp();

      // its first unit (to position 40) was given up; it went on from the other's checkpoint to the head
      expect(documents.units.map((unit) => unit.checkpoint)).toEqual([names.map((name) => ({ name, position: head }))]);
      expect(await snapshotOf(story.documents)).toEqual(await builtInOnePass(story));
    });
  });

  describe('restarting mid-log', () => {
    it('resumes from the checkpoint without counting anything twice, wherever it stopped', async () => {
      const expected = await builtInOnePass(story);
      const head = await story.events.headPosition();
      for (let stoppedAt = 1n; stoppedAt < head; stoppedAt += 6n) {
        const documents = await SqliteDocumentStore.open(':memory:');
        await story.runner({ documents, events: logUpTo(story.events, stoppedAt), batchSize: 4 }).catchUp();
        expect(await documents.listCheckpoints()).toEqual(checkpointsAt(stoppedAt));

        await story.runner({ documents, batchSize: 5, eventsPerCommit: 10 }).catchUp();
        expect(await snapshotOf(documents)).toEqual(expected);
        await documents.close();
      }
    });

    it('resumes a live runner that was stopped, from where it stopped', async () => {
      const first = story.runner({ batchSize: 3 });
      await first.start();
      await first.waitForPosition(20n, 2000);
      await first.stop();
      const stoppedAt = first.position();
      expect(stoppedAt).toBeGreaterThanOrEqual(20n);

      await story.cancel(ORDERS.held, 'fraud', at(7));
      const second = story.runner({ batchSize: 3 });
      await second.start();
      expect(second.position()).toBe(stoppedAt);
      await second.waitForPosition(await story.events.headPosition(), 2000);
      await second.stop();
      expect(await snapshotOf(story.documents)).toEqual(await builtInOnePass(story));
    });
  });

  describe('rebuild', () => {
    it('resets the checkpoints, clears the collections and replays to the same documents', async () => {
      await story.project();
      const before = await snapshotOf(story.documents);
      await story.documents.upsert(ORDERS_COLLECTION, ORDERS.delivered, { orderId: ORDERS.delivered, status: 'corrupted' });
      await story.documents.upsert('daily_demand', 'stray', { sku: 'stray' });
      await story.documents.commit({ writes: [], checkpoint: [{ name: 'orders', position: 9_999n }, { name: 'demand', position: 3n }] });

      const progress: bigint[] = [];
      const result = await story.runner({ batchSize: 25 }).rebuild((p) => progress.push(p.position));

      const head = await story.events.headPosition();
      expect(result).toMatchObject({ position: head, head, events: Number(head) });
      expect(progress.at(-1)).toBe(head);
      expect(progress).toEqual([...progress].sort((a, b) => (a < b ? -1 : 1)));
      expect(await snapshotOf(story.documents)).toEqual(before);
      expect(await story.documents.get('daily_demand', 'stray')).toBeNull();
      expect(await story.documents.listCheckpoints()).toEqual(checkpointsAt(head));
    });

    it('rebuilds only the projections it runs, leaving the others as they are', async () => {
      await story.project();
      await story.documents.upsert('products', 'SKU-A', { sku: 'SKU-A', name: 'left alone' });
      await story.runner({ projections: [ordersProjection] }).rebuild();
      expect(await story.documents.get('products', 'SKU-A')).toEqual({ sku: 'SKU-A', name: 'left alone' });
    });
  });

  describe('a projection that throws', () => {
    const failing = (message: string): Projection => ({
      name: 'failing',
      collections: [{ name: 'failing_docs', indexes: [], idOf: () => 'never' }],
      eventTypes: new Set(['OrderCancelled']),
      async apply(event, view) {
        view.put('failing_docs', String(event.position), { seen: true });
        throw new Error(message);
      },
    });

    it('stops the runner in state failed, with the error in health(), and commits nothing of the failed batch', async () => {
      const cancelledAt = (await story.events.readStream(`order-${ORDERS.cancelled}`)).find((e) => e.type === 'OrderCancelled')!.position;
      // Every batch commits by itself: the failed one is the first not committed.
      const runner = story.runner({ projections: [ordersProjection, failing('read model exploded')], batchSize: 1, commitWindowMs: 0 });
      await runner.start();
      await expect(runner.waitForPosition(await story.events.headPosition(), 2000)).resolves.toBe(false);

      expect(runner.health()).toEqual({ state: 'failed', error: 'read model exploded' });
      expect(await story.documents.listCheckpoints()).toEqual({ orders: cancelledAt - 1n, failing: cancelledAt - 1n });
      expect((await story.documents.get<OrderDocument>(ORDERS_COLLECTION, ORDERS.cancelled))?.status).toBe('allocated');
      expect(await story.documents.count('failing_docs')).toBe(0);
      await expect(runner.waitForPosition(cancelledAt, 1000)).resolves.toBe(false);
      await runner.stop();
      expect(runner.health().state).toBe('failed');
    });

    it('started again after a failure that has passed, catches up and reports running with no error', async () => {
      let failures = 1;
      const once: Projection = { ...failing('database is locked'), async apply(event, view) {
        if (failures-- > 0) throw new Error('database is locked');
        view.put('failing_docs', String(event.position), { seen: true });
      } };
      const runner = story.runner({ projections: [ordersProjection, once], batchSize: 1, commitWindowMs: 0 });
      await runner.start();
      const head = await story.events.headPosition();
      await expect(runner.waitForPosition(head, 2000)).resolves.toBe(false);
      expect(runner.health()).toEqual({ state: 'failed', error: 'database is locked' });

      await runner.stop();
      await runner.start();
      await expect(runner.waitForPosition(head, 5000)).resolves.toBe(true);
      expect(runner.health()).toEqual({ state: 'running', error: null });
      expect((await story.documents.get<OrderDocument>(ORDERS_COLLECTION, ORDERS.cancelled))?.status).toBe('cancelled');
      await runner.stop();
    });

    it('rejects a catch-up or rebuild with the error', async () => {
      await expect(story.runner({ projections: [failing('boom')] }).rebuild()).rejects.toThrow('boom');
    });
  });
});
