import { FindOptions } from '../../../src/infrastructure/documents/document-store';
import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';

/**
 * Every query `find` and `count` run must seek an index and read it in the
 * order asked for: no full scan of the table, no sort of the matches in a
 * temporary b-tree. These plans are what keeps list pages cheap at any depth.
 */
describe('SQLite document store query plans', () => {
  let store: SqliteDocumentStore;

  beforeAll(async () => {
    store = await SqliteDocumentStore.open(':memory:');
    await store.ensureCollections([
      { name: 'orders', indexes: ['placedAt', ['status', 'placedAt'], ['customer.id', 'placedAt'], 'qty', 'flag'] },
    ]);
    await store.commit({
      writes: Array.from({ length: 40 }, (_, i) => ({
        op: 'put' as const,
        collection: 'orders',
        id: `o${String(i).padStart(2, '0')}`,
        doc: {
          status: i % 2 === 0 ? 'open' : 'shipped',
          customer: { id: `c${i % 3}` },
          placedAt: i < 4 ? null : `2024-01-${String((i % 9) + 10)}`,
          qty: i % 6,
          flag: i % 2 === 0,
        },
      })),
    });
  });

  afterAll(() => store.close());

  /** The cursor after the first page of `limit` rows, so plans cover the keyset segments too. */
  const cursorAfter = async (options: FindOptions, limit: number): Promise<string> => {
    const { nextCursor } = await store.find('orders', { ...options, limit });
    if (nextCursor === null) throw new Error('expected another page');
    return nextCursor;
  };

  const expectSeeks = (plans: string[], index: string, { sortsMatches = false } = {}): void => {
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      expect(plan).toMatch(/^SEARCH docs_orders USING (COVERING )?INDEX /);
      expect(plan).toContain(`INDEX ${index} (`);
      if (sortsMatches) expect(plan).toContain('USE TEMP B-TREE FOR ORDER BY');
      else expect(plan).not.toContain('TEMP B-TREE');
    }
  };

  it('filters on a field through its index, nested paths included', () => {
    expectSeeks(store.explainFind('orders', { filter: { qty: 3 } }), 'ix_orders(qty)');
    expectSeeks(store.explainFind('orders', { filter: { flag: true } }), 'ix_orders(flag)');
    const byCustomer = { filter: { 'customer.id': 'c1' }, sort: { field: 'placedAt' } };
    expectSeeks(store.explainFind('orders', byCustomer), 'ix_orders(customer.id,placedAt)');
    expectSeeks(store.explainFind('orders', { filter: { qty: null } }), 'ix_orders(qty)');
  });

  it('bounds ranges on both sides, so a range seeks and stops', () => {
    const [numbers] = store.explainFind('orders', { filter: { qty: { $gt: 1 } } });
    expect(numbers).toMatch(/INDEX ix_orders\(qty\) \(.*>\? AND .*<\?\)/);
    const [strings] = store.explainFind('orders', { filter: { placedAt: { $lt: '2024-01-12' } } });
    expect(strings).toMatch(/INDEX ix_orders\(placedAt\) \(.*>\? AND .*<\?\)/);
  });

  it('seeks $in lists (their matches, from several ranges, are sorted)', () => {
    expectSeeks(store.explainFind('orders', { filter: { qty: { $in: [1, 2, 3] } } }), 'ix_orders(qty)', { sortsMatches: true });
  });

  it('sorts the matches when the index does not end in the order asked for', () => {
    // (customer.id, placedAt, id) does not give id order for one customer: declare what lists sort on.
    expectSeeks(store.explainFind('orders', { filter: { 'customer.id': 'c1' } }), 'ix_orders(customer.id,placedAt)', { sortsMatches: true });
  });

  it('serves a filter and a sort from one compound index, in both directions', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const options: FindOptions = { filter: { status: 'open' }, sort: { field: 'placedAt', direction } };
      expectSeeks(store.explainFind('orders', options), 'ix_orders(status,placedAt)');
      const customer: FindOptions = { filter: { 'customer.id': 'c2' }, sort: { field: 'placedAt', direction } };
      expectSeeks(store.explainFind('orders', customer), 'ix_orders(customer.id,placedAt)');
    }
  });

  it('seeks every keyset segment of a later page, after a value and after a null', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      const options: FindOptions = { filter: { status: 'open' }, sort: { field: 'placedAt', direction } };
      // Ascending, nulls come first: a page of 1 ends on a null. Descending, a page of 3 ends on a value.
      const afterOne = await cursorAfter(options, 1);
      const afterThree = await cursorAfter(options, 3);
      for (const cursor of [afterOne, afterThree]) {
        const plans = store.explainFind('orders', { ...options, cursor });
        expectSeeks(plans, 'ix_orders(status,placedAt)');
      }
    }
    const ascending = store.explainFind('orders', {
      filter: { status: 'open' },
      sort: { field: 'placedAt', direction: 'asc' },
      cursor: await cursorAfter({ filter: { status: 'open' }, sort: { field: 'placedAt', direction: 'asc' } }, 1),
    });
    expect(ascending).toHaveLength(2); // the rest of the nulls, then the values
    const descending = store.explainFind('orders', {
      sort: { field: 'placedAt', direction: 'desc' },
      cursor: await cursorAfter({ sort: { field: 'placedAt', direction: 'desc' } }, 3),
    });
    expect(descending).toHaveLength(3); // the rest of the tie, the smaller values, then the nulls
    expectSeeks(descending, 'ix_orders(placedAt)');
  });

  it('reads a sort without a filter straight from the index', () => {
    const [plan] = store.explainFind('orders', { sort: { field: 'placedAt', direction: 'desc' } });
    expect(plan).toMatch(/^SCAN docs_orders USING INDEX ix_orders\(placedAt\)$/);
  });

  it('pages by id through the primary key', async () => {
    const plans = store.explainFind('orders', { cursor: await cursorAfter({}, 5) });
    expect(plans).toEqual([expect.stringMatching(/^SEARCH docs_orders USING INDEX sqlite_autoindex_docs_orders_1 \(id>\?\)$/)]);
  });

  it('counts from the index alone', () => {
    expect(store.explainCount('orders', { status: 'open' })).toMatch(/^SEARCH docs_orders USING COVERING INDEX ix_orders\(status,placedAt\)/);
    expect(store.explainCount('orders', { qty: { $gte: 2 } })).toMatch(/^SEARCH docs_orders USING COVERING INDEX ix_orders\(qty\)/);
  });
});
