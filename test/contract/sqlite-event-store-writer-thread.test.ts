import path from 'node:path';
import { startEventWriterThread } from '../../src/infrastructure/eventstore/event-writer-client';
import { SqliteEventStore } from '../../src/infrastructure/eventstore/sqlite-event-store';
import { makeTempDir } from '../support/temp-dir';
import { eventStoreContract, newEvent } from './event-store.contract';

// The same contract when every handle appends through the process's writer thread, as `oms serve` runs.
eventStoreContract('sqlite through the writer thread', async () => {
  const temp = makeTempDir();
  const filename = path.join(temp.dir, 'events.db');
  const writer = startEventWriterThread(filename);
  const handles: SqliteEventStore[] = [];
  const open = () => {
    const store = new SqliteEventStore({ filename, writer: writer.connect() });
    handles.push(store);
    return store;
  };
  return {
    store: open(),
    reopen: async () => open(),
    cleanup: async () => {
      await Promise.all(handles.map((store) => store.close()));
      await writer.close();
      await temp.remove();
    },
  };
});

describe('the writer thread', () => {
  it('shares one group commit among handles of different threads', async () => {
    const temp = makeTempDir();
    const filename = path.join(temp.dir, 'events.db');
    const writer = startEventWriterThread(filename);
    const a = new SqliteEventStore({ filename, writer: writer.connect() });
    const b = new SqliteEventStore({ filename, writer: writer.connect() });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append(`s-${i % 3}`, [newEvent(`E${i}`)])),
    );
    const positions = results.map((r) => r.position).sort((x, y) => (x < y ? -1 : 1));
    expect(new Set(positions).size).toBe(20);
    expect(positions[19]! - positions[0]!).toBe(19n);
    expect((await a.readAll({ after: 0n, maxCount: 100 })).length).toBe(20);
    await a.close();
    await b.close();
    await writer.close();
    await temp.remove();
  });
});
