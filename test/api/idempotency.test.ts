import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, newOrderId, orderBody, countOrderEvents, placeOrder, seedCatalog, uniqueSuffix, withoutAppend } from '../support/api-fixtures';
import { releaseReservation, reserveStock } from '../support/api-workflow';

/*
 * Idempotency-Key on POST: the same key with the same body answers the first
 * response again (Idempotent-Replayed: true) and appends nothing; with
 * another body, 422; a refusal is an answer too and is replayed as such.
 */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await seedCatalog(api, { products: { 'SKU-1': 1999 }, locations: ['wh-1'] });
});
afterAll(() => api.close());

const key = () => `key-${uniqueSuffix()}`;

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, and appends nothing', async () => {
    const idempotencyKey = key();
    const body = orderBody({ orderId: newOrderId() });
    const first = await api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const again = await withoutAppend(api, api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(body));
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    for (const header of ['location', 'etag', 'oms-position']) expect(again.headers[header]).toBe(first.headers[header]);
    expect(await countOrderEvents(api, body.orderId!, 'OrderPlaced')).toBe(1);
  });

  it('gives an order placed without an orderId the same id on a retry', async () => {
    const idempotencyKey = key();
    const body = orderBody();
    const first = await api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(body).expect(201);
    const again = await api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(body).expect(201);
    expect(again.body.orderId).toBe(first.body.orderId);
    expect(await countOrderEvents(api, first.body.orderId, 'OrderPlaced')).toBe(1);
  });

  it('has one effect when two requests with one key arrive together', async () => {
    const idempotencyKey = key();
    const body = orderBody();
    const before = await api.head();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(body).then((res) => res)),
    );
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((res) => res.body.orderId)).size).toBe(1);
    expect(answers.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    const appended = await api.oms.events.readAll({ after: before });
    expect(appended.filter((event) => event.type === 'OrderPlaced').map((event) => event.streamId)).toEqual([
      `order-${answers[0]!.body.orderId}`,
    ]);
  });

  it('has one effect for concurrent commands on an existing order', async () => {
    const { orderId } = await placeOrder(api);
    const idempotencyKey = key();
    const answers = await Promise.all(
      [1, 2, 3].map(() => api.as('client').post(`/orders/${orderId}/hold`).set('Idempotency-Key', idempotencyKey).send({ reason: 'r' }).then((res) => res)),
    );
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((res) => res.body.revision)).size).toBe(1);
    expect(answers.every((res) => res.body.onHold === true)).toBe(true);
    expect(await countOrderEvents(api, orderId, 'OrderHeld')).toBe(1);
  });

  it('refuses the key with another body (422), and the first body still replays', async () => {
    const idempotencyKey = key();
    const body = orderBody();
    const first = await api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(body).expect(201);
    const other = await withoutAppend(api, api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send({ ...body, notes: 'changed' }));
    expectProblem(other, 422);
    const again = await api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(body).expect(201);
    expect(again.body).toEqual(first.body);
  });

  it('treats the same JSON with its keys in another order as the same body', async () => {
    const idempotencyKey = key();
    const body = orderBody({ orderId: newOrderId() });
    const first = await api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(body).expect(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await withoutAppend(
      api,
      api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).set('Content-Type', 'application/json').send(JSON.stringify(reordered, null, 2)),
    );
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('refuses the key on another path (422)', async () => {
    const { orderId } = await placeOrder(api);
    const idempotencyKey = key();
    await api.as('admin').post(`/orders/${orderId}/hold`).set('Idempotency-Key', idempotencyKey).send({ reason: 'r' }).expect(200);
    const res = await withoutAppend(api, api.as('admin').post(`/orders/${orderId}/cancel`).set('Idempotency-Key', idempotencyKey).send({ reason: 'r' }));
    expectProblem(res, 422);
  });

  it('keeps keys of different API keys apart', async () => {
    const idempotencyKey = key();
    const a = await api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(orderBody()).expect(201);
    const b = await api.as('admin').post('/orders').set('Idempotency-Key', idempotencyKey).send(orderBody()).expect(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.orderId).not.toBe(a.body.orderId);
  });

  it('replays a refusal: the same request is told the same, even once it would succeed', async () => {
    const idempotencyKey = key();
    const sku = `SKU-IDEM-${uniqueSuffix()}`;
    await seedCatalog(api, { products: { [sku]: 100 } });
    await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'wh-1', sku, quantity: 5 }).expect(201);
    const reservationId = await reserveStock(api.oms, { locationId: 'wh-1', sku, quantity: 4, orderId: newOrderId() });
    const adjustment = { locationId: 'wh-1', sku, delta: -3, reason: 'damaged' };

    const refused = await api.as('warehouse').post('/inventory/adjustments').set('Idempotency-Key', idempotencyKey).send(adjustment);
    expectProblem(refused, 409);

    await releaseReservation(api.oms, { locationId: 'wh-1', sku, reservationId });
    const replayed = await withoutAppend(api, api.as('warehouse').post('/inventory/adjustments').set('Idempotency-Key', idempotencyKey).send(adjustment));
    expectProblem(replayed, 409);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(refused.body);

    // without the key, the same request now succeeds
    await api.as('warehouse').post('/inventory/adjustments').send(adjustment).expect(201);
  });

  it('does not store a request refused before it ran (invalid body): a corrected retry with the key runs', async () => {
    const idempotencyKey = key();
    const body = orderBody();
    await api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send({ ...body, lines: [] }).expect(400);
    const res = await api.as('client').post('/orders').set('Idempotency-Key', idempotencyKey).send(body).expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });
});
