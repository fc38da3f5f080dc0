/**
 * The DocumentStore contract: every adapter runs this same suite.
 *
 *   documentStoreContract('sqlite', async () => ({ store, reopen, cleanup }))
 *
 * `open` gives a fresh, empty store per test; `reopen` (optional) opens the
 * same data again after the suite has closed `store`; `cleanup` removes it.
 */
import {
  CollectionDefinition,
  Document,
  DocumentStore,
  FindOptions,
  InvalidCheckpoint,
  InvalidCollectionDefinition,
  InvalidCursor,
  InvalidDocument,
  InvalidQuery,
  UnindexedField,
  LeaseLost,
  UnknownCollection,
} from '../../src/infrastructure/documents/document-store';

export type OpenDocumentStore = () => Promise<{
  store: DocumentStore;
  reopen?: () => Promise<DocumentStore>;
  cleanup: () => Promise<void>;
}>;

const ITEMS = 'items';
const OTHERS = 'others';

const DEFINITIONS: CollectionDefinition[] = [
  {
    name: ITEMS,
    indexes: ['status', 'qty', 'flag', 'customer.id', 'placedAt', 'score', ['customer.id', 'placedAt'], ['status', 'score']],
  },
  { name: OTHERS, indexes: ['kind'] },
];

type Item = Document & { ref: string };

const BIG_POSITION = 2n ** 60n + 7n; // not a double: 2^60 + 7 rounds to 2^60 as a number

export function documentStoreContract(adapterName: string, open: OpenDocumentStore): void {
  describe(`DocumentStore contract: ${adapterName}`, () => {
    let store: DocumentStore;
    let reopen: (() => Promise<DocumentStore>) | undefined;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, reopen, cleanup } = await open());
      await store.ensureCollections(DEFINITIONS);
    });

    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    /** Every document of a collection, in id order, as {id: doc}. */
    const contents = async (collection: string): Promise<Record<string, Document>> => {
      const all: Record<string, Document> = {};
      let cursor: string | null = null;
      do {
        const page: { items: Document[]; nextCursor: string | null } = await store.find(collection, { limit: 500, cursor });
        for (const doc of page.items) all[String(doc.ref)] = doc;
        cursor = page.nextCursor;
      } while (cursor !== null);
      return all;
    };

    /** Refs of the documents a query returns (one page, up to 500), in order. */
    const refs = async (options: FindOptions = {}, collection = ITEMS): Promise<string[]> =>
      (await store.find<Item>(collection, { limit: 500, ...options })).items.map((doc) => doc.ref);

    const seed = async (docs: Item[], collection = ITEMS): Promise<void> =>
      store.commit({ writes: docs.map((doc) => ({ op: 'put', collection, id: doc.ref, doc })) });

    describe('documents', () => {
      it('gives back what was put, after a JSON round trip', async () => {
        const doc = {
          ref: 'a',
          text: 'Zoë 🚚 "quoted" \\ back',
          int: 42,
          negative: -7,
          float: 0.1 + 0.2,
          big: Number.MAX_SAFE_INTEGER,
          yes: true,
          no: false,
          nothing: null,
          gone: undefined,
          list: [1, 'two', { three: [3] }, null],
          nested: { deeper: { deepest: 'x' }, empty: {} },
        };
        await store.upsert(ITEMS, 'a', doc);
        expect(await store.get(ITEMS, 'a')).toEqual(JSON.parse(JSON.stringify(doc)));
        expect(await store.get(ITEMS, 'a')).not.toHaveProperty('gone');
      });

      it('answers null for a missing id', async () => {
        expect(await store.get(ITEMS, 'missing')).toBeNull();
      });

      it('keeps ids apart exactly, whatever their characters', async () => {
        const ids = ['a/b c', 'A', 'a', 'ü-1', "it's", 'x'.repeat(300)];
        for (const id of ids) await store.upsert(ITEMS, id, { ref: id });
        for (const id of ids) expect(await store.get(ITEMS, id)).toEqual({ ref: id });
        expect(await store.count(ITEMS)).toBe(ids.length);
      });

      it('replaces the whole document on upsert', async () => {
        await store.upsert(ITEMS, 'a', { ref: 'a', status: 'open', qty: 1 });
        await store.upsert(ITEMS, 'a', { ref: 'a', status: 'closed' });
        expect(await store.get(ITEMS, 'a')).toEqual({ ref: 'a', status: 'closed' });
        expect(await refs({ filter: { qty: 1 } })).toEqual([]);
      });

      it('keeps collections apart', async () => {
        await store.upsert(ITEMS, 'a', { ref: 'a', where: 'items' });
        await store.upsert(OTHERS, 'a', { ref: 'a', where: 'others' });
        expect(await store.get(ITEMS, 'a')).toEqual({ ref: 'a', where: 'items' });
        expect(await store.get(OTHERS, 'a')).toEqual({ ref: 'a', where: 'others' });
        await store.delete(OTHERS, 'a');
        expect(await store.get(ITEMS, 'a')).not.toBeNull();
      });

      it('gets many at once, leaving out the missing ones', async () => {
        await seed([{ ref: 'a' }, { ref: 'b' }, { ref: 'c' }]);
        const found = await store.getMany<Item>(ITEMS, ['c', 'missing', 'a', 'a']);
        expect([...found.keys()].sort()).toEqual(['a', 'c']);
        expect(found.get('c')).toEqual({ ref: 'c' });
        expect((await store.getMany(ITEMS, [])).size).toBe(0);
      });

      it('inserts only when the id is free', async () => {
        expect(await store.insert(ITEMS, 'a', { ref: 'a', n: 1 })).toBe(true);
        expect(await store.insert(ITEMS, 'a', { ref: 'a', n: 2 })).toBe(false);
        expect(await store.get(ITEMS, 'a')).toEqual({ ref: 'a', n: 1 });
        await store.delete(ITEMS, 'a');
        expect(await store.insert(ITEMS, 'a', { ref: 'a', n: 3, status: 'x' })).toBe(true);
        expect(await refs({ filter: { status: 'x' } })).toEqual(['a']);
      });

      it('deletes, and deleting a missing id changes nothing', async () => {
        await seed([{ ref: 'a' }, { ref: 'b' }]);
        await store.delete(ITEMS, 'a');
        await store.delete(ITEMS, 'missing');
        expect(await store.get(ITEMS, 'a')).toBeNull();
        expect(await contents(ITEMS)).toEqual({ b: { ref: 'b' } });
      });

      it('refuses what is not a plain JSON object, and stores nothing', async () => {
        const bad: unknown[] = [[1, 2], null, 'text', new Date(0), new Map(), { ref: 'x', _id: 'reserved' }, { ref: 'x', n: 10n }];
        for (const doc of bad) {
          await expect(store.upsert(ITEMS, 'x', doc as Document)).rejects.toBeInstanceOf(InvalidDocument);
        }
        await expect(store.upsert(ITEMS, 5 as unknown as string, { ref: 'x' })).rejects.toBeInstanceOf(InvalidDocument);
        expect(await store.count(ITEMS)).toBe(0);
      });

      it('refuses unknown collections', async () => {
        await expect(store.get('nope', 'a')).rejects.toBeInstanceOf(UnknownCollection);
        await expect(store.getMany('nope', ['a'])).rejects.toBeInstanceOf(UnknownCollection);
        await expect(store.find('nope')).rejects.toBeInstanceOf(UnknownCollection);
        await expect(store.count('nope')).rejects.toBeInstanceOf(UnknownCollection);
        await expect(store.upsert('nope', 'a', {})).rejects.toBeInstanceOf(UnknownCollection);
        await expect(store.insert('nope', 'a', {})).rejects.toBeInstanceOf(UnknownCollection);
        await expect(store.patch('nope', 'a', { n: 1 })).rejects.toBeInstanceOf(UnknownCollection);
        await expect(store.delete('nope', 'a')).rejects.toMatchObject({ code: 'DOCUMENTS.UNKNOWN_COLLECTION', collection: 'nope' });
      });
    });

    describe('patch', () => {
      beforeEach(() =>
        store.upsert(ITEMS, 'a', {
          ref: 'a',
          status: 'open',
          qty: 1,
          note: 'keep me',
          customer: { id: 'c1', name: 'Ann' },
          lines: [1, 2],
        }),
      );

      it('sets top-level fields and keeps the others', async () => {
        await store.patch(ITEMS, 'a', { status: 'closed', qty: 2, added: [{ x: true }] });
        expect(await store.get(ITEMS, 'a')).toEqual({
          ref: 'a',
          status: 'closed',
          qty: 2,
          note: 'keep me',
          customer: { id: 'c1', name: 'Ann' },
          lines: [1, 2],
          added: [{ x: true }],
        });
      });

      it('replaces a nested object whole, stores null as null, removes fields set to undefined', async () => {
        await store.patch(ITEMS, 'a', { customer: { id: 'c2' }, note: null, lines: undefined });
        expect(await store.get(ITEMS, 'a')).toEqual({ ref: 'a', status: 'open', qty: 1, note: null, customer: { id: 'c2' } });
      });

      it('keeps filters in step with patched fields, nested ones included', async () => {
        await store.patch(ITEMS, 'a', { status: 'closed', customer: { id: 'c2' }, qty: undefined });
        expect(await refs({ filter: { status: 'closed', 'customer.id': 'c2', qty: null } })).toEqual(['a']);
        expect(await refs({ filter: { status: 'open' } })).toEqual([]);
        expect(await refs({ filter: { 'customer.id': 'c1' } })).toEqual([]);
        await store.patch(ITEMS, 'a', { customer: 'not an object any more' });
        expect(await refs({ filter: { 'customer.id': null } })).toEqual(['a']);
      });

      it('does nothing to a missing document', async () => {
        await store.patch(ITEMS, 'missing', { status: 'closed' });
        expect(await store.get(ITEMS, 'missing')).toBeNull();
        expect(await store.count(ITEMS)).toBe(1);
      });

      it('refuses changes that are not top-level JSON fields', async () => {
        for (const changes of [{ 'customer.id': 'c9' }, { _id: 'x' }, { $set: { a: 1 } }, { n: 5n }, ['x']]) {
          await expect(store.patch(ITEMS, 'a', changes as unknown as Document)).rejects.toBeInstanceOf(InvalidDocument);
        }
        expect(await store.get<Item>(ITEMS, 'a')).toMatchObject({ status: 'open', customer: { id: 'c1' } });
      });
    });

    describe('filters', () => {
      // qty mixes types on purpose: comparisons must never cross JSON types.
      const docs: Item[] = [
        { ref: 'a', status: 'open', qty: 0, flag: true, customer: { id: 'c1' } },
        { ref: 'b', status: 'open', qty: 1, flag: false, customer: { id: 'c2' } },
        { ref: 'c', status: 'closed', qty: 5, flag: true, customer: { id: 'c1' } },
        { ref: 'd', status: 'closed', qty: 10.5, customer: { id: 'c3' } },
        { ref: 'e', status: 'held', qty: '5', flag: null, customer: null },
        { ref: 'f', status: 'open', qty: true, customer: { id: 'c2' } },
        { ref: 'g', status: 'open', qty: null },
        { ref: 'h', status: 'new' },
        { ref: 'i', status: 'Open', qty: -3, flag: false, customer: { id: 'c1' } },
        { ref: 'j', status: 'open', qty: false, flag: 1, customer: { id: 1 } },
      ];

      beforeEach(() => seed(docs));

      const cases: [string, FindOptions['filter'], string[]][] = [
        ['a string (case-sensitive)', { status: 'open' }, ['a', 'b', 'f', 'g', 'j']],
        ['a number, not the same digits as a string', { qty: 5 }, ['c']],
        ['a string, not the same digits as a number', { qty: '5' }, ['e']],
        ['1, not true', { qty: 1 }, ['b']],
        ['0, not false', { qty: 0 }, ['a']],
        ['true, not 1', { flag: true }, ['a', 'c']],
        ['false, not 0 nor missing', { qty: false }, ['j']],
        ['false on a boolean field', { flag: false }, ['b', 'i']],
        ['null: null or missing', { qty: null }, ['g', 'h']],
        ['a nested path', { 'customer.id': 'c1' }, ['a', 'c', 'i']],
        ['a nested path, number', { 'customer.id': 1 }, ['j']],
        ['null on a nested path: parent null or missing too', { 'customer.id': null }, ['e', 'g', 'h']],
        ['two fields together', { status: 'open', 'customer.id': 'c2' }, ['b', 'f']],
        ['$gt on numbers only', { qty: { $gt: 0 } }, ['b', 'c', 'd']],
        ['$gte on numbers only', { qty: { $gte: 0 } }, ['a', 'b', 'c', 'd']],
        ['$lt on numbers only', { qty: { $lt: 1 } }, ['a', 'i']],
        ['$lte on numbers only', { qty: { $lte: 1 } }, ['a', 'b', 'i']],
        ['a range on a float', { qty: { $gt: 5, $lte: 10.5 } }, ['d']],
        ['$gte and $lt together', { qty: { $gte: 0, $lt: 5 } }, ['a', 'b']],
        ['$gt on strings only, binary order', { status: { $gt: 'new' } }, ['a', 'b', 'f', 'g', 'j']],
        ['$lt on strings only', { status: { $lt: 'new' } }, ['c', 'd', 'e', 'i']],
        ['$lt on a string over mixed types', { qty: { $lt: '9' } }, ['e']],
        ['$gte on a string over mixed types', { qty: { $gte: '' } }, ['e']],
        ['$ne: also other types and missing', { qty: { $ne: 5 } }, ['a', 'b', 'd', 'e', 'f', 'g', 'h', 'i', 'j']],
        ['$ne true: false, other types and missing', { flag: { $ne: true } }, ['b', 'd', 'e', 'f', 'g', 'h', 'i', 'j']],
        ['$ne null: present and not null', { qty: { $ne: null } }, ['a', 'b', 'c', 'd', 'e', 'f', 'i', 'j']],
        ['$in strings', { status: { $in: ['closed', 'held', 'nope'] } }, ['c', 'd', 'e']],
        ['$in mixed types, each matched within its type', { qty: { $in: [5, '5', true] } }, ['c', 'e', 'f']],
        ['$in numbers, not booleans', { qty: { $in: [0, 1] } }, ['a', 'b']],
        ['$in booleans, not numbers', { qty: { $in: [false] } }, ['j']],
        ['$in empty: nothing', { status: { $in: [] } }, []],
        ['$in with other conditions', { status: { $in: ['open', 'closed'] }, flag: true }, ['a', 'c']],
        ['undefined conditions are left out', { status: undefined, qty: { $gt: 4, $lt: undefined } }, ['c', 'd']],
        ['no conditions: everything', {}, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']],
      ];

      it.each(cases)('matches %s', async (_name, filter, expected) => {
        expect(await refs({ filter })).toEqual(expected);
        expect(await store.count(ITEMS, filter)).toBe(expected.length);
      });

      it('counts everything without a filter', async () => {
        expect(await store.count(ITEMS)).toBe(docs.length);
        expect(await store.count(OTHERS)).toBe(0);
      });

      it('refuses fields the collection does not declare in its indexes', async () => {
        await expect(store.find(ITEMS, { filter: { note: 'x' } })).rejects.toBeInstanceOf(UnindexedField);
        await expect(store.find(ITEMS, { filter: { 'customer.name': 'x' } })).rejects.toBeInstanceOf(UnindexedField);
        await expect(store.count(ITEMS, { note: 'x' })).rejects.toMatchObject({ code: 'DOCUMENTS.UNINDEXED_FIELD', field: 'note' });
        await expect(store.find(ITEMS, { sort: { field: 'note', direction: 'asc' } })).rejects.toBeInstanceOf(UnindexedField);
        await expect(store.find(OTHERS, { filter: { status: 'open' } })).rejects.toBeInstanceOf(UnindexedField);
      });

      it('refuses malformed filters', async () => {
        const bad: unknown[] = [
          { status: { $regex: 'o' } },
          { status: {} },
          { status: { $in: 'open' } },
          { status: { $in: [null] } },
          { status: { $in: [{}] } },
          { qty: { $gt: true } },
          { qty: { $gt: null } },
          { qty: Number.NaN },
          { qty: Number.POSITIVE_INFINITY },
          { qty: { $lt: Number.NaN } },
          { status: ['open'] },
          { customer: { id: 'c1' } },
          { 'customer..id': 'x' },
          { '$where': 'x' },
          { 'lines.0': 1 },
          'status = open',
        ];
        for (const filter of bad) {
          await expect(store.find(ITEMS, { filter: filter as FindOptions['filter'] })).rejects.toBeInstanceOf(
            (filter as Record<string, unknown>)?.customer ? UnindexedField : InvalidQuery,
          );
        }
      });
    });

    describe('sort and pages', () => {
      // Plenty of ties, plus null and missing values, to test the order within ties and the cursor over them.
      const many = (n: number): Item[] =>
        Array.from({ length: n }, (_, i) => {
          const ref = `d${String((i * 37) % n).padStart(3, '0')}`; // ids not in insertion order
          const score = i % 11 === 0 ? undefined : i % 7 === 0 ? null : i % 5;
          return { ref, status: i % 3 === 0 ? 'open' : 'closed', score, placedAt: `2024-01-${String((i % 28) + 1).padStart(2, '0')}` };
        });

      /** Nulls first ascending, last descending; ties by id in the same direction. */
      const expectedOrder = (docs: Item[], field: 'score' | 'placedAt' | null, direction: 'asc' | 'desc'): string[] => {
        const sign = direction === 'asc' ? 1 : -1;
        const rank = (v: unknown): [number, number | string] => (v === undefined || v === null ? [0, 0] : [1, v as number | string]);
        return [...docs]
          .sort((x, y) => {
            if (field !== null) {
              const [rx, vx] = rank(x[field]);
              const [ry, vy] = rank(y[field]);
              if (rx !== ry) return sign * (rx - ry);
              if (vx < vy) return -sign;
              if (vx > vy) return sign;
            }
            return x.ref < y.ref ? -sign : x.ref > y.ref ? sign : 0;
          })
          .map((doc) => doc.ref);
      };

      /** Follows nextCursor to the end, checking each page's size. */
      const walkPages = async (options: FindOptions, limit: number): Promise<string[][]> => {
        const pages: string[][] = [];
        let cursor: string | null = null;
        do {
          const page: { items: Item[]; nextCursor: string | null } = await store.find<Item>(ITEMS, { ...options, limit, cursor });
          pages.push(page.items.map((doc) => doc.ref));
          cursor = page.nextCursor;
          if (cursor !== null) expect(page.items).toHaveLength(limit);
          if (pages.length > 1000) throw new Error('pagination does not end');
        } while (cursor !== null);
        return pages;
      };

      it('orders by id without a sort', async () => {
        const docs = many(30);
        await seed(docs);
        expect(await refs()).toEqual(expectedOrder(docs, null, 'asc'));
      });

      it('orders numbers as numbers, ties by id, nulls and missing first ascending', async () => {
        const docs: Item[] = [
          { ref: 'b', score: 10 },
          { ref: 'a', score: 9 },
          { ref: 'e', score: null },
          { ref: 'c', score: 10 },
          { ref: 'd' },
          { ref: 'f', score: -1.5 },
          { ref: 'g', score: 100 },
        ];
        await seed(docs);
        expect(await refs({ sort: { field: 'score', direction: 'asc' } })).toEqual(['d', 'e', 'f', 'a', 'b', 'c', 'g']);
        expect(await refs({ sort: { field: 'score', direction: 'desc' } })).toEqual(['g', 'c', 'b', 'a', 'f', 'e', 'd']);
        expect(await refs({ sort: { field: 'score' } })).toEqual(['d', 'e', 'f', 'a', 'b', 'c', 'g']);
      });

      it('orders strings by code point, ties by id', async () => {
        await seed([
          { ref: 'a', status: 'b' },
          { ref: 'b', status: 'B' },
          { ref: 'c', status: 'a' },
          { ref: 'd', status: 'b' },
          { ref: 'e', status: 'ab' },
        ]);
        expect(await refs({ sort: { field: 'status', direction: 'asc' } })).toEqual(['b', 'c', 'e', 'a', 'd']);
        expect(await refs({ sort: { field: 'status', direction: 'desc' } })).toEqual(['d', 'a', 'e', 'c', 'b']);
      });

      it('sorts what it filters', async () => {
        const docs = many(60);
        await seed(docs);
        const open = docs.filter((doc) => doc.status === 'open');
        expect(await refs({ filter: { status: 'open' }, sort: { field: 'score', direction: 'desc' } })).toEqual(
          expectedOrder(open, 'score', 'desc'),
        );
        const ranged = docs.filter((doc) => typeof doc.score === 'number' && doc.score >= 2);
        expect(await refs({ filter: { score: { $gte: 2 } }, sort: { field: 'placedAt', direction: 'asc' } })).toEqual(
          expectedOrder(ranged, 'placedAt', 'asc'),
        );
      });

      const orders: [string, 'score' | 'placedAt' | null, 'asc' | 'desc'][] = [
        ['id ascending', null, 'asc'],
        ['a field with ties and nulls, ascending', 'score', 'asc'],
        ['a field with ties and nulls, descending', 'score', 'desc'],
        ['a field with ties, descending', 'placedAt', 'desc'],
      ];

      it.each(orders)('visits every document once, in order, by %s', async (_name, field, direction) => {
        const docs = many(137);
        await seed(docs);
        const sort = field === null ? undefined : { field, direction };
        for (const limit of [1, 7, 50]) {
          const pages = await walkPages({ sort }, limit);
          expect(pages.flat()).toEqual(expectedOrder(docs, field, direction));
          expect(pages).toHaveLength(Math.ceil(docs.length / limit));
        }
      });

      it('pages through a filtered, sorted list', async () => {
        const docs = many(137);
        await seed(docs);
        const open = docs.filter((doc) => doc.status === 'open');
        const pages = await walkPages({ filter: { status: 'open' }, sort: { field: 'score', direction: 'desc' } }, 4);
        expect(pages.flat()).toEqual(expectedOrder(open, 'score', 'desc'));
      });

      it('ends without an empty page when the last page is full', async () => {
        await seed(many(20));
        const first = await store.find(ITEMS, { limit: 10 });
        const second = await store.find(ITEMS, { limit: 10, cursor: first.nextCursor });
        expect(second.items).toHaveLength(10);
        expect(second.nextCursor).toBeNull();
        const none = await store.find(ITEMS, { filter: { status: 'nope' } });
        expect(none).toEqual({ items: [], nextCursor: null });
      });

      it('continues after where the last page ended, whatever was written meanwhile', async () => {
        const docs = many(30);
        await seed(docs);
        const order = expectedOrder(docs, 'score', 'asc');
        const sort = { field: 'score', direction: 'asc' } as const;
        const first = await store.find<Item>(ITEMS, { sort, limit: 10 });
        expect(first.items.map((doc) => doc.ref)).toEqual(order.slice(0, 10));
        // Shrink the first page and grow it: neither repeats nor skips anything after the cursor.
        await store.delete(ITEMS, order[0]!);
        await store.delete(ITEMS, order[9]!);
        await store.upsert(ITEMS, 'a-new', { ref: 'a-new', score: null });
        const second = await store.find<Item>(ITEMS, { sort, limit: 10, cursor: first.nextCursor });
        expect(second.items.map((doc) => doc.ref)).toEqual(order.slice(10, 20));
      });

      it('pages 50 by default and 500 at most', async () => {
        await store.commit({
          writes: Array.from({ length: 520 }, (_, i) => ({ op: 'put' as const, collection: ITEMS, id: `k${String(i).padStart(4, '0')}`, doc: { ref: `k${i}` } })),
        });
        const byDefault = await store.find(ITEMS);
        expect(byDefault.items).toHaveLength(50);
        expect(byDefault.nextCursor).not.toBeNull();
        const capped = await store.find(ITEMS, { limit: 10_000 });
        expect(capped.items).toHaveLength(500);
        const rest = await store.find(ITEMS, { limit: 10_000, cursor: capped.nextCursor });
        expect(rest.items).toHaveLength(20);
        expect(rest.nextCursor).toBeNull();
      });

      it('refuses a limit that is not a positive integer, and a bad sort', async () => {
        for (const limit of [0, -1, 1.5, Number.NaN]) {
          await expect(store.find(ITEMS, { limit })).rejects.toBeInstanceOf(InvalidQuery);
        }
        await expect(store.find(ITEMS, { sort: { field: 'score', direction: 'up' as 'asc' } })).rejects.toBeInstanceOf(InvalidQuery);
      });

      it('refuses a cursor it did not hand out for this collection and sort', async () => {
        await seed(many(30));
        const sort = { field: 'score', direction: 'asc' } as const;
        const { nextCursor } = await store.find(ITEMS, { sort, limit: 5 });
        expect(typeof nextCursor).toBe('string');
        const cursor = nextCursor!;
        const bad = [
          'garbage!',
          'bm90IGpzb24', // "not json"
          Buffer.from('{"value":1}').toString('base64url'),
          Buffer.from('[1,"items","score:asc",{"$gt":1},"d001"]').toString('base64url'),
          cursor.slice(0, -3),
          `${cursor}x`,
          '',
        ];
        for (const c of bad) {
          await expect(store.find(ITEMS, { sort, cursor: c })).rejects.toBeInstanceOf(InvalidCursor);
        }
        await expect(store.find(ITEMS, { sort: { field: 'score', direction: 'desc' }, cursor })).rejects.toBeInstanceOf(InvalidCursor);
        await expect(store.find(ITEMS, { cursor })).rejects.toBeInstanceOf(InvalidCursor);
        await expect(store.find(OTHERS, { sort: { field: 'kind', direction: 'asc' }, cursor })).rejects.toMatchObject({
          code: 'DOCUMENTS.INVALID_CURSOR',
        });
        // The good one still works, and null means the first page.
        expect((await store.find(ITEMS, { sort, limit: 5, cursor })).items).toHaveLength(5);
        expect((await store.find(ITEMS, { sort, limit: 5, cursor: null })).nextCursor).toBe(cursor);
      });
    });

    describe('commit', () => {
      it('applies every write in order, with the checkpoint', async () => {
        await seed([{ ref: 'old' }, { ref: 'gone' }]);
        await store.commit({
          writes: [
            { op: 'put', collection: ITEMS, id: 'a', doc: { ref: 'a', status: 'new', qty: 1 } },
            { op: 'patch', collection: ITEMS, id: 'a', changes: { status: 'open' } },
            { op: 'patch', collection: ITEMS, id: 'old', changes: { status: 'patched' } },
            { op: 'delete', collection: ITEMS, id: 'gone' },
            { op: 'put', collection: OTHERS, id: 'b', doc: { ref: 'b', kind: 'x' } },
            { op: 'put', collection: OTHERS, id: 'c', doc: { ref: 'c' } },
            { op: 'delete', collection: OTHERS, id: 'c' },
          ],
          checkpoint: { name: 'orders', position: 42n },
        });
        expect(await contents(ITEMS)).toEqual({ a: { ref: 'a', status: 'open', qty: 1 }, old: { ref: 'old', status: 'patched' } });
        expect(await contents(OTHERS)).toEqual({ b: { ref: 'b', kind: 'x' } });
        expect(await refs({ filter: { status: 'open' } })).toEqual(['a']);
        expect(await store.getCheckpoint('orders')).toBe(42n);
      });

      it('stores several checkpoints with one unit', async () => {
        await store.commit({
          writes: [{ op: 'put', collection: ITEMS, id: 'a', doc: { ref: 'a' } }],
          checkpoint: [
            { name: 'orders', position: 7n },
            { name: 'inventory', position: BIG_POSITION },
          ],
        });
        expect(await store.listCheckpoints()).toEqual({ orders: 7n, inventory: BIG_POSITION });
      });

      it('moves a checkpoint with no writes, and an empty unit changes nothing', async () => {
        await store.commit({ writes: [], checkpoint: { name: 'orders', position: 3n } });
        await store.commit({ writes: [] });
        expect(await store.listCheckpoints()).toEqual({ orders: 3n });
        expect(await store.count(ITEMS)).toBe(0);
      });

      describe('leaves no trace when any part fails', () => {
        beforeEach(async () => {
          await store.commit({
            writes: [{ op: 'put', collection: ITEMS, id: 'kept', doc: { ref: 'kept', status: 'before' } }],
            checkpoint: { name: 'orders', position: 5n },
          });
        });

        const goodWrites = [
          { op: 'put', collection: ITEMS, id: 'a', doc: { ref: 'a', status: 'open' } },
          { op: 'patch', collection: ITEMS, id: 'kept', changes: { status: 'after' } },
          { op: 'delete', collection: ITEMS, id: 'kept-too' },
          { op: 'put', collection: OTHERS, id: 'b', doc: { ref: 'b' } },
        ] as const;

        const failures: [string, unknown, unknown, new (...args: never[]) => Error][] = [
          ['a write to an unknown collection', { op: 'put', collection: 'nope', id: 'x', doc: {} }, { name: 'orders', position: 6n }, UnknownCollection],
          ['an invalid document', { op: 'put', collection: ITEMS, id: 'x', doc: [1] }, { name: 'orders', position: 6n }, InvalidDocument],
          ['an invalid patch', { op: 'patch', collection: ITEMS, id: 'kept', changes: { 'a.b': 1 } }, { name: 'orders', position: 6n }, InvalidDocument],
          ['an unknown op', { op: 'merge', collection: ITEMS, id: 'kept', doc: {} }, { name: 'orders', position: 6n }, InvalidDocument],
          ['an invalid checkpoint', { op: 'put', collection: ITEMS, id: 'x', doc: {} }, { name: 'orders', position: -1n }, InvalidCheckpoint],
        ];

        it.each(failures)('%s', async (_name, lastWrite, checkpoint, errorClass) => {
          await store.upsert(ITEMS, 'kept-too', { ref: 'kept-too' });
          const unit = { writes: [...goodWrites, lastWrite], checkpoint } as unknown as Parameters<DocumentStore['commit']>[0];
          await expect(store.commit(unit)).rejects.toBeInstanceOf(errorClass);
          expect(await contents(ITEMS)).toEqual({ kept: { ref: 'kept', status: 'before' }, 'kept-too': { ref: 'kept-too' } });
          expect(await contents(OTHERS)).toEqual({});
          expect(await refs({ filter: { status: 'after' } })).toEqual([]);
          expect(await store.getCheckpoint('orders')).toBe(5n);
          // and the store still works afterwards
          await store.commit({ writes: [...goodWrites], checkpoint: { name: 'orders', position: 6n } });
          expect(await store.getCheckpoint('orders')).toBe(6n);
          expect(await refs({ filter: { status: { $in: ['open', 'after'] } } })).toEqual(['a', 'kept']);
        });
      });
    });

    describe('checkpoints', () => {
      it('answers null for a checkpoint never stored', async () => {
        expect(await store.getCheckpoint('never')).toBeNull();
        expect(await store.listCheckpoints()).toEqual({});
      });

      it('keeps positions exact beyond 2^53, up to 2^63-1', async () => {
        for (const position of [BIG_POSITION, 2n ** 63n - 1n, 0n, 9_007_199_254_740_993n]) {
          await store.commit({ writes: [], checkpoint: { name: 'p', position } });
          const stored = await store.getCheckpoint('p');
          expect(typeof stored).toBe('bigint');
          expect(stored).toBe(position);
        }
        await store.commit({ writes: [], checkpoint: { name: 'q', position: BIG_POSITION } });
        expect((await store.listCheckpoints()).q).toBe(BIG_POSITION);
      });

      it('refuses positions that are not bigints from 0 to 2^63-1', async () => {
        for (const position of [-1n, 2n ** 63n, 5, '5']) {
          await expect(
            store.commit({ writes: [], checkpoint: { name: 'p', position: position as bigint } }),
          ).rejects.toBeInstanceOf(InvalidCheckpoint);
        }
        await expect(store.commit({ writes: [], checkpoint: { name: '', position: 1n } })).rejects.toBeInstanceOf(InvalidCheckpoint);
        expect(await store.listCheckpoints()).toEqual({});
      });
    });

    describe('reset', () => {
      beforeEach(async () => {
        await store.commit({
          writes: [
            { op: 'put', collection: ITEMS, id: 'a', doc: { ref: 'a', status: 'open' } },
            { op: 'put', collection: ITEMS, id: 'b', doc: { ref: 'b', status: 'open' } },
            { op: 'put', collection: OTHERS, id: 'c', doc: { ref: 'c' } },
          ],
          checkpoint: [
            { name: 'items-projection', position: 10n },
            { name: 'others-projection', position: 11n },
          ],
        });
      });

      it('empties the named collections and removes the named checkpoints, nothing else', async () => {
        await store.reset([ITEMS], ['items-projection']);
        expect(await store.count(ITEMS)).toBe(0);
        expect(await store.count(ITEMS, { status: 'open' })).toBe(0);
        expect(await store.get(ITEMS, 'a')).toBeNull();
        expect(await contents(OTHERS)).toEqual({ c: { ref: 'c' } });
        expect(await store.listCheckpoints()).toEqual({ 'others-projection': 11n });
        // the collection is ready for the replay
        await store.commit({ writes: [{ op: 'put', collection: ITEMS, id: 'a', doc: { ref: 'a', status: 'x' } }], checkpoint: { name: 'items-projection', position: 1n } });
        expect(await refs({ filter: { status: 'x' } })).toEqual(['a']);
      });

      it('changes nothing when a collection is unknown', async () => {
        await expect(store.reset([ITEMS, 'nope'], ['items-projection'])).rejects.toBeInstanceOf(UnknownCollection);
        expect(await store.count(ITEMS)).toBe(2);
        expect(await store.getCheckpoint('items-projection')).toBe(10n);
      });
    });

    describe('collections', () => {
      it('declares idempotently, keeping the data', async () => {
        await seed([{ ref: 'a', status: 'open' }]);
        await store.ensureCollections(DEFINITIONS);
        await store.ensureCollections(DEFINITIONS);
        expect(await refs({ filter: { status: 'open' } })).toEqual(['a']);
      });

      it('indexes documents already stored when an index is added, and refuses a field once its index is gone', async () => {
        await seed([
          { ref: 'a', note: 'x', rank: 2, flag: true, nested: { deep: false } },
          { ref: 'b', note: 'y', rank: 1 },
          { ref: 'c', note: 'x', rank: 3, nested: { deep: false } },
        ]);
        await expect(store.find(ITEMS, { filter: { note: 'x' } })).rejects.toBeInstanceOf(UnindexedField);
        const items = DEFINITIONS[0]!;
        await store.ensureCollections([{ name: ITEMS, indexes: [...items.indexes, ['note', 'rank'], 'nested.deep'] }]);
        expect(await refs({ filter: { note: 'x' }, sort: { field: 'rank', direction: 'desc' } })).toEqual(['c', 'a']);
        expect(await refs({ filter: { 'nested.deep': false } })).toEqual(['a', 'c']);
        expect(await refs({ filter: { rank: { $gt: 1 } } })).toEqual(['a', 'c']);
        expect(await refs({ filter: { flag: true } })).toEqual(['a']);
        await store.ensureCollections(DEFINITIONS);
        await expect(store.find(ITEMS, { filter: { note: 'x' } })).rejects.toBeInstanceOf(UnindexedField);
        expect(await store.count(ITEMS)).toBe(3);
        expect(await store.get(ITEMS, 'a')).toEqual({ ref: 'a', note: 'x', rank: 2, flag: true, nested: { deep: false } });
        // Written while unindexed, found once indexed again: nothing stale survives the gap.
        await store.patch(ITEMS, 'a', { note: 'z' });
        await store.upsert(ITEMS, 'd', { ref: 'd', note: 'z' });
        await store.ensureCollections([{ name: ITEMS, indexes: [...items.indexes, 'note'] }]);
        expect(await refs({ filter: { note: 'z' } })).toEqual(['a', 'd']);
        expect(await refs({ filter: { note: 'x' } })).toEqual(['c']);
      });

      it('refuses invalid definitions', async () => {
        const bad: unknown[] = [
          [{ name: 'Orders', indexes: [] }],
          [{ name: '1orders', indexes: [] }],
          [{ name: 'or-ders', indexes: [] }],
          [{ name: 'orders"; DROP TABLE x; --', indexes: [] }],
          [{ name: `o${'x'.repeat(63)}`, indexes: [] }],
          [{ name: '', indexes: [] }],
          [{ name: 'orders', indexes: ['a b'] }],
          [{ name: 'orders', indexes: ["a')--"] }],
          [{ name: 'orders', indexes: ['_id'] }],
          [{ name: 'orders', indexes: ['a.'] }],
          [{ name: 'orders', indexes: [[]] }],
          [{ name: 'orders', indexes: [['a', 'a']] }],
          [{ name: 'orders' }],
          [
            { name: 'orders', indexes: [] },
            { name: 'orders', indexes: [] },
          ],
        ];
        for (const definitions of bad) {
          await expect(store.ensureCollections(definitions as CollectionDefinition[])).rejects.toBeInstanceOf(InvalidCollectionDefinition);
        }
        await expect(store.get('orders', 'a')).rejects.toBeInstanceOf(UnknownCollection);
      });
    });

    describe('leases', () => {
      const lease = (holder: string) => ({ name: 'projections', holder });

      it('gives a lease to one holder at a time and renews it for that holder', async () => {
        expect(await store.tryLease(lease('a'), 10_000)).toBe(true);
        expect(await store.tryLease(lease('b'), 10_000)).toBe(false);
        expect(await store.tryLease(lease('a'), 10_000)).toBe(true);
        expect(await store.tryLease({ name: 'process-manager', holder: 'b' }, 10_000)).toBe(true);
      });

      it('lets another holder take over once the lease has expired, or was released', async () => {
        expect(await store.tryLease(lease('a'), 40)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 80));
        expect(await store.tryLease(lease('b'), 10_000)).toBe(true);
        expect(await store.tryLease(lease('a'), 10_000)).toBe(false);
        await store.releaseLease(lease('a')); // not a's to release
        expect(await store.tryLease(lease('a'), 10_000)).toBe(false);
        await store.releaseLease(lease('b'));
        expect(await store.tryLease(lease('a'), 10_000)).toBe(true);
      });

      it('commits a fenced unit only while its holder keeps the lease', async () => {
        expect(await store.tryLease(lease('a'), 40)).toBe(true);
        await store.commit({ writes: [{ op: 'put', collection: ITEMS, id: 'x', doc: { ref: 'x' } }], lease: lease('a') });
        await new Promise((resolve) => setTimeout(resolve, 80));
        expect(await store.tryLease(lease('b'), 10_000)).toBe(true);
        const late = store.commit({
          writes: [{ op: 'put', collection: ITEMS, id: 'y', doc: { ref: 'y' } }],
          checkpoint: { name: 'orders', position: 9n },
          lease: lease('a'),
        });
        await expect(late).rejects.toBeInstanceOf(LeaseLost);
        expect(await store.get(ITEMS, 'y')).toBeNull();
        expect(await store.getCheckpoint('orders')).toBeNull();
        expect(await store.get(ITEMS, 'x')).toEqual({ ref: 'x' });
      });

      it('gives up the leases a unit releases in the same commit as its writes, and none when the unit fails', async () => {
        const other = { name: 'other-lock', holder: 'a' };
        expect(await store.tryLease(lease('a'), 10_000)).toBe(true);
        expect(await store.tryLease(other, 10_000)).toBe(true);
        await store.commit({ writes: [{ op: 'put', collection: ITEMS, id: 'x', doc: { ref: 'x' } }], lease: lease('a'), release: [lease('a'), other] });
        expect(await store.get(ITEMS, 'x')).toEqual({ ref: 'x' });
        expect(await store.tryLease(lease('b'), 10_000)).toBe(true);
        expect(await store.tryLease({ ...other, holder: 'b' }, 10_000)).toBe(true);

        // Not a's any more: the fenced unit fails whole, and b keeps both leases.
        const late = store.commit({ writes: [{ op: 'put', collection: ITEMS, id: 'y', doc: { ref: 'y' } }], lease: lease('a'), release: [lease('b')] });
        await expect(late).rejects.toBeInstanceOf(LeaseLost);
        expect(await store.get(ITEMS, 'y')).toBeNull();
        expect(await store.tryLease(lease('c'), 10_000)).toBe(false);
      });
    });

    describe('durability', () => {
      it('keeps documents, indexes and checkpoints across close and reopen', async () => {
        if (reopen === undefined) return; // an adapter without persistent storage has nothing to reopen
        await store.commit({
          writes: [
            { op: 'put', collection: ITEMS, id: 'a', doc: { ref: 'a', status: 'open', nested: { x: [1, 2] } } },
            { op: 'put', collection: ITEMS, id: 'b', doc: { ref: 'b', status: 'closed' } },
            { op: 'put', collection: OTHERS, id: 'c', doc: { ref: 'c', kind: 'k' } },
          ],
          checkpoint: { name: 'orders', position: BIG_POSITION },
        });
        await store.close();
        store = await reopen();
        // Until the definitions are declared again the store knows no collection.
        await expect(store.get(ITEMS, 'a')).rejects.toBeInstanceOf(UnknownCollection);
        expect(await store.getCheckpoint('orders')).toBe(BIG_POSITION);
        await store.ensureCollections(DEFINITIONS);
        expect(await store.get(ITEMS, 'a')).toEqual({ ref: 'a', status: 'open', nested: { x: [1, 2] } });
        expect(await refs({ filter: { status: 'closed' } })).toEqual(['b']);
        expect(await refs({ filter: { kind: 'k' } }, OTHERS)).toEqual(['c']);
        expect(await store.listCheckpoints()).toEqual({ orders: BIG_POSITION });
      });
    });
  });
}
