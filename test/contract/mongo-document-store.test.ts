import { Long, MongoClient } from 'mongodb';
import { DocumentWrite, UnitOfWork } from '../../src/infrastructure/documents/document-store';
import { MongoDocumentStore, MongoDocumentStoreOptions } from '../../src/infrastructure/documents/mongo-document-store';
import { documentStoreContract } from './document-store.contract';

const url = process.env.MONGODB_URL;
/** Every database this run creates starts with this, and is dropped by its test's cleanup. */
const run = `oms_test_${Date.now().toString(36)}_${process.pid}`;
let databases = 0;

const withClient = async <T>(work: (client: MongoClient) => Promise<T>): Promise<T> => {
  const client = new MongoClient(url!, { serverSelectionTimeoutMS: 10_000 });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
};

const dropDatabase = (name: string) => withClient((client) => client.db(name).dropDatabase()).then(() => undefined);

/** A fresh database per test, so every test starts from an empty store. */
const openFresh = (options: MongoDocumentStoreOptions = {}) => {
  const dbName = `${run}_${++databases}`;
  const open = () => MongoDocumentStore.open(url!, { ...options, dbName, client: { serverSelectionTimeoutMS: 10_000 } });
  return { dbName, open, cleanup: () => dropDatabase(dbName) };
};

if (url === undefined || url === '') {
  // Written while collecting (jest runs no beforeAll in a block whose tests are all skipped), and to stdout
  // rather than console.log: with several test files in workers, jest drops the console output of a file
  // whose tests were all skipped, so the reason would only show when this file runs alone.
  process.stdout.write('SKIPPED MongoDB document store contract: MONGODB_URL is not set (e.g. mongodb://127.0.0.1:27017/?replicaSet=rs0)\n');
  describe.skip('DocumentStore contract: mongodb', () => {
    it('needs MONGODB_URL', () => undefined);
  });
} else {
  documentStoreContract('mongodb', async () => {
    const { open, cleanup } = openFresh();
    return { store: await open(), reopen: open, cleanup };
  });

  // The path a standalone server takes (position guards, no transaction), also run where transactions exist.
  documentStoreContract('mongodb without transactions', async () => {
    const { open, cleanup } = openFresh({ transactions: 'never' });
    return { store: await open(), reopen: open, cleanup };
  });
}

(url ? describe : describe.skip).each([['auto' as const], ['never' as const]])('MongoDocumentStore specifics (transactions: %s)', (transactions) => {
  const ORDERS = 'orders';
  let store: MongoDocumentStore;
  let dbName: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const fresh = openFresh({ transactions });
    ({ dbName, cleanup } = fresh);
    store = await fresh.open();
    await store.ensureCollections([{ name: ORDERS, indexes: ['status', ['customer.id', 'placedAt']] }]);
  });

  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  const put = (id: string, doc: Record<string, unknown>): DocumentWrite => ({ op: 'put', collection: ORDERS, id, doc });
  const unitAt = (position: bigint, ...writes: DocumentWrite[]): UnitOfWork => ({ writes, checkpoint: { name: 'orders', position } });
  const all = async () => Object.fromEntries((await store.find<{ ref: string }>(ORDERS, { limit: 500 })).items.map((doc) => [doc.ref, doc]));
  const raw = (id: string) =>
    withClient((client) => client.db(dbName).collection<{ _id: string; _pos?: unknown }>(`docs_${ORDERS}`).findOne({ _id: id }, { promoteLongs: false }));

  it('changes nothing when a unit is delivered again', async () => {
    const unit = unitAt(10n, put('a', { ref: 'a', n: 1 }), { op: 'patch', collection: ORDERS, id: 'a', changes: { status: 'open' } });
    await store.commit(unit);
    await store.upsert(ORDERS, 'b', { ref: 'b', n: 0 });
    await store.commit(unitAt(11n, { op: 'patch', collection: ORDERS, id: 'b', changes: { n: 1 } }));
    const once = await all();
    await store.commit(unit);
    await store.commit(unitAt(11n, { op: 'patch', collection: ORDERS, id: 'b', changes: { n: 2 } }));
    expect(await all()).toEqual(once);
    expect(once).toEqual({ a: { ref: 'a', n: 1, status: 'open' }, b: { ref: 'b', n: 1 } });
  });

  it('lets no older unit overwrite, patch or delete what a newer one wrote, positions beyond 2^53 included', async () => {
    const base = 2n ** 60n;
    const older = unitAt(
      base + 1n,
      put('a', { ref: 'a', v: 'old' }),
      { op: 'patch', collection: ORDERS, id: 'b', changes: { v: 'old' } },
      { op: 'delete', collection: ORDERS, id: 'c' },
    );
    await store.commit(unitAt(base + 2n, put('a', { ref: 'a', v: 'new' }), put('b', { ref: 'b', v: 'new' }), put('c', { ref: 'c', v: 'new' })));
    await store.commit(older);
    expect(await all()).toEqual({ a: { ref: 'a', v: 'new' }, b: { ref: 'b', v: 'new' }, c: { ref: 'c', v: 'new' } });
    expect(await store.getCheckpoint('orders')).toBe(base + 1n); // the checkpoint itself is the runner's to keep
  });

  it('records positions as int64 and never hands them out', async () => {
    await store.commit(unitAt(2n ** 53n + 1n, put('a', { ref: 'a', note: '$status' })));
    const stored = await raw('a');
    expect(Long.isLong(stored?._pos)).toBe(true);
    expect((stored?._pos as Long).toBigInt()).toBe(2n ** 53n + 1n);
    expect(await store.get(ORDERS, 'a')).toEqual({ ref: 'a', note: '$status' });
    expect((await store.getMany(ORDERS, ['a'])).get('a')).toEqual({ ref: 'a', note: '$status' });
    expect(await all()).toEqual({ a: { ref: 'a', note: '$status' } });
  });

  it('builds its indexes with _id as the tie-breaker, and drops only its own', async () => {
    await withClient((client) => client.db(dbName).collection(`docs_${ORDERS}`).createIndex({ ref: 1 }, { name: 'someone_elses' }));
    await store.ensureCollections([{ name: ORDERS, indexes: ['status'] }]);
    const indexes = await withClient((client) => client.db(dbName).collection(`docs_${ORDERS}`).listIndexes().toArray());
    expect(Object.fromEntries(indexes.map((index) => [index.name, index.key]))).toEqual({
      _id_: { _id: 1 },
      'ix(status)': { status: 1, _id: 1 },
      someone_elses: { ref: 1 },
    });
  });

  it('fences a unit against a takeover', async () => {
    expect(await store.tryLease({ name: 'projections', holder: 'a' }, 60_000)).toBe(true);
    await store.commit({ ...unitAt(1n, put('a', { ref: 'a' })), lease: { name: 'projections', holder: 'a' } });
    await store.releaseLease({ name: 'projections', holder: 'a' });
    expect(await store.tryLease({ name: 'projections', holder: 'b' }, 60_000)).toBe(true);
    await expect(store.commit({ ...unitAt(2n, put('b', { ref: 'b' })), lease: { name: 'projections', holder: 'a' } })).rejects.toMatchObject({
      code: 'DOCUMENTS.LEASE_LOST',
    });
    expect(await all()).toEqual({ a: { ref: 'a' } });
  });
});
