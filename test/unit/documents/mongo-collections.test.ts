import { normalizeDefinitions } from '../../../src/infrastructure/documents/document-query';
import { collectionName, databaseInUrl, indexChanges, indexKey, indexName } from '../../../src/infrastructure/documents/mongo-collections';

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
