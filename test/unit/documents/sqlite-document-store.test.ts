import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';

/** What the SQLite adapter promises beyond the contract: its file, its schema, its statements. */
describe('SQLite document store', () => {
  let dir: string;
  let file: string;
  let store: SqliteDocumentStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-documents-unit-'));
    file = path.join(dir, 'documents.db');
    store = await SqliteDocumentStore.open(file);
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A second connection to the same file, to look at what was stored. */
  const inspect = <T>(look: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true });
    try {
      return look(db);
    } finally {
      db.close();
    }
  };

  it('writes ahead (WAL) with synchronous=FULL', () => {
    expect(inspect((db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    const own = (store as unknown as { db: Database.Database }).db;
    expect(own.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('stores positions as 64-bit integers', async () => {
    await store.commit({ writes: [], checkpoint: { name: 'orders', position: 2n ** 60n + 7n } });
    const row = inspect((db) =>
      db.prepare(`SELECT typeof(position) AS type, position FROM document_checkpoints WHERE name = 'orders'`).safeIntegers(true).get(),
    );
    expect(row).toEqual({ type: 'integer', position: 2n ** 60n + 7n });
  });

  it('keeps each indexed field in a typed column, and drops columns and indexes no longer declared', async () => {
    await store.ensureCollections([{ name: 'things', indexes: [['kind', 'size'], 'on', 'a.b'] }]);
    await store.upsert('things', 't1', { kind: 'box', size: 3, on: true, a: { b: 'deep' } });
    await store.upsert('things', 't2', { kind: 7, size: 2.5, on: false, a: [{ b: 'in an array' }] });
    const rows = inspect((db) => db.prepare(`SELECT id, "$.kind" AS kind, "$.size" AS size, "$.on" AS "on", "$.a.b" AS ab FROM docs_things ORDER BY id`).all());
    expect(rows).toEqual([
      { id: 't1', kind: 'box', size: 3, on: Buffer.from([1]), ab: 'deep' },
      { id: 't2', kind: 7, size: 2.5, on: Buffer.from([0]), ab: null },
    ]);
    const indexes = () =>
      inspect((db) => db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'docs_things' AND name LIKE 'ix%' ORDER BY name`).pluck().all());
    expect(indexes()).toEqual(['ix_things(a.b)', 'ix_things(kind,size)', 'ix_things(on)']);

    await store.ensureCollections([{ name: 'things', indexes: ['kind'] }]);
    expect(indexes()).toEqual(['ix_things(kind)']);
    const columns = inspect((db) => (db.pragma('table_info(docs_things)') as { name: string }[]).map((c) => c.name));
    expect(columns).toEqual(['id', 'doc', '$.kind']);
    expect(await store.get('things', 't2')).toEqual({ kind: 7, size: 2.5, on: false, a: [{ b: 'in an array' }] });
  });

  it('fills a new column from the documents with the same typing as writes', async () => {
    await store.ensureCollections([{ name: 'things', indexes: [] }]);
    const docs = { t1: { v: 'text' }, t2: { v: 4 }, t3: { v: 1.5 }, t4: { v: true }, t5: { v: false }, t6: { v: null }, t7: {}, t8: { v: { x: 1 } }, t9: { v: [1] } };
    for (const [id, doc] of Object.entries(docs)) await store.upsert('things', id, doc);
    await store.ensureCollections([{ name: 'things', indexes: ['v'] }]);
    const backfilled = inspect((db) => db.prepare(`SELECT "$.v" AS v FROM docs_things ORDER BY id`).pluck().all());
    // Written anew through the adapter, the same values must come out.
    for (const [id, doc] of Object.entries(docs)) await store.upsert('things', id, doc);
    const written = inspect((db) => db.prepare(`SELECT "$.v" AS v FROM docs_things ORDER BY id`).pluck().all());
    expect(backfilled).toEqual(written);
    expect(written).toEqual(['text', 4, 1.5, Buffer.from([1]), Buffer.from([0]), null, null, null, null]);
  });

  it('keeps working when more query shapes are asked for than it keeps prepared', async () => {
    await store.close();
    store = await SqliteDocumentStore.open(file, { statementCacheSize: 2 });
    await store.ensureCollections([{ name: 'things', indexes: ['a', 'b', 'c'] }]);
    await store.upsert('things', 't1', { a: 1, b: 'x', c: true });
    for (let round = 0; round < 3; round++) {
      expect(await store.count('things', { a: 1 })).toBe(1);
      expect(await store.count('things', { b: 'x' })).toBe(1);
      expect(await store.count('things', { c: true })).toBe(1);
      expect((await store.find('things', { filter: { a: { $gte: 1 } }, sort: { field: 'b' } })).items).toHaveLength(1);
    }
  });

  it('opens in memory, and closes twice without complaint', async () => {
    const memory = await SqliteDocumentStore.open(':memory:');
    await memory.ensureCollections([{ name: 'things', indexes: [] }]);
    await memory.upsert('things', 't1', { a: 1 });
    expect(await memory.get('things', 't1')).toEqual({ a: 1 });
    await memory.close();
    await memory.close();
  });
});
