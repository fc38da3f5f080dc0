import { openTestApi, TestApi } from '../support/api-app';
import { countOrderEvents, currentEtag, expectProblem, newOrderId, orderBody, placeOrder, productBody, seedCatalog, withoutAppend } from '../support/api-fixtures';

/*
 * Optimistic concurrency over HTTP (ETag on every answer about one aggregate,
 * If-Match on commands) and read-your-writes (a command's position as
 * OMS-Min-Position makes the next read see it).
 */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await seedCatalog(api, { products: { 'SKU-1': 1999, 'SKU-RYW': 100 }, locations: ['wh-1'] });
});
afterAll(() => api.close());

describe('ETag and If-Match', () => {
  it('tags command answers and GET /orders/{id} with the revision', async () => {
    const placed = await api.as('admin').post('/orders').send(orderBody()).expect(201);
    expect(placed.headers.etag).toBe(`"${placed.body.revision}"`);
    expect(placed.body.revision).toBe(0);

    const read = await api.as('analyst').get(`/orders/${placed.body.orderId}`).set('OMS-Min-Position', placed.body.position).expect(200);
    expect(read.headers.etag).toBe(`"${read.body.revision}"`);

    const held = await api.as('admin').post(`/orders/${placed.body.orderId}/hold`).send({ reason: 'r' }).expect(200);
    expect(held.headers.etag).toBe(`"${held.body.revision}"`);
    expect(held.body.revision).toBeGreaterThan(0);
  });

  it('runs a command whose If-Match is current, and refuses one that is stale with 412', async () => {
    const { orderId } = await placeOrder(api);
    const etag = await currentEtag(api, orderId);
    const held = await api.as('client').post(`/orders/${orderId}/hold`).set('If-Match', etag).send({ reason: 'r' }).expect(200);
    expect(held.headers.etag).not.toBe(etag);

    const stale = await withoutAppend(api, api.as('client').post(`/orders/${orderId}/release`).set('If-Match', etag));
    expectProblem(stale, 412);

    const now = await currentEtag(api, orderId);
    await api.as('client').post(`/orders/${orderId}/release`).set('If-Match', now).expect(200);
  });

  it('accepts a weak ETag and *, and refuses a stale If-Match on catalog and inventory commands too', async () => {
    const { orderId } = await placeOrder(api);
    const etag = await currentEtag(api, orderId);
    await api.as('admin').post(`/orders/${orderId}/hold`).set('If-Match', `W/${etag}`).send({ reason: 'r' }).expect(200);
    await api.as('admin').post(`/orders/${orderId}/release`).set('If-Match', '*').expect(200);

    const created = await api.as('admin').put('/products/SKU-CONC').send(productBody(500)).expect(201);
    expect(created.headers.etag).toBe('"0"');
    await api.as('admin').put('/products/SKU-CONC').set('If-Match', '"0"').send(productBody(600)).expect(200);
    expectProblem(await withoutAppend(api, api.as('admin').put('/products/SKU-CONC').set('If-Match', '"0"').send(productBody(700))), 412);

    const receipt = { locationId: 'wh-1', sku: 'SKU-CONC', quantity: 3 };
    const first = await api.as('warehouse').post('/inventory/receipts').send(receipt).expect(201);
    expect(first.headers.etag).toBe('"0"');
    await api.as('warehouse').post('/inventory/receipts').set('If-Match', '"0"').send(receipt).expect(201);
    expectProblem(await withoutAppend(api, api.as('warehouse').post('/inventory/receipts').set('If-Match', '"0"').send(receipt)), 412);
  });
});

describe('concurrent writers', () => {
  it('lets exactly one of two commands sent with the same If-Match through; the other gets 412', async () => {
    const { orderId } = await placeOrder(api);
    const etag = await currentEtag(api, orderId);
    const [hold, cancel] = await Promise.all([
      api.as('admin').post(`/orders/${orderId}/hold`).set('If-Match', etag).send({ reason: 'a' }).then((res) => res),
      api.as('admin').post(`/orders/${orderId}/cancel`).set('If-Match', etag).send({ reason: 'b' }).then((res) => res),
    ]);
    expect([hold.status, cancel.status].sort()).toEqual([200, 412]);
  });

  it('places an orderId once when two requests race for it: one 201, one 409', async () => {
    const body = orderBody({ orderId: newOrderId() });
    const answers = await Promise.all([1, 2].map(() => api.as('client').post('/orders').send(body).then((res) => res)));
    expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
    expect(await countOrderEvents(api, body.orderId!, 'OrderPlaced')).toBe(1);
  });
});

describe('read your writes', () => {
  it('answers every command with position in the body and OMS-Position', async () => {
    const placed = await api.as('admin').post('/orders').send(orderBody()).expect(201);
    expect(placed.body.position).toMatch(/^\d+$/);
    expect(placed.headers['oms-position']).toBe(placed.body.position);
    expect(BigInt(placed.body.position)).toBeLessThanOrEqual(await api.head());
  });

  it('makes the next GET see the write when its position is sent as OMS-Min-Position', async () => {
    for (let i = 0; i < 5; i++) {
      const { orderId, position } = await placeOrder(api, { customerId: `c-ryw-${i}` });
      const read = await api.as('analyst').get(`/orders/${orderId}`).set('OMS-Min-Position', position);
      expect(read.status).toBe(200);
      expect(read.body.orderId).toBe(orderId);

      const held = await api.as('admin').post(`/orders/${orderId}/hold`).send({ reason: 'r' }).expect(200);
      const after = await api.as('analyst').get(`/orders/${orderId}`).set('OMS-Min-Position', held.headers['oms-position']!).expect(200);
      expect(after.body.onHold).toBe(true);
      expect(after.body.revision).toBeGreaterThanOrEqual(held.body.revision);

      const list = await api.as('analyst').get(`/customers/c-ryw-${i}/orders`).set('OMS-Min-Position', held.body.position).expect(200);
      expect(list.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([orderId]);
    }
  });

  it('sees stock receipts in the inventory read model', async () => {
    const res = await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'wh-1', sku: 'SKU-RYW', quantity: 7 }).expect(201);
    const read = await api.as('analyst').get('/inventory/SKU-RYW').set('OMS-Min-Position', res.body.position).expect(200);
    expect(read.body.totals.onHand).toBe(7);
  });

  it('answers at once for a position already applied', async () => {
    await api.as('analyst').get('/orders').set('OMS-Min-Position', '0').expect(200);
  });
});
