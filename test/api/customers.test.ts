import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, placeOrder, seedCatalog } from '../support/api-fixtures';

let api: TestApi;
const customerId = `c-customers`;

beforeAll(async () => {
  api = await openTestApi();
  await seedCatalog(api, { products: { 'SKU-1': 1999 } });
  await placeOrder(api, { channel: 'web', customerId }, 'clientWeb');
  await placeOrder(api, { channel: 'marketplace', customerId }, 'admin');
  await api.settled();
});
afterAll(() => api.close());

describe('GET /customers/{customerId}', () => {
  it('answers the customer over every channel to analysts and admins', async () => {
    for (const key of ['analyst', 'admin'] as const) {
      const res = await api.as(key).get(`/customers/${customerId}`).expect(200);
      expect(res.body).toEqual({
        customerId,
        email: 'a@example.com',
        name: 'A',
        phone: '+15555550100',
        ordersCount: 2,
        lifetimeValue: { USD: expect.any(Number) },
        firstOrderAt: expect.any(String),
        lastOrderAt: expect.any(String),
        openOrders: expect.any(Number),
        returnsCount: 0,
      });
      expect(res.body.firstOrderAt <= res.body.lastOrderAt).toBe(true);
    }
  });

  it("shows a channel's client key that channel's orders only, and 404 where the customer never ordered", async () => {
    const web = await api.as('clientWeb').get(`/customers/${customerId}`).expect(200);
    const all = await api.as('admin').get(`/customers/${customerId}`).expect(200);
    expect(web.body).toMatchObject({ ordersCount: 1 });
    expect(web.body.lifetimeValue.USD * 2).toBe(all.body.lifetimeValue.USD);
    const market = await api.as('clientMarket').get(`/customers/${customerId}`).expect(200);
    expect(market.body).toMatchObject({ ordersCount: 1, lifetimeValue: web.body.lifetimeValue });

    await placeOrder(api, { channel: 'phone', customerId: 'c-phone-only' }, 'admin');
    await api.settled();
    const hidden = await api.as('clientWeb').get('/customers/c-phone-only');
    const unknown = await api.as('clientWeb').get('/customers/c-nobody');
    expectProblem(hidden, 404);
    expect(hidden.body.code).toBe('RESOURCE.NOT_FOUND');
    expect(hidden.body.title).toBe(unknown.body.title);
  });

  it('answers 404 for a customer with no orders, and 403 to roles that do not read customers', async () => {
    expectProblem(await api.as('admin').get('/customers/c-nobody'), 404);
    expectProblem(await api.as('warehouse').get(`/customers/${customerId}`), 403);
  });
});
