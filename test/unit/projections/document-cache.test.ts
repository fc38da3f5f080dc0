import { DocumentCache } from '../../../src/projections/document-cache';

describe('DocumentCache: the documents a projection runner keeps between commits', () => {
  const committed = (entries: [collection: string, id: string, doc: { n: number } | null][]) => {
    const documents = new Map<string, Map<string, { n: number } | null>>();
    for (const [collection, id, doc] of entries) documents.set(collection, (documents.get(collection) ?? new Map()).set(id, doc));
    return documents;
  };

  it('hands a kept document, or that it does not exist, to the one unit that takes it', () => {
    const cache = new DocumentCache(10);
    cache.remember(committed([['orders', 'o1', { n: 1 }], ['orders', 'o2', null], ['stock', 'o1', { n: 9 }]]));
    expect(cache.take('orders', 'o1')).toEqual({ n: 1 });
    expect(cache.take('orders', 'o1')).toBeUndefined(); // the unit holds it now
    expect(cache.take('orders', 'o2')).toBeNull();
    expect(cache.take('stock', 'o1')).toEqual({ n: 9 });
    expect(cache.take('stock', 'o3')).toBeUndefined();
  });

  it('keeps the most recently committed documents up to its capacity, and the newest version of each', () => {
    const cache = new DocumentCache(2);
    cache.remember(committed([['orders', 'o1', { n: 1 }], ['orders', 'o2', { n: 2 }]]));
    cache.remember(committed([['orders', 'o1', { n: 10 }], ['orders', 'o3', { n: 3 }]]));
    expect(cache.take('orders', 'o2')).toBeUndefined(); // least recently committed, let go
    expect(cache.take('orders', 'o1')).toEqual({ n: 10 });
    expect(cache.take('orders', 'o3')).toEqual({ n: 3 });
  });

  it('hands out only the newest version: once taken, an older commit\'s copy of the document is never handed out', () => {
    const cache = new DocumentCache(10);
    cache.remember(committed([['orders', 'o1', { n: 1 }]]));
    cache.remember(committed([['orders', 'o1', { n: 2 }]]));
    expect(cache.take('orders', 'o1')).toEqual({ n: 2 });
    expect(cache.take('orders', 'o1')).toBeUndefined();
  });

  it('lets go of an old commit\'s documents without losing those a newer commit kept again', () => {
    const cache = new DocumentCache(3);
    cache.remember(committed([['orders', 'o1', { n: 1 }], ['orders', 'o2', { n: 2 }]]));
    cache.remember(committed([['orders', 'o2', { n: 20 }]]));
    cache.remember(committed([['stock', 's1', { n: 3 }], ['stock', 's2', { n: 4 }]]));
    expect([cache.take('orders', 'o1'), cache.take('orders', 'o2'), cache.take('stock', 's1')]).toEqual([undefined, { n: 20 }, { n: 3 }]);
  });

  it('keeps everything the last commit touched, however many', () => {
    const cache = new DocumentCache(1);
    cache.remember(committed([['orders', 'o1', { n: 1 }], ['orders', 'o2', { n: 2 }], ['orders', 'o3', { n: 3 }]]));
    expect([cache.take('orders', 'o1'), cache.take('orders', 'o2'), cache.take('orders', 'o3')]).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('forgets everything when cleared', () => {
    const cache = new DocumentCache(10);
    cache.remember(committed([['orders', 'o1', { n: 1 }]]));
    cache.clear();
    expect(cache.take('orders', 'o1')).toBeUndefined();
  });
});
