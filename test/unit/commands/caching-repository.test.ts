import path from 'node:path';
import { AppendedEvent, EventSourcedRepository } from '../../../src/commands/aggregate-repository';
import { CachingRepository } from '../../../src/commands/caching-repository';
import { WrongExpectedRevision } from '../../../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../../../src/infrastructure/eventstore/sqlite-event-store';
import { counterDecider, CounterEvent } from '../../support/counter-decider';
import { makeTempDir } from '../../support/temp-dir';

let ids = 0;
const incremented = (by: number): AppendedEvent<CounterEvent>[] => [
  {
    type: 'Incremented',
    data: { by },
    metadata: { eventId: `event-${++ids}`, correlationId: 'c', causationId: null, actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
  },
];

describe('CachingRepository', () => {
  const temp = makeTempDir('oms-caching-');
  const filename = path.join(temp.dir, 'events.db');
  const mine = new SqliteEventStore({ filename, crossProcessCheckMs: 60_000 });
  const theirs = new SqliteEventStore({ filename, crossProcessCheckMs: 60_000 });
  afterAll(async () => {
    await theirs.close();
    await mine.close();
    await temp.remove();
  });
  const repository = (options: ConstructorParameters<typeof CachingRepository>[1] = {}) =>
    new CachingRepository(new EventSourcedRepository(mine, counterDecider), options);
  const appendElsewhere = async (streamId: string, by: number) => {
    const other = new EventSourcedRepository(theirs, counterDecider);
    await other.append(streamId, await other.load(streamId), incremented(by));
  };

  it('answers a state it appended without reading while no other handle appended to the stream', async () => {
    const streams = repository({ otherWriters: mine });
    await streams.append('c-1', await streams.load('c-1'), incremented(2));
    const reads = jest.spyOn(mine, 'readStream');
    const loaded = await streams.load('c-1');
    expect(loaded).toMatchObject({ state: { value: 2 }, revision: 0 });
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
  });

  it('reads the tail after its cached revision once the store has learnt that another handle appended', async () => {
    const streams = repository({ otherWriters: mine });
    await streams.append('c-2', await streams.load('c-2'), incremented(1));
    const before = await mine.headPosition();
    await appendElsewhere('c-2', 10);
    await mine.readAll({ after: before }); // reading the other handle's event is how this handle learns of it
    const reads = jest.spyOn(mine, 'readStream');
    expect(await streams.load('c-2')).toMatchObject({ state: { value: 11 }, revision: 1 });
    expect(reads.mock.calls).toEqual([['c-2', { fromRevision: 1 }]]);
    reads.mockRestore();
  });

  it('without other-writer detection reads the tail on every load, and only the tail', async () => {
    const streams = repository();
    await streams.append('c-3', await streams.load('c-3'), incremented(1));
    await appendElsewhere('c-3', 5);
    const reads = jest.spyOn(mine, 'readStream');
    expect(await streams.load('c-3')).toMatchObject({ state: { value: 6 }, revision: 1 });
    expect(await streams.load('c-3')).toMatchObject({ state: { value: 6 }, revision: 1 });
    expect(reads.mock.calls).toEqual([
      ['c-3', { fromRevision: 1 }],
      ['c-3', { fromRevision: 2 }],
    ]);
    reads.mockRestore();
  });

  it('trusts no state an append failed on: the next load reads the tail', async () => {
    const streams = repository({ otherWriters: mine });
    const stale = await streams.load('c-4');
    await appendElsewhere('c-4', 3); // noticed by this handle or not, the append's expected revision refuses the stale state
    await expect(streams.append('c-4', stale, incremented(1))).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(await streams.load('c-4')).toMatchObject({ state: { value: 3 }, revision: 0 });
  });

  it('answers a stream it was told is new without reading, and caches nothing until an append lands', async () => {
    const streams = repository({ otherWriters: mine });
    const reads = jest.spyOn(mine, 'readStream');
    expect(await streams.load('c-5', { assumeNew: true })).toMatchObject({ state: { value: 0 }, revision: -1 });
    expect(reads).not.toHaveBeenCalled();
    await appendElsewhere('c-5', 4);
    expect(await streams.load('c-5')).toMatchObject({ state: { value: 4 }, revision: 0 });
    reads.mockRestore();
  });
});
