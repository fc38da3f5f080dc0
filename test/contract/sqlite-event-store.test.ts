import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/infrastructure/eventstore/sqlite-event-store';
import { makeTempDir } from '../support/temp-dir';
import { eventStoreContract, newEvent } from './event-store.contract';

const openSqlite = async () => {
  const temp = makeTempDir();
  const filename = path.join(temp.dir, 'events.db');
  return {
    filename,
    store: new SqliteEventStore({ filename }),
    reopen: async () => new SqliteEventStore({ filename }),
    cleanup: temp.remove,
  };
};

eventStoreContract('sqlite', openSqlite);

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('SqliteEventStore specifics', () => {
  it('keeps positions exact beyond 2^53', async () => {
    const { filename, store, reopen, cleanup } = await openSqlite();
    await store.append('seed', [newEvent()]);
    await store.close();
    const raw = new Database(filename);
    const start = 2n ** 60n + 5n;
    raw.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'").run(start);
    raw.close();

    const reopened = await reopen();
    const result = await reopened.append('big', [newEvent('X'), newEvent('Y')]);
    expect(result.position).toBe(start + 2n);
    const [x, y] = await reopened.readAll({ after: start });
    expect([x!.position, y!.position]).toEqual([start + 1n, start + 2n]);
    expect(await reopened.headPosition()).toBe(start + 2n);
    await reopened.close();
    await cleanup();
  });

  it('shares one durable transaction among appends that arrive together, each checked alone', async () => {
    const { store, cleanup } = await openSqlite();
    await store.append('s-1', [newEvent()]);
    const outcomes = await Promise.allSettled([
      store.append('s-1', [newEvent('ok')], { expectedRevision: 0 }),
      store.append('s-1', [newEvent('stale')], { expectedRevision: 0 }),
      store.append('s-2', [newEvent('fresh')], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readStream('s-1')).map((e) => e.type)).toEqual(['Something', 'ok']);
    await store.close();
    await cleanup();
  });

  it('serves the newest events from memory exactly as the database holds them, gaps from other writers included', async () => {
    const { store, reopen, cleanup } = await openSqlite();
    const other = await reopen();
    await store.append('mine-1', [newEvent('A', { n: 1 }), newEvent('B', { n: 2 })]);
    await other.append('theirs', [newEvent('X')]);
    await store.append('mine-2', [newEvent('C', { list: [1, 2] })]);
    await store.append('mine-1', [newEvent('D')], { expectedRevision: 1 });
    const fresh = await reopen();
    for (const after of [0n, 1n, 2n, 3n, 4n, 5n]) {
      expect(await store.readAll({ after, maxCount: 10 })).toEqual(await fresh.readAll({ after, maxCount: 10 }));
      expect(await store.readAll({ after, maxCount: 1 })).toEqual(await fresh.readAll({ after, maxCount: 1 }));
    }
    await Promise.all([store.close(), other.close(), fresh.close()]);
    await cleanup();
  });

  it('knows which streams other threads and processes appended to, and no others', async () => {
    const { filename, store, reopen, cleanup } = await openSqlite();
    const sibling = await reopen(); // another handle in this process: as another thread's would be
    await store.append('s-1', [newEvent()]);
    await store.append('s-2', [newEvent()]);
    const marker = store.changeMarker();
    await sibling.append('s-1', [newEvent('elsewhere')]);
    await until(() => store.appendedElsewhereSince('s-1', marker));
    expect(store.appendedElsewhereSince('s-2', marker)).toBe(false);
    // Our own append after theirs, before or after their message: s-2 stays known.
    await store.append('s-2', [newEvent()]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(store.appendedElsewhereSince('s-2', marker)).toBe(false);

    const later = store.changeMarker();
    const otherProcess = new Database(filename); // writes without telling anyone
    otherProcess
      .prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)')
      .run('s-3', 0, 'raw-event-1', 'Raw', '{}', JSON.stringify(newEvent().metadata));
    otherProcess.close();
    await until(() => store.appendedElsewhereSince('s-3', later));
    expect(store.appendedElsewhereSince('s-2', later)).toBe(false);
    expect(store.appendedElsewhereSince('s-1', later)).toBe(false);
    await sibling.close();
    await store.close();
    await cleanup();
  });

  it('wakes a subscriber when another connection (as another process would) appends', async () => {
    const { store, reopen, cleanup } = await openSqlite();
    await store.append('warm', [newEvent()]);
    const other = await reopen();
    const subscription = store.subscribe({ after: await store.headPosition() });
    const first = (async () => {
      for await (const batch of subscription) return batch.map((e) => e.type);
      return [];
    })();
    await other.append('elsewhere', [newEvent('from-other')]);
    await expect(first).resolves.toEqual(['from-other']);
    await subscription.close();
    await other.close();
    await store.close();
    await cleanup();
  });
});
