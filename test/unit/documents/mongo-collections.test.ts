import { normalizeDefinitions } from '../../../src/infrastructure/documents/document-query';
import {
  collectionName,
  databaseInUrl,
  ensureIndexes,
  indexChanges,
  indexKey,
  indexName,
  isConcurrentDdlRace,
} from '../../../src/infrastructure/documents/mongo-collections';

describe('MongoDB collections and indexes', () => {
  const [orders] = normalizeDefinitions([{ name: 'orders', indexes: ['status', ['customer.id', 'placedAt'], ['status']] }]);

  it('keeps declared collections apart from the store own ones', () => {
    expect(collectionName('orders')).toBe('docs_orders');
    expect(collectionName('checkpoints')).toBe('docs_checkpoints');
  });

  it('keys each index on its fields then _id, in order', () => {
    expect(indexKey(['customer.id', 'placedAt'])).toEqual({ 'customer.id': 1, placedAt: 1, _id: 1 });
    expect(Object.keys(indexKey(['customer.id', 'placedAt']))).toEqual(['customer.id', 'placedAt', '_id']);
    expect(indexName(['customer.id', 'placedAt'])).toBe('ix(customer.id,placedAt)');
  });

  it('creates the declared indexes and drops only its own indexes no longer declared', () => {
    expect(indexChanges(orders!, ['_id_', 'ix(status)', 'ix(note)', 'ix(note,rank)', 'someone_elses_1'])).toEqual({
      create: [
        { name: 'ix(status)', key: { status: 1, _id: 1 } },
        { name: 'ix(customer.id,placedAt)', key: { 'customer.id': 1, placedAt: 1, _id: 1 } },
      ],
      drop: ['ix(note)', 'ix(note,rank)'],
    });
  });

  it('reads the database from a connection string, when it names one', () => {
    expect(databaseInUrl('mongodb://localhost:27017/reads?replicaSet=rs0')).toBe('reads');
    expect(databaseInUrl('mongodb://u:p%2F@a:1,b:2/oms_test')).toBe('oms_test');
    expect(databaseInUrl('mongodb+srv://cluster.example.net/prod%2Dreads?retryWrites=true')).toBe('prod-reads');
    expect(databaseInUrl('mongodb://localhost:27017')).toBeNull();
    expect(databaseInUrl('mongodb://localhost:27017/')).toBeNull();
    expect(databaseInUrl('mongodb://localhost:27017/?directConnection=true')).toBeNull();
  });
});

describe('two processes preparing the same collections at once', () => {
  const [orders] = normalizeDefinitions([{ name: 'orders', indexes: ['status', 'placedAt'] }]);
  const serverError = (code: number) => Object.assign(new Error(`server error ${code}`), { code });

  /** A collection whose DDL fails as it does when the other process got there first (or with `failWith`). */
  const racingCollection = (failWith: (call: string) => Error | null) => {
    const calls: string[] = [];
    return {
      calls,
      listIndexes: () => ({ toArray: async () => [{ name: '_id_' }, { name: 'ix(note)' }] }),
      dropIndex: async (name: string) => {
        calls.push(`drop ${name}`);
        const error = failWith(`drop ${name}`);
        if (error) throw error;
      },
      createIndexes: async (indexes: Array<{ name?: string }>) => {
        calls.push(`create ${indexes.map((i) => i.name).join()}`);
        const error = failWith(`create ${indexes.map((i) => i.name).join()}`);
        if (error) throw error;
      },
    };
  };

  it.each([
    ['IndexNotFound (27) on a drop', 27],
    ['NamespaceExists (48)', 48],
    ['IndexOptionsConflict (85)', 85],
    ['IndexKeySpecsConflict (86)', 86],
    ['IndexBuildAlreadyInProgress (276)', 276],
  ])('takes %s for the other process having done it, and goes on with every other index', async (_what, code) => {
    const collection = racingCollection(() => serverError(code));
    await expect(ensureIndexes(collection, orders!)).resolves.toBeUndefined();
    expect(collection.calls).toEqual(['drop ix(note)', 'create ix(status)', 'create ix(placedAt)']);
  });

  it('still fails on any other server error', async () => {
    const collection = racingCollection((call) => (call === 'create ix(status)' ? serverError(13) : null));
    await expect(ensureIndexes(collection, orders!)).rejects.toMatchObject({ code: 13 });
    expect(isConcurrentDdlRace(serverError(13))).toBe(false);
    expect(isConcurrentDdlRace(new Error('no code'))).toBe(false);
  });
});
