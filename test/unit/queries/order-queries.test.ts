import { OrderQueries, OrderListFilter } from '../../../src/queries/order-queries';
import { at, orderIdOf, OrderStory } from '../projections/support/order-story';

/**
 * Twelve orders: order n is placed on day 1 + (n % 4) at minute n, in channel
 * web (odd n) or marketplace (even n), by customer cust-(n % 3). Orders 3, 6,
 * 9 and 12 are validated and authorized; orders 11 and 12 share an instant.
 */
describe('OrderQueries', () => {
  let story: OrderStory;
  let orders: OrderQueries;
  const placedAt = (n: number) => (n === 12 ? at(1 + (11 % 4), 11) : at(1 + (n % 4), n));
  const all = Array.from({ length: 12 }, (_, i) => i + 1);
  const channelOf = (n: number) => (n % 2 === 1 ? 'web' : 'marketplace');

  beforeAll(async () => {
    story = await OrderStory.open();
    await story.product('SKU-A', 1000);
    for (const n of all) {
      const options = { at: placedAt(n), channel: channelOf(n), customerId: `cust-${n % 3}`, lines: [{ sku: 'SKU-A', quantity: n }] };
      if (n % 3 === 0) await story.authorized(orderIdOf(n), options);
      else await story.place(orderIdOf(n), options);
    }
    await story.project();
    orders = new OrderQueries(story.documents);
  });
  afterAll(() => story.close());

  /** Order numbers, newest first (ties: the greater id first). */
  const newestFirst = (ns: number[]) =>
    [...ns].sort((a, b) => placedAt(b).localeCompare(placedAt(a)) || orderIdOf(b).localeCompare(orderIdOf(a))).map(orderIdOf);
  const listed = async (filter: OrderListFilter, limit = 50) => (await orders.list(filter, { limit })).items.map((o) => o.orderId);

  it('lists every order newest first', async () => {
    expect(await listed({})).toEqual(newestFirst(all));
  });

  it('filters by status, channel and customer, alone and together', async () => {
    expect(await listed({ status: 'payment_authorized' })).toEqual(newestFirst([3, 6, 9, 12]));
    expect(await listed({ status: 'placed' })).toEqual(newestFirst(all.filter((n) => n % 3 !== 0)));
    expect(await listed({ channel: 'marketplace' })).toEqual(newestFirst(all.filter((n) => n % 2 === 0)));
    expect(await listed({ customerId: 'cust-1' })).toEqual(newestFirst([1, 4, 7, 10]));
    expect(await listed({ status: 'payment_authorized', channel: 'web' })).toEqual(newestFirst([3, 9]));
    expect(await listed({ status: 'cancelled' })).toEqual([]);
  });

  it('filters by when orders were placed, both ends inclusive', async () => {
    expect(await listed({ placedFrom: at(3, 0) })).toEqual(newestFirst(all.filter((n) => placedAt(n) >= at(3, 0))));
    expect(await listed({ placedTo: at(2, 5) })).toEqual(newestFirst(all.filter((n) => placedAt(n) <= at(2, 5))));
    expect(await listed({ placedFrom: at(2, 5), placedTo: at(3, 10) })).toEqual(newestFirst([5, 9, 2, 6, 10]));
  });

  it('pages with a cursor, newest first, without repeating or skipping an order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<OrderQueries['list']>> = await orders.list({}, { limit: 5, cursor });
      seen.push(...page.items.map((o) => o.orderId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst(all));

    const firstOfChannel = await orders.list({ channel: 'web' }, { limit: 4 });
    const restOfChannel = await orders.list({ channel: 'web' }, { limit: 4, cursor: firstOfChannel.nextCursor });
    expect([...firstOfChannel.items, ...restOfChannel.items].map((o) => o.orderId)).toEqual(newestFirst(all.filter((n) => n % 2 === 1)));
    expect(restOfChannel.nextCursor).toBeNull();
  });

  it('lists orders as the order view shows them', async () => {
    const [newest] = (await orders.list({ customerId: 'cust-0' }, { limit: 1 })).items;
    expect(newest).toEqual(await orders.get(orderIdOf(12)));
    expect(newest).toMatchObject({ status: 'payment_authorized', channel: 'marketplace', totals: { grand: 12 * 1000 + 500 } });
  });
});
