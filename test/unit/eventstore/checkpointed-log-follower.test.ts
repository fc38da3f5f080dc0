import { randomUUID } from 'node:crypto';
import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';
import { BatchOutcome, CheckpointedLogFollower } from '../../../src/infrastructure/eventstore/checkpointed-log-follower';
import { StoredEvent } from '../../../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../../../src/infrastructure/eventstore/sqlite-event-store';
import { silentLogger } from '../../../src/infrastructure/observability/logger';

const SEEN = 'seen_events';

describe('CheckpointedLogFollower', () => {
  let events: SqliteEventStore;
  let documents: SqliteDocumentStore;

  beforeEach(async () => {
    events = new SqliteEventStore({ filename: ':memory:' });
    documents = await SqliteDocumentStore.open(':memory:');
    await documents.ensureCollections([{ name: SEEN, indexes: [] }]);
  });
  afterEach(async () => {
    await documents.close();
    await events.close();
  });

  const append = (count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        events.append(`thing-${randomUUID()}`, [
          { type: 'Happened', data: {}, metadata: { eventId: randomUUID(), correlationId: 'c', causationId: null, actor: 't', occurredAt: 't', schemaVersion: 1 } },
        ]),
      ),
    );

  /** A consumer that records each event it handles as a document, and what it saw committed when its afterCommit ran. */
  /** Commits every batch by itself unless given a commit window. */
  const consumer = (log: { handled: bigint[]; afterCommit: (bigint | null)[] }, options: { failAt?: bigint; commitWindowMs?: number } = {}) => {
    const follower: CheckpointedLogFollower = new CheckpointedLogFollower({
      name: 'test-consumer',
      events,
      documents,
      logger: silentLogger(),
      batchSize: 2,
      commitWindowMs: options.commitWindowMs ?? 0,
      handle: async (batch: readonly StoredEvent[]): Promise<BatchOutcome> => {
        if (options.failAt !== undefined && batch.some((event) => event.position === options.failAt)) throw new Error('consumer broke');
        log.handled.push(...batch.map((event) => event.position));
        return {
          writes: batch.map((event) => ({ op: 'put' as const, collection: SEEN, id: String(event.position), doc: { position: String(event.position) } })),
          afterCommit: async () => void log.afterCommit.push(await documents.getCheckpoint('test-consumer')),
        };
      },
    });
    return follower;
  };

  const until = async (condition: () => boolean) => {
    const deadline = Date.now() + 5_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('commits each batch’s writes with its checkpoint, then runs its afterCommit, and resumes after the checkpoint on restart', async () => {
    await append(3);
    const first = { handled: [] as bigint[], afterCommit: [] as (bigint | null)[] };
    const one = consumer(first);
    await one.start();
    await until(() => one.health().position === 3n);
    await one.stop();
    expect(first.handled).toEqual([1n, 2n, 3n]);
    expect(first.afterCommit).toEqual([2n, 3n]); // the checkpoint was stored before the work after it began
    expect(await documents.count(SEEN)).toBe(3);

    await append(2);
    const second = { handled: [] as bigint[], afterCommit: [] as (bigint | null)[] };
    const two = consumer(second);
    await two.start();
    await until(() => two.health().position === 5n);
    await two.stop();
    expect(second.handled).toEqual([4n, 5n]);
  });

  it('stops on a batch it cannot handle, committing nothing of it, and a restart handles it again', async () => {
    await append(4);
    const broken = consumer({ handled: [], afterCommit: [] }, { failAt: 3n });
    await broken.start();
    await until(() => broken.health().state === 'failed');
    expect(broken.health()).toMatchObject({ position: 2n, error: 'consumer broke' });
    expect(await documents.getCheckpoint('test-consumer')).toBe(2n);

    const healed = { handled: [] as bigint[], afterCommit: [] as (bigint | null)[] };
    const again = consumer(healed);
    await again.start();
    await until(() => again.health().position === 4n);
    await again.stop();
    expect(healed.handled).toEqual([3n, 4n]);
  });
});
