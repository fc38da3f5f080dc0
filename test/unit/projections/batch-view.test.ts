import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';
import { BatchView } from '../../../src/projections/batch-view';

describe('BatchView', () => {
  let documents: SqliteDocumentStore;
  beforeEach(async () => {
    documents = await SqliteDocumentStore.open(':memory:');
    await documents.ensureCollections([{ name: 'things', indexes: [] }]);
    await documents.upsert('things', 'stored', { n: 1 });
  });
  afterEach(() => documents.close());

  it('reads through to the store, then sees the batch\'s own writes before they are committed', async () => {
    const view = new BatchView(documents);
    expect(await view.get('things', 'stored')).toEqual({ n: 1 });
    view.put('things', 'stored', { n: 2 });
    view.put('things', 'new', { n: 3 });
    expect(await view.get('things', 'stored')).toEqual({ n: 2 });
    expect(await view.get('things', 'new')).toEqual({ n: 3 });
    expect(await documents.get('things', 'stored')).toEqual({ n: 1 });

    view.delete('things', 'new');
    expect(await view.get('things', 'new')).toBeNull();
    expect(await view.get('things', 'missing')).toBeNull();
  });

  it('ends with one write per document changed: the last one', async () => {
    const view = new BatchView(documents);
    view.put('things', 'a', { n: 1 });
    view.put('things', 'a', { n: 2 });
    view.put('things', 'stored', { n: 5 });
    view.delete('things', 'stored');
    expect(view.writes()).toEqual([
      { op: 'put', collection: 'things', id: 'a', doc: { n: 2 } },
      { op: 'delete', collection: 'things', id: 'stored' },
    ]);
    await documents.commit({ writes: view.writes() });
    expect(await documents.get('things', 'a')).toEqual({ n: 2 });
    expect(await documents.get('things', 'stored')).toBeNull();
  });

  it('completes a collection\'s documents once each at the end of the unit, and knows them as completed', async () => {
    const completions: unknown[] = [];
    const complete = (doc: Record<string, unknown>) => (completions.push(doc), { ...doc, doubled: (doc.n as number) * 2 });
    const view = new BatchView(documents, null, new Map([['things', complete]]));
    view.put('things', 'a', { n: 1 });
    view.put('things', 'a', { n: 2 });
    expect(await view.get('things', 'a')).toEqual({ n: 2 });
    expect(completions).toEqual([]);

    expect(view.writes()).toEqual([{ op: 'put', collection: 'things', id: 'a', doc: { n: 2, doubled: 4 } }]);
    expect(completions).toEqual([{ n: 2 }]);
    expect(view.touched().get('things')?.get('a')).toEqual({ n: 2, doubled: 4 });
  });
});
