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
  await seedCatalog(api, { products: { 'SKU-1': 1999, 'SKU-ADJ': 100 }, locations: ['wh-1'] });
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
    ['/analytics/orders?to=2024-13-45', 'query.to'],
    ['/analytics/orders?from=2024-02-30', 'query.from'],
    ['/analytics/orders?from=2023-02-29&to=2023-03-01', 'query.from'],
    ['/orders?placedFrom=2024-02-30T00:00:00Z', 'query.placedFrom'],
    ['/orders?placedTo=2024-13-45T10:00:00Z', 'query.placedTo'],
    [`/orders/018f0000-0000-7000-8000-000000000000/state?at=2024-02-30T00:00:00Z`, 'query.at'],
  ])('refuses bad query parameters: %s', async (url, path) => {
    const res = await admin().get(url);
    expectProblem(res, 400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining(path) })]));
  });

  const location = (country: string) => ({ name: 'X', kind: 'warehouse', priority: 1, address: { country, postalCode: '10001' } });
  it.each([
    ['an order in currency XXX (no currency)', () => admin().post('/orders').send({ ...orderBody(), currency: 'XXX' }), 'body.currency'],
    ['an order in a made-up currency', () => admin().post('/orders').send({ ...orderBody(), currency: 'ABC' }), 'body.currency'],
    ['an order shipped to country XX', () => admin().post('/orders').send({ ...orderBody(), shippingAddress: { ...orderBody().shippingAddress, country: 'XX' } }), 'body.shippingAddress.country'],
    ['a product priced in XXX', () => admin().put('/products/SKU-ISO').send({ name: 'X', unitPrice: 100, currency: 'XXX' }), 'body.currency'],
    ['a location in country XX', () => admin().put('/locations/wh-iso').send(location('XX')), 'body.address.country'],
    ['a location in the reserved code EU', () => admin().put('/locations/wh-iso').send(location('EU')), 'body.address.country'],
  ])('refuses %s', async (_what, send, path) => {
    const res = await withoutAppend(api, send());
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ path, message: expect.stringMatching(/ISO/) }]);
  });

  it('accepts ISO codes beyond the usual few', async () => {
    await admin().put('/products/SKU-ISO-CHF').send({ name: 'X', unitPrice: 100, currency: 'CHF' }).expect(201);
    await admin().put('/locations/wh-iso-ch').send(location('CH')).expect(201);
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
    expect(res.body).toMatchObject({
      code: 'ORDER.NOT_PICKED',
      type: 'https://oms.dev/problems/order-not-picked',
      details: { command: 'MarkFulfillmentPacked', fulfillmentId: 'F1', status: 'requested', required: 'picked' },
    });
  });

  it('names what a shipment needs: a packed fulfilment', async () => {
    const { orderId } = await placeOrder(api);
    await allocateOrder(api.oms, orderId);
    await api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/picked`).expect(200);
    const res = await withoutAppend(api, api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/shipped`));
    expectProblem(res, 409);
    expect(res.body).toMatchObject({ code: 'ORDER.NOT_PACKED', details: { status: 'picked', required: 'packed' } });
  });
});

describe('a stable code on every generic refusal', () => {
  it.each([
    ['malformed JSON', 400, 'REQUEST.MALFORMED_JSON', () => admin().post('/orders').set('Content-Type', 'application/json').send('{"channel": "web",')],
    ['an invalid body', 400, 'REQUEST.INVALID', () => admin().post('/orders').send({ ...orderBody(), lines: [] })],
    ['a bad query parameter', 400, 'REQUEST.INVALID', () => admin().get('/orders?limit=0')],
    ['a body where none is taken', 400, 'REQUEST.INVALID', () => admin().post(`/orders/${newOrderId()}/release`).send({ reason: 'x' })],
    ['no key', 401, 'AUTH.MISSING_KEY', () => api.request.post('/orders').send(orderBody())],
    ['an unknown key', 401, 'AUTH.UNKNOWN_KEY', () => api.request.get('/orders').set('Authorization', 'Bearer no-such-key')],
    ['a role the route does not name', 403, 'AUTH.FORBIDDEN', () => api.as('analyst').post('/orders').send(orderBody())],
    ['an unknown order', 404, 'RESOURCE.NOT_FOUND', () => admin().get(`/orders/${newOrderId()}`)],
    ['an id that is not one', 404, 'RESOURCE.NOT_FOUND', () => admin().get('/orders/not-a-uuid')],
    ['an unknown path', 404, 'RESOURCE.NOT_FOUND', () => admin().get('/no/such/thing')],
    ['a body over the limit', 413, 'REQUEST.TOO_LARGE', () => admin().post('/orders').send({ ...orderBody(), notes: 'x'.repeat(300 * 1024) })],
    ['a body that is not JSON', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', () => admin().post('/orders').set('Content-Type', 'text/plain').send('{}')],
  ] as const)('%s: %i %s', async (_what, status, code, send) => {
    const res = await withoutAppend(api, send());
    expectProblem(res, status);
    expect(res.body.code).toBe(code);
  });

  it('domain refusals keep their own code', async () => {
    const { orderId } = await placeOrder(api);
    await shipOrder(api, orderId);
    const res = await withoutAppend(api, admin().post(`/orders/${orderId}/cancel`).send({ reason: 'too late' }));
    expect(res.body.code).toBe('ORDER.ALREADY_SHIPPED');
  });
});

describe('412, 413, 415, 422 and 503', () => {
  it('412 when If-Match names a revision that is no longer current', async () => {
    const { orderId } = await placeOrder(api);
    const etag = await currentEtag(api, orderId);
    await admin().post(`/orders/${orderId}/hold`).set('If-Match', etag).send({ reason: 'check address' }).expect(200);
    const res = await withoutAppend(api, admin().post(`/orders/${orderId}/release`).set('If-Match', etag));
    expectProblem(res, 412);
    expect(res.body.code).toBe('COMMAND.STALE_REVISION');
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

  it.each([
    ['application/json; charset=latin1', 'latin1'],
    ['application/json; charset=ISO-8859-1', 'latin1'],
    ['application/json; charset=utf-16', 'utf16le'],
    ['application/json; charset="utf-16le"', 'utf16le'],
  ] as const)('415 when a JSON body is declared in another charset than UTF-8: %s', async (contentType, encoding) => {
    const body = Buffer.from(JSON.stringify(orderBody({ customerId: 'c-charset' })), encoding);
    const res = await withoutAppend(api, admin().post('/orders').set('Content-Type', contentType).send(body));
    expectProblem(res, 415);
    expect(res.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts a JSON body declared as UTF-8', async () => {
    const body = JSON.stringify(orderBody({ customerId: 'c-utf8' }));
    await admin().post('/orders').set('Content-Type', 'application/json; charset=UTF-8').send(body).expect(201);
  });

  it('422 when an Idempotency-Key is reused with another body', async () => {
    await admin().post('/orders').set('Idempotency-Key', 'errors-422').send(orderBody({ customerId: 'c-a' })).expect(201);
    const res = await withoutAppend(api, admin().post('/orders').set('Idempotency-Key', 'errors-422').send(orderBody({ customerId: 'c-b' })));
    expectProblem(res, 422);
    expect(res.body.code).toBe('REQUEST.UNPROCESSABLE');
  });

  it('503 with Retry-After when the read models do not reach OMS-Min-Position in time', async () => {
    const { res, seconds } = await notReached;
    expectProblem(res, 503);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(seconds).toBeGreaterThanOrEqual(4.5);
  });
});
