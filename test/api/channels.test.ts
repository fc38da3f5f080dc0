import { RouteDefinition } from '../../src/http/route';
import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, newOrderId, orderBody, placeOrder, seedCatalog, withoutAppend } from '../support/api-fixtures';

/*
 * A client key bound to a channel sees and changes only that channel's
 * orders: another channel's orders do not exist for it (404), placing in
 * another channel is forbidden (403), and lists hold its channel only.
 */

let api: TestApi;
let webOrder: string;
let marketOrder: string;
const customerId = 'c-channels';

/** Routes about one order that a client key may call, from the route table. */
let clientOrderRoutes: RouteDefinition[];

const pathFor = (route: RouteDefinition, orderId: string) => route.path.replace('{orderId}', orderId);
const call = (route: RouteDefinition, key: 'clientWeb' | 'clientMarket', orderId: string) => {
  const request = api.as(key)[route.method](pathFor(route, orderId));
  return route.body ? request.send({ reason: 'channel test' }) : request;
};

beforeAll(async () => {
  api = await openTestApi();
  clientOrderRoutes = api.routes.filter(
    (r) => r.roles !== 'public' && r.roles.includes('client') && r.path.startsWith('/orders/{orderId}'),
  );
  await seedCatalog(api, { products: { 'SKU-1': 1999 } });
  webOrder = (await placeOrder(api, { channel: 'web', customerId }, 'clientWeb')).orderId;
  marketOrder = (await placeOrder(api, { channel: 'marketplace', customerId }, 'clientMarket')).orderId;
  await placeOrder(api, { channel: 'phone', customerId }, 'admin');
  await api.settled();
});
afterAll(() => api.close());

describe('a client key bound to a channel', () => {
  it('covers every order route a client may call: the reads and every order command', () => {
    const names = clientOrderRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining(['GET /orders/{orderId}', 'POST /orders/{orderId}/cancel', 'POST /orders/{orderId}/hold', 'POST /orders/{orderId}/release']),
    );
  });

  it("gets 404 for another channel's order on every order route, and nothing changes", async () => {
    for (const route of clientOrderRoutes) {
      const res = await withoutAppend(api, call(route, 'clientWeb', marketOrder));
      expect({ route: route.path, status: res.status }).toEqual({ route: route.path, status: 404 });
      expectProblem(res, 404);
      // the refusal must not tell the order exists: it reads the same as an order that does not
      const unknown = await call(route, 'clientWeb', newOrderId());
      expect(res.body.title).toBe(unknown.body.title);
    }
  });

  it('reads its own channel\'s orders', async () => {
    const res = await api.as('clientWeb').get(`/orders/${webOrder}`).expect(200);
    expect(res.body).toMatchObject({ orderId: webOrder, channel: 'web' });
    await api.as('clientMarket').get(`/orders/${marketOrder}`).expect(200);
  });

  it('changes its own channel\'s orders', async () => {
    const held = await api.as('clientWeb').post(`/orders/${webOrder}/hold`).send({ reason: 'customer called' }).expect(200);
    expect(held.body).toMatchObject({ orderId: webOrder, onHold: true });
    await api.as('clientWeb').post(`/orders/${webOrder}/release`).expect(200);
  });

  it('is forbidden to place an order in another channel, and nothing is appended', async () => {
    const res = await withoutAppend(api, api.as('clientWeb').post('/orders').send(orderBody({ channel: 'marketplace' })));
    expectProblem(res, 403);
    expect(res.body.detail).toMatch(/channel web/);
  });

  it('lists only its channel on GET /orders, whatever channel it asks for', async () => {
    const all = await api.as('clientWeb').get('/orders').expect(200);
    expect(all.body.items.length).toBeGreaterThan(0);
    expect(new Set(all.body.items.map((o: { channel: string }) => o.channel))).toEqual(new Set(['web']));
    expect(all.body.items.map((o: { orderId: string }) => o.orderId)).toContain(webOrder);

    const other = await api.as('clientWeb').get('/orders?channel=marketplace').expect(200);
    expect(other.body).toEqual({ items: [], nextCursor: null });

    const own = await api.as('clientWeb').get('/orders?channel=web').expect(200);
    expect(own.body.items.map((o: { orderId: string }) => o.orderId)).toContain(webOrder);
  });

  it("lists only its channel among a customer's orders", async () => {
    const web = await api.as('clientWeb').get(`/customers/${customerId}/orders`).expect(200);
    expect(web.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([webOrder]);
    const market = await api.as('clientMarket').get(`/customers/${customerId}/orders`).expect(200);
    expect(market.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([marketOrder]);
  });
});

describe('keys not bound to a channel', () => {
  it('see every channel', async () => {
    for (const key of ['client', 'admin', 'analyst', 'auditor'] as const) {
      const res = await api.as(key).get(`/customers/${customerId}/orders`).expect(200);
      expect(new Set(res.body.items.map((o: { channel: string }) => o.channel))).toEqual(new Set(['web', 'marketplace', 'phone']));
      await api.as(key).get(`/orders/${marketOrder}`).expect(200);
    }
  });

  it('may place in any channel (unbound client)', async () => {
    await api.as('client').post('/orders').send(orderBody({ channel: 'marketplace' })).expect(201);
  });
});

describe('who may release a hold', () => {
  const heldOrder = async (by: 'admin' | 'clientWeb') => {
    const { orderId } = await placeOrder(api, { channel: 'web', customerId }, 'admin');
    await api.as(by).post(`/orders/${orderId}/hold`).send({ reason: 'fraud review' }).expect(200);
    return orderId;
  };

  it("refuses a client lifting an admin's hold (403, a stable code, nothing appended); an admin lifts it", async () => {
    const orderId = await heldOrder('admin');
    const res = await withoutAppend(api, api.as('clientWeb').post(`/orders/${orderId}/release`));
    expectProblem(res, 403);
    expect(res.body).toMatchObject({ code: 'ORDER.RELEASE_FORBIDDEN', details: { heldBy: 'admin' } });
    const released = await api.as('admin').post(`/orders/${orderId}/release`).expect(200);
    expect(released.body.onHold).toBe(false);
  });

  it("lets a client lift its own channel's hold, and no other client", async () => {
    const orderId = await heldOrder('clientWeb');
    expectProblem(await withoutAppend(api, api.as('client').post(`/orders/${orderId}/release`)), 403);
    await api.as('clientWeb').post(`/orders/${orderId}/release`).expect(200);
  });

  it("records who placed the hold in OrderHeld", async () => {
    const orderId = await heldOrder('clientWeb');
    const history = await api.as('auditor').get(`/orders/${orderId}/history`).expect(200);
    const held = history.body.events.find((e: { type: string }) => e.type === 'OrderHeld');
    expect(held.data).toMatchObject({ by: 'client', channel: 'web' });
  });
});

describe('an orderId that another channel already uses', () => {
  it('is refused with 409 and nothing about the other order: no id, no status, no channel', async () => {
    const res = await withoutAppend(api, api.as('clientMarket').post('/orders').send(orderBody({ orderId: webOrder, channel: 'marketplace' })));
    expectProblem(res, 409);
    expect(res.body.code).toBe('ORDER.ALREADY_EXISTS');
    expect(res.body).not.toHaveProperty('details');
    const { instance, ...rest } = res.body;
    expect(instance).toBe('/orders');
    expect(JSON.stringify(rest)).not.toMatch(new RegExp(`${webOrder}|"web"|\\bweb\\b|placed|validated|allocated`));
    // the same answer its own channel's order id gets
    const own = await withoutAppend(api, api.as('clientMarket').post('/orders').send(orderBody({ orderId: marketOrder, channel: 'marketplace' })));
    expect(own.body).toEqual(res.body);
  });
});
