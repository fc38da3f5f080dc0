import type { Response } from 'supertest';
import { openTestApi, TestApi } from '../support/api-app';
import { currentEtag, expectProblem, newOrderId, orderBody, placeOrder, seedCatalog, withoutAppend } from '../support/api-fixtures';
import { allocateOrder, reserveStock, shipOrder } from '../support/api-workflow';

/*
 * Every refusal docs/api.md lists, each as an RFC 9457 problem, and each leaving
 * the log as it was. (429 has its own app: rate-limit.test.ts.)
 */

let api: TestApi;
let notReached: Promise<{ res: Response; seconds: number }>;

beforeAll(async () => {
  api = await openTestApi();
  // OMS-Min-Position far ahead waits the full 5 s before its 503: sent first, it waits while the other tests run.
  const started = Date.now();
  notReached = Promise.resolve(api.as('analyst').get('/orders').set('OMS-Min-Position', '900000000000')).then((res) => ({
    res,
    seconds: (Date.now() - started) / 1000,
  }));
  notReached.catch(() => undefined); // when that test is filtered out, the request dies with the server
  await seedCatalog(api, { products: { 'SKU-1': 1999 }, locations: ['wh-1'] });
});
afterAll(() => api.close());

const admin = () => api.as('admin');

describe('400 Bad Request', () => {
  it('refuses malformed JSON', async () => {
    const res = await withoutAppend(api, admin().post('/orders').set('Content-Type', 'application/json').send('{"channel": "web",'));
    expectProblem(res, 400);
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('refuses an invalid body, naming each field and what is wrong with it', async () => {
    const body = { ...orderBody(), lines: [{ sku: 'bad sku!', quantity: 0 }], customer: { id: 'c-1', email: 'nope' } };
    const res = await withoutAppend(api, admin().post('/orders').send(body));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.lines.0.sku', message: expect.any(String) },
        { path: 'body.lines.0.quantity', message: expect.any(String) },
        { path: 'body.customer.email', message: expect.any(String) },
      ]),
    );
    for (const error of res.body.errors) expect(Object.keys(error).sort()).toEqual(['message', 'path']);
  });

  it('refuses unknown fields, at the top and nested', async () => {
    const body = { ...orderBody(), coupon: 'FREE', customer: { ...orderBody().customer, vip: true } };
    const res = await withoutAppend(api, admin().post('/orders').send(body));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.coupon', message: 'unknown field' },
        { path: 'body.customer.vip', message: 'unknown field' },
      ]),
    );
  });

  it('refuses a body on an endpoint that takes none', async () => {
    const { orderId } = await placeOrder(api);
    const res = await withoutAppend(api, admin().post(`/orders/${orderId}/release`).send({ reason: 'x' }));
    expectProblem(res, 400);
  });

  it('refuses a missing body where one is required', async () => {
    const { orderId } = await placeOrder(api);
    const res = await withoutAppend(api, admin().post(`/orders/${orderId}/hold`));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ path: 'body.reason', message: expect.any(String) }]);
  });

  it.each([
    ['/orders?limit=0', 'query.limit'],
    ['/orders?limit=501', 'query.limit'],
    ['/orders?status=lost', 'query.status'],
    ['/orders?placedFrom=yesterday', 'query.placedFrom'],
    ['/orders?sort=price', 'query.sort'],
    ['/audit/events?after=-1', 'query.after'],
    ['/replenishment?x=1', 'query.x'],
    ['/forecasts/SKU-1?horizon=0', 'query.horizon'],
    ['/analytics/orders?groupBy=week', 'query.groupBy'],
  ])('refuses bad query parameters: %s', async (url, path) => {
    const res = await admin().get(url);
    expectProblem(res, 400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining(path) })]));
  });

  it('refuses a cursor it did not make', async () => {
    const res = await admin().get('/orders?cursor=not-a-cursor');
    expectProblem(res, 400);
  });

  it('refuses an If-Match that is not an ETag and an OMS-Min-Position that is not a position', async () => {
    const { orderId } = await placeOrder(api);
    expectProblem(await withoutAppend(api, admin().post(`/orders/${orderId}/hold`).set('If-Match', 'yesterday').send({ reason: 'x' })), 400);
    expectProblem(await admin().get(`/orders/${orderId}`).set('OMS-Min-Position', 'soon'), 400);
  });

  it('refuses an Idempotency-Key that is not visible ASCII', async () => {
    const res = await withoutAppend(api, admin().post('/orders').set('Idempotency-Key', 'x'.repeat(256)).send(orderBody()));
    expectProblem(res, 400);
  });
});

describe('401, 403 and 404', () => {
  it('401 without a key', async () => {
    expectProblem(await withoutAppend(api, api.request.post('/orders').send(orderBody())), 401);
  });

  it('403 for a role the route does not name', async () => {
    expectProblem(await withoutAppend(api, api.as('analyst').post('/orders').send(orderBody())), 403);
  });

  it('404 for an order that does not exist, on reads and commands', async () => {
    const orderId = newOrderId();
    expectProblem(await admin().get(`/orders/${orderId}`), 404);
    expectProblem(await api.as('auditor').get(`/orders/${orderId}/history`), 404);
    expectProblem(await withoutAppend(api, admin().post(`/orders/${orderId}/cancel`).send({ reason: 'x' })), 404);
    expectProblem(await withoutAppend(api, api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/picked`)), 404);
  });

  it('404 for an id that is not one, for an unknown fulfilment, for an unknown path', async () => {
    expectProblem(await admin().get('/orders/not-a-uuid'), 404);
    expectProblem(await admin().get('/products/bad%20sku'), 404);
    expectProblem(await admin().get('/no/such/thing'), 404);
    expectProblem(await withoutAppend(api, admin().delete('/orders')), 404);
    const { orderId } = await placeOrder(api);
    expectProblem(await withoutAppend(api, api.as('warehouse').post(`/orders/${orderId}/fulfillments/F9/picked`)), 404);
  });
});

describe('409 Conflict: a rule of the domain refused the command', () => {
  it('refuses an adjustment that would take on-hand below what is reserved', async () => {
    await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'wh-1', sku: 'SKU-ADJ', quantity: 5 }).expect(201);
    await reserveStock(api.oms, { locationId: 'wh-1', sku: 'SKU-ADJ', quantity: 3, orderId: newOrderId() });
    const body = { locationId: 'wh-1', sku: 'SKU-ADJ', delta: -3, reason: 'cycle count' };
    const res = await withoutAppend(api, api.as('warehouse').post('/inventory/adjustments').send(body));
    expectProblem(res, 409);
    expect(res.body).toMatchObject({ code: 'STOCK.BELOW_RESERVED', details: { onHand: 5, reserved: 3, delta: -3 } });
    // down to exactly what is reserved is fine
    await api.as('warehouse').post('/inventory/adjustments').send({ ...body, delta: -2 }).expect(201);
  });

  it('refuses to cancel once anything has shipped', async () => {
    const { orderId } = await placeOrder(api);
    await shipOrder(api, orderId);
    const res = await withoutAppend(api, api.as('client').post(`/orders/${orderId}/cancel`).send({ reason: 'too late' }));
    expectProblem(res, 409);
    expect(res.body.code).toMatch(/SHIPPED/);
  });

  it('refuses to place an order id twice', async () => {
    const { orderId } = await placeOrder(api);
    expectProblem(await withoutAppend(api, admin().post('/orders').send(orderBody({ orderId }))), 409);
  });

  it('refuses warehouse steps out of order', async () => {
    const { orderId } = await placeOrder(api);
    await allocateOrder(api.oms, orderId);
    const res = await withoutAppend(api, api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/packed`));
    expectProblem(res, 409);
  });
});

describe('412, 413, 415, 422 and 503', () => {
  it('412 when If-Match names a revision that is no longer current', async () => {
    const { orderId } = await placeOrder(api);
    const etag = await currentEtag(api, orderId);
    await admin().post(`/orders/${orderId}/hold`).set('If-Match', etag).send({ reason: 'check address' }).expect(200);
    const res = await withoutAppend(api, admin().post(`/orders/${orderId}/release`).set('If-Match', etag));
    expectProblem(res, 412);
  });

  it('413 when the body is over 256 kB', async () => {
    const body = { ...orderBody(), notes: 'x'.repeat(300 * 1024) };
    const res = await withoutAppend(api, admin().post('/orders').send(body));
    expectProblem(res, 413);
  });

  it('415 when the body is not JSON', async () => {
    const res = await withoutAppend(api, admin().post('/orders').set('Content-Type', 'text/plain').send(JSON.stringify(orderBody())));
    expectProblem(res, 415);
    const form = await withoutAppend(api, admin().post('/orders').type('form').send({ channel: 'web' }));
    expectProblem(form, 415);
  });

  it('422 when an Idempotency-Key is reused with another body', async () => {
    await admin().post('/orders').set('Idempotency-Key', 'errors-422').send(orderBody({ customerId: 'c-a' })).expect(201);
    const res = await withoutAppend(api, admin().post('/orders').set('Idempotency-Key', 'errors-422').send(orderBody({ customerId: 'c-b' })));
    expectProblem(res, 422);
  });

  it('503 with Retry-After when the read models do not reach OMS-Min-Position in time', async () => {
    const { res, seconds } = await notReached;
    expectProblem(res, 503);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(seconds).toBeGreaterThanOrEqual(4.5);
  });
});
