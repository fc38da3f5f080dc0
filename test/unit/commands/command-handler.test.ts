import { validate as isUuid, version as uuidVersion } from 'uuid';
import { EventSourcedRepository } from '../../../src/commands/aggregate-repository';
import { CachingRepository } from '../../../src/commands/caching-repository';
import { CommandHandler, CommandHandlerOptions } from '../../../src/commands/command-handler';
import { StaleRevision } from '../../../src/commands/stale-revision';
import {
  AppendResult,
  EventStore,
  NewEvent,
  WrongExpectedRevision,
} from '../../../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../../../src/infrastructure/eventstore/sqlite-event-store';
import path from 'node:path';
import { counterDecider, CounterLimitReached, increment, reset } from '../../support/counter-decider';
import { makeTempDir } from '../../support/temp-dir';

const waitFor = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const context = { actor: 'tester', correlationId: 'corr-9', causationId: 'cause-1' };

/** A handler as the composition wires it on the embedded store: states cached, trusted while no other handle appended. */
const counterHandler = (store: SqliteEventStore | EventStore, options: CommandHandlerOptions = {}) => {
  const otherWriters = store instanceof SqliteEventStore ? store : undefined;
  const streams = new CachingRepository(new EventSourcedRepository(store, counterDecider as never), otherWriters ? { otherWriters } : {});
  return new CommandHandler(streams, counterDecider as never, options);
};

describe('CommandHandler', () => {
  let store: SqliteEventStore;
  let handler: ReturnType<typeof counterHandler>;

  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
    handler = counterHandler(store, { now: () => new Date('2026-03-04T05:06:07.000Z') });
  });
  afterEach(() => store.close());

  it('appends the decided events with full metadata and answers state, revision and position', async () => {
    const outcome = await handler.handle('counter-1', increment(3), context);
    expect(outcome.state).toEqual({ value: 3 });
    expect(outcome.revision).toBe(0);
    const [stored] = await store.readStream('counter-1');
    expect(outcome.position).toBe(stored!.position);
    expect(stored!.metadata).toMatchObject({
      correlationId: 'corr-9',
      causationId: 'cause-1',
      actor: 'tester',
      occurredAt: '2026-03-04T05:06:07.000Z',
      schemaVersion: 1,
    });
    expect(isUuid(stored!.metadata.eventId) && uuidVersion(stored!.metadata.eventId)).toBe(7);
  });

  it('answers a command that is already done with no events and the current revision', async () => {
    const first = await handler.handle('counter-1', increment(2), context);
    const done = await handler.handle('counter-1', reset(), context);
    const again = await handler.handle('counter-1', reset(), context);
    expect(done.events).toHaveLength(1);
    expect(again.events).toEqual([]);
    expect(again.revision).toBe(1);
    expect(again.position).toBe(done.position);
    expect(again.position > first.position).toBe(true);
  });

  it('appends nothing when the domain refuses', async () => {
    await handler.handle('counter-1', increment(1000), context);
    await expect(handler.handle('counter-1', increment(1), context)).rejects.toBeInstanceOf(CounterLimitReached);
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('refuses a stale If-Match revision', async () => {
    await handler.handle('counter-1', increment(1), context);
    const error = await handler.handle('counter-1', increment(1), { ...context, expectedRevision: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(StaleRevision);
    expect(error).toMatchObject({ expected: 5, actual: 0 });
    await expect(handler.handle('counter-1', increment(1), { ...context, expectedRevision: 0 })).resolves.toMatchObject(
      { revision: 1 },
    );
  });

  it('reads only the tail of a stream it has seen, including what other writers added', async () => {
    await handler.handle('counter-1', increment(1), context);
    const otherProcess = counterHandler(store);
    await otherProcess.handle('counter-1', increment(10), context);
    const reads = jest.spyOn(store, 'readStream');
    const outcome = await handler.handle('counter-1', increment(100), context);
    expect(outcome.state).toEqual({ value: 111 });
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0]![1]).toEqual({ fromRevision: 1 });
  });

  it('notices appends made through another handle on the same file without a conflict', async () => {
    const temp = makeTempDir();
    const filename = path.join(temp.dir, 'events.db');
    const mine = new SqliteEventStore({ filename });
    const theirs = new SqliteEventStore({ filename });
    const here = counterHandler(mine);
    await here.handle('counter-x', increment(1), context);
    const marker = mine.changeMarker();
    await counterHandler(theirs).handle('counter-x', increment(10), context);
    await waitFor(() => mine.appendedElsewhereSince('counter-x', marker));
    const appends = jest.spyOn(mine, 'append');
    const outcome = await here.handle('counter-x', increment(100), context);
    expect(outcome.state).toEqual({ value: 111 });
    expect(appends).toHaveBeenCalledTimes(1);
    await theirs.close();
    await mine.close();
    await temp.remove();
  });

  it('retries a conflict with another writer after re-reading, and gives up after the bound', async () => {
    let conflictsLeft = 2;
    const racing: EventStore = Object.create(store);
    racing.append = async (streamId: string, events: NewEvent[], options): Promise<AppendResult> => {
      if (conflictsLeft-- > 0) {
        await store.append(streamId, [{ ...events[0]!, metadata: { ...events[0]!.metadata, eventId: crypto.randomUUID() } }]);
      }
      return store.append(streamId, events, options);
    };
    const retrying = counterHandler(racing, { maxConflictRetries: 2 });
    const outcome = await retrying.handle('counter-2', increment(1), context);
    expect(outcome.state).toEqual({ value: 3 });
    expect(await store.readStream('counter-2')).toHaveLength(3);

    conflictsLeft = 10;
    await expect(retrying.handle('counter-2', increment(1), context)).rejects.toBeInstanceOf(WrongExpectedRevision);
  });

  it('appends a seeded decision once, however often it is repeated', async () => {
    await handler.handle('counter-3', increment(1), { ...context, eventIdSeed: 'step-A' });
    const fresh = counterHandler(store);
    // A restarted process repeats the step: the decider would increment again, the ids say it is done.
    await fresh.handle('counter-3', increment(5), context);
    const repeated = await handler.handle('counter-3', increment(1), { ...context, eventIdSeed: 'step-A' });
    expect(await store.readStream('counter-3')).toHaveLength(2);
    const after = await handler.handle('counter-3', increment(1), context);
    expect(after.state).toEqual({ value: 7 });
    expect(repeated.revision).toBe(0);
  });

  it('runs concurrent commands on one stream one after another without losing any', async () => {
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => handler.handle('counter-4', increment(1), context)));
    expect(outcomes.map((o) => o.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const events = await store.readStream('counter-4');
    expect(events).toHaveLength(50);
  });
});

describe('CommandHandler creating a stream', () => {
  it('decides without reading when told the stream is new, and decides again on the stream if it exists after all', async () => {
    const store = new SqliteEventStore({ filename: ':memory:' });
    const handler = counterHandler(store);
    const reads = jest.spyOn(store, 'readStream');
    const created = await handler.handle('counter-new', increment(2), { ...context, expectNewStream: true });
    expect(created.revision).toBe(0);
    expect(reads).not.toHaveBeenCalled();

    const elsewhere = counterHandler(store);
    const existing = await elsewhere.handle('counter-new', increment(3), { ...context, expectNewStream: true });
    expect(existing.state).toEqual({ value: 5 });
    expect(existing.revision).toBe(1);
    expect(reads).toHaveBeenCalled();
    await store.close();
  });
});
