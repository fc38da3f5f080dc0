import { OrderStatus } from '../../src/domain/order';
import { openTestApi, TestApi } from '../support/api-app';
import { countOrderEvents, expectProblem, newOrderId, orderBody, placeOrder, seedCatalog, withoutAppend } from '../support/api-fixtures';
import { allocateOrder, labelFulfillment } from '../support/api-workflow';

/*
 * The order endpoints end to end: place, hold, release, cancel, read back,
 * list; and the warehouse steps, with the workflow before them (validation,
 * payment, allocation, label) issued straight to the order handler, so these
 * tests hold whether or not the process manager runs.
 */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await seedCatalog(api, { products: { 'SKU-1': 1999, 'SKU-2': 500, 'SKU-FLOW': 1250 }, locations: ['wh-1', 'wh-flow'] });
});
afterAll(() => api.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const readOrder = async (orderId: string, position?: string) => {
  if (position === undefined) await api.settled();
  const request = api.as('analyst').get(`/orders/${orderId}`);
  return (position ? request.set('OMS-Min-Position', position) : request).expect(200);
};

describe('POST /orders', () => {
  it('places an order: 201 with orderId, status, revision, position and Location', async () => {
    const orderId = newOrderId();
    const res = await api.as('client').post('/orders').send(orderBody({ orderId })).expect(201);
    expect(res.body).toEqual({ orderId, status: 'placed', onHold: false, revision: 0, position: expect.stringMatching(/^\d+$/) });
    expect(res.headers.location).toBe(`/orders/${orderId}`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('echoes a sent X-Correlation-Id, and makes one when none (or a bad one) is sent', async () => {
    const sent = await api.as('client').post('/orders').set('X-Correlation-Id', 'checkout-42').send(orderBody()).expect(201);
    expect(sent.headers['x-correlation-id']).toBe('checkout-42');
    const made = await api.as('client').post('/orders').send(orderBody()).expect(201);
    expect(made.headers['x-correlation-id']).toMatch(UUID);
    const bad = await api.as('client').post('/orders').set('X-Correlation-Id', 'no spaces <allowed>').send(orderBody()).expect(201);
    expect(bad.headers['x-correlation-id']).toMatch(UUID);
  });

  it('makes a time-ordered uuid (v7) when the client sends no orderId', async () => {
    const res = await api.as('client').post('/orders').send(orderBody()).expect(201);
    expect(res.body.orderId).toMatch(UUID);
    expect(res.body.orderId[14]).toBe('7');
  });

  it('reads the order back with everything docs/api.md lists', async () => {
    const body = orderBody({ lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: 1999 }, { sku: 'SKU-2', quantity: 1 }], customerId: 'c-read' });
    const placed = await api.as('client').post('/orders').send(body).expect(201);
    const { body: order } = await readOrder(placed.body.orderId, placed.body.position);
    expect(order).toMatchObject({
      orderId: placed.body.orderId,
      onHold: false,
      channel: 'web',
      customer: { id: 'c-read', email: 'a@example.com', name: 'A', phone: '+15555550100' },
      currency: 'USD',
      lines: [
        { sku: 'SKU-1', quantity: 2, unitPrice: 1999, allocated: expect.any(Array), backordered: expect.any(Number) },
        // the catalog price, since the line named none
        { sku: 'SKU-2', quantity: 1, unitPrice: 500, allocated: expect.any(Array), backordered: expect.any(Number) },
      ],
      totals: { items: 2 * 1999 + 500, shipping: expect.any(Number), grand: expect.any(Number) },
      fulfillments: expect.any(Array),
      payment: { status: expect.any(String), authorizedAmount: expect.any(Number), capturedAmount: expect.any(Number) },
      timeline: expect.arrayContaining([{ status: 'placed', at: expect.any(String) }]),
      placedAt: expect.any(String),
      updatedAt: expect.any(String),
      revision: expect.any(Number),
    });
    expect(order.totals.grand).toBe(order.totals.items + order.totals.shipping);
    expect(OrderStatus.options).toContain(order.status);
    expect(JSON.stringify(order)).not.toContain('tok_visa');
  });
});

describe('hold, release and cancel', () => {
  it('holds and releases an order, and reads each change back', async () => {
    const { orderId } = await placeOrder(api, {}, 'client');
    const held = await api.as('client').post(`/orders/${orderId}/hold`).send({ reason: 'fraud check' }).expect(200);
    expect(held.body).toMatchObject({ orderId, onHold: true, revision: expect.any(Number), position: expect.any(String) });
    expect((await readOrder(orderId, held.body.position)).body).toMatchObject({ onHold: true, holdReason: 'fraud check' });

    const again = await api.as('client').post(`/orders/${orderId}/hold`).send({ reason: 'again' }).expect(200);
    expect(again.body.onHold).toBe(true);
    expect(await countOrderEvents(api, orderId, 'OrderHeld')).toBe(1);

    const released = await api.as('client').post(`/orders/${orderId}/release`).expect(200);
    expect(released.body.onHold).toBe(false);
    expect((await readOrder(orderId, released.body.position)).body.onHold).toBe(false);
  });

  it('cancels an order, reads it back as cancelled, and a second cancel changes nothing', async () => {
    const { orderId } = await placeOrder(api, {}, 'client');
    const cancelled = await api.as('client').post(`/orders/${orderId}/cancel`).send({ reason: 'changed my mind' }).expect(200);
    expect(cancelled.body).toMatchObject({ orderId, status: 'cancelled' });
    const { body: order } = await readOrder(orderId, cancelled.body.position);
    expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'changed my mind' });
    expect(order.timeline.map((entry: { status: string }) => entry.status)).toContain('cancelled');

    await api.as('client').post(`/orders/${orderId}/cancel`).send({ reason: 'again' }).expect(200);
    expect(await countOrderEvents(api, orderId, 'OrderCancelled')).toBe(1);
  });

  it('cancels a held order', async () => {
    const { orderId } = await placeOrder(api);
    await api.as('admin').post(`/orders/${orderId}/hold`).send({ reason: 'r' }).expect(200);
    await api.as('admin').post(`/orders/${orderId}/cancel`).send({ reason: 'r' }).expect(200);
  });
});

describe('fulfilment: pick, pack, ship, deliver', () => {
  it('takes an allocated order through every warehouse step, each visible on the order and the pick list', async () => {
    await api.as('warehouse').put('/inventory/wh-flow/SKU-FLOW/policy').send({ safetyStock: 0, lowStockThreshold: 0, leadTimeDays: 3, bin: 'A-01' }).expect(200);
    await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'wh-flow', sku: 'SKU-FLOW', quantity: 10 }).expect(201);
    const { orderId } = await placeOrder(api, { lines: [{ sku: 'SKU-FLOW', quantity: 3 }] });
    const [fulfillmentId] = await allocateOrder(api.oms, orderId, 'wh-flow', 'A-01');
    expect(fulfillmentId).toBe('F1');

    const allocated = (await readOrder(orderId)).body;
    // every line reserved and on a pick list, nothing picked yet
    expect(allocated.status).toBe('allocated');
    expect(allocated.lines[0].allocated).toEqual([{ locationId: 'wh-flow', quantity: 3 }]);
    expect(allocated.fulfillments).toEqual([
      expect.objectContaining({ fulfillmentId: 'F1', locationId: 'wh-flow', status: 'requested', shipment: null }),
    ]);

    const pickList = await api.as('warehouse').get('/locations/wh-flow/pick-list').expect(200);
    expect(pickList.body.items).toEqual([
      expect.objectContaining({ orderId, fulfillmentId: 'F1', lines: [expect.objectContaining({ sku: 'SKU-FLOW', quantity: 3, bin: 'A-01' })] }),
    ]);
    expect(pickList.body.nextCursor).toBeNull();

    const base = `/orders/${orderId}/fulfillments/F1`;
    const picked = await api.as('warehouse').post(`${base}/picked`).expect(200);
    expect(picked.body).toMatchObject({ orderId, status: 'picking' });
    const packed = await api.as('warehouse').post(`${base}/packed`).expect(200);
    expect(packed.body.status).toBe('packed');
    // picking twice is a repeat of a done thing: nothing changes
    await api.as('warehouse').post(`${base}/picked`).expect(200);
    expect(await countOrderEvents(api, orderId, 'FulfillmentPicked')).toBe(1);

    await labelFulfillment(api.oms, orderId, 'F1');
    const shipped = await api.as('warehouse').post(`${base}/shipped`).expect(200);
    expect(shipped.body.status).toBe('shipped');
    const onTheWay = (await readOrder(orderId, shipped.body.position)).body;
    expect(onTheWay.fulfillments[0]).toMatchObject({
      status: 'shipped',
      shipment: { carrier: expect.any(String), service: expect.any(String), trackingNumber: expect.any(String), labelUrl: expect.any(String), status: expect.any(String) },
    });
    const afterShipping = await api.as('warehouse').get('/locations/wh-flow/pick-list').set('OMS-Min-Position', shipped.body.position).expect(200);
    expect(afterShipping.body.items.map((entry: { orderId: string }) => entry.orderId)).not.toContain(orderId);

    const delivered = await api.as('admin').post(`${base}/delivered`).expect(200);
    expect(delivered.body.status).toBe('delivered');
    const done = (await readOrder(orderId, delivered.body.position)).body;
    expect(done.timeline.map((entry: { status: string }) => entry.status)).toEqual(
      expect.arrayContaining(['placed', 'allocated', 'picking', 'packed', 'shipped', 'delivered']),
    );
  });

  it('refuses to pick an order on hold (409), and picks it once released', async () => {
    const { orderId } = await placeOrder(api);
    await allocateOrder(api.oms, orderId);
    await api.as('admin').post(`/orders/${orderId}/hold`).send({ reason: 'r' }).expect(200);
    const refused = await withoutAppend(api, api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/picked`));
    expectProblem(refused, 409);
    expect(refused.body.code).toBe('ORDER.ON_HOLD');
    await api.as('admin').post(`/orders/${orderId}/release`).expect(200);
    await api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/picked`).expect(200);
  });
});

describe('order lists', () => {
  const customerId = 'c-lists';
  const placed: string[] = [];

  beforeAll(async () => {
    for (const channel of ['web', 'marketplace', 'web']) placed.push((await placeOrder(api, { customerId, channel })).orderId);
    await api.as('admin').post(`/orders/${placed[1]}/cancel`).send({ reason: 'r' }).expect(200);
    await api.settled();
  });

  it("lists a customer's orders newest first", async () => {
    const res = await api.as('analyst').get(`/customers/${customerId}/orders`).expect(200);
    expect(res.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([...placed].reverse());
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters GET /orders by customer, channel and status', async () => {
    const web = await api.as('analyst').get(`/orders?customerId=${customerId}&channel=web`).expect(200);
    expect(web.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([placed[2], placed[0]]);
    const cancelled = await api.as('analyst').get(`/orders?customerId=${customerId}&status=cancelled`).expect(200);
    expect(cancelled.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([placed[1]]);
  });

  it('filters by placement time', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const none = await api.as('analyst').get(`/orders?customerId=${customerId}&placedFrom=${encodeURIComponent(future)}`).expect(200);
    expect(none.body.items).toEqual([]);
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const all = await api.as('analyst').get(`/orders?customerId=${customerId}&placedFrom=${encodeURIComponent(past)}&placedTo=${encodeURIComponent(future)}`).expect(200);
    expect(all.body.items).toHaveLength(3);
  });

  it('pages with limit and an opaque cursor, ending with nextCursor null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/customers/${customerId}/orders?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api.as('analyst').get(url).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.items.map((o: { orderId: string }) => o.orderId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...placed].reverse());
  });

  it('defaults to 50 items a page', async () => {
    const res = await api.as('analyst').get('/orders').expect(200);
    expect(res.body.items.length).toBeLessThanOrEqual(50);
    expect(res.body).toHaveProperty('nextCursor');
  });
});
