import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, newOrderId, orderBody, seedCatalog, withoutAppend } from '../support/api-fixtures';

/*
 * Money at the edge: POST /orders refuses at entry what could only go wrong
 * later (a client's own price, a total nobody can pay, a payment method the
 * gateway does not take), and changes nothing when it does.
 */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await seedCatalog(api, { products: { 'SKU-1': 1999, 'SKU-2': 500 }, locations: ['wh-1'] });
});
afterAll(() => api.close());

const orderLines = async (orderId: string) => {
  await api.settled();
  const { body } = await api.as('admin').get(`/orders/${orderId}`).expect(200);
  return { lines: body.lines.map(({ sku, quantity, unitPrice }: Record<string, unknown>) => ({ sku, quantity, unitPrice })), totals: body.totals };
};

describe('prices: the catalog sets them for client keys', () => {
  it.each([[1], [0], [2000]])('refuses a client price of %d for a 1999 product with 422 ORDER.PRICE_MISMATCH, naming the line and the catalog price', async (price) => {
    const body = orderBody({ lines: [{ sku: 'SKU-2', quantity: 1 }, { sku: 'SKU-1', quantity: 2, unitPrice: price }] });
    const res = await withoutAppend(api, api.as('client').post('/orders').send(body));
    expectProblem(res, 422);
    expect(res.body).toMatchObject({
      code: 'ORDER.PRICE_MISMATCH',
      details: { lines: [{ path: 'lines[1].unitPrice', sku: 'SKU-1', sentPrice: price, catalogPrice: 1999 }] },
    });
    expect(res.body.detail).toContain('SKU-1');
  });

  it('takes a client order that leaves prices out or sends the catalog price, and records the catalog prices', async () => {
    const orderId = newOrderId();
    const lines = [{ sku: 'SKU-1', quantity: 2, unitPrice: 1999 }, { sku: 'SKU-2', quantity: 1 }];
    await api.as('client').post('/orders').send(orderBody({ orderId, lines })).expect(201);
    expect(await orderLines(orderId)).toEqual({
      lines: [
        { sku: 'SKU-1', quantity: 2, unitPrice: 1999 },
        { sku: 'SKU-2', quantity: 1, unitPrice: 500 },
      ],
      totals: expect.objectContaining({ items: 4498, grand: 4997 }),
    });
  });

  it('checks against the product as it is now, not a read model that may lag: a price changed a moment ago is the price', async () => {
    await api.as('admin').put('/products/SKU-2').send({ name: 'Gadget', unitPrice: 650, currency: 'USD' }).expect(200);
    // No wait for the projections: the check reads the product stream.
    const stale = await api.as('client').post('/orders').send(orderBody({ lines: [{ sku: 'SKU-2', quantity: 1, unitPrice: 500 }] }));
    expect(stale.body).toMatchObject({ status: 422, code: 'ORDER.PRICE_MISMATCH', details: { lines: [{ catalogPrice: 650 }] } });
    await api.as('client').post('/orders').send(orderBody({ lines: [{ sku: 'SKU-2', quantity: 1, unitPrice: 650 }] })).expect(201);
    await api.as('admin').put('/products/SKU-2').send({ name: 'Gadget', unitPrice: 500, currency: 'USD' }).expect(200);
  });

  it('keeps the prices an admin key sends (charged elsewhere already), a price of 0 included', async () => {
    const orderId = newOrderId();
    const lines = [{ sku: 'SKU-1', quantity: 2, unitPrice: 1 }, { sku: 'SKU-2', quantity: 1, unitPrice: 0 }];
    await api.as('admin').post('/orders').send(orderBody({ orderId, lines })).expect(201);
    expect((await orderLines(orderId)).lines).toEqual([
      { sku: 'SKU-1', quantity: 2, unitPrice: 1 },
      { sku: 'SKU-2', quantity: 1, unitPrice: 0 },
    ]);
  });
});

describe('totals: exact and bounded', () => {
  it('refuses 100 lines of 1,000,000 units at 100,000,000 with 422 ORDER.TOTAL_TOO_LARGE, before any payment is tried', async () => {
    const lines = Array.from({ length: 100 }, () => ({ sku: 'SKU-1', quantity: 1_000_000, unitPrice: 100_000_000 }));
    const res = await withoutAppend(api, api.as('admin').post('/orders').send(orderBody({ lines })));
    expectProblem(res, 422);
    expect(res.body).toMatchObject({
      code: 'ORDER.TOTAL_TOO_LARGE',
      details: { total: '10000000000000000', maxOrderTotal: 100_000_000_000, currency: 'USD' },
    });
  });

  it('takes an order up to the default ceiling of 10^11', async () => {
    const lines = [{ sku: 'SKU-1', quantity: 1_000, unitPrice: 99_999_999 }]; // 99,999,999,000 with free shipping
    await api.as('admin').post('/orders').send(orderBody({ lines })).expect(201);
  });

  it('follows OMS_MAX_ORDER_TOTAL', async () => {
    const small = await openTestApi({ env: { OMS_MAX_ORDER_TOTAL: '5000' } });
    try {
      await seedCatalog(small, { products: { 'SKU-1': 1999 } });
      await small.as('client').post('/orders').send(orderBody({ lines: [{ sku: 'SKU-1', quantity: 2 }] })).expect(201); // 3998 + 499
      const res = await withoutAppend(small, small.as('client').post('/orders').send(orderBody({ lines: [{ sku: 'SKU-1', quantity: 3 }] })));
      expect(res.body).toMatchObject({ status: 422, code: 'ORDER.TOTAL_TOO_LARGE', details: { total: '5997', maxOrderTotal: 5000 } });
    } finally {
      await small.close();
    }
  });
});

describe('payment methods: only what the gateway takes', () => {
  it('refuses invoice with 400 ORDER.UNSUPPORTED_PAYMENT_METHOD, naming the methods the gateway supports', async () => {
    const body = { ...orderBody(), payment: { method: 'invoice' } };
    const res = await withoutAppend(api, api.as('client').post('/orders').send(body));
    expectProblem(res, 400);
    expect(res.body).toMatchObject({
      code: 'ORDER.UNSUPPORTED_PAYMENT_METHOD',
      details: { method: 'invoice', supportedMethods: api.oms.ports.payments.supportedMethods },
    });
    expect(res.body.detail).toContain('card');
  });
});

describe('payment tokens in events written before the secret store', () => {
  it('are left out of /orders/{id}/history, /audit/events and /orders/{id}/state', async () => {
    const orderId = newOrderId();
    await api.as('client').post('/orders').send(orderBody({ orderId })).expect(201);
    const [placed] = await api.oms.events.readStream(`order-${orderId}`);
    const legacyId = newOrderId();
    const legacyData = { ...(placed!.data as object), orderId: legacyId, payment: { method: 'card', token: 'tok_legacy_4242' } };
    // Such events were written at version 1; today's are version 2 and carry no token.
    expect(placed!.metadata.schemaVersion).toBe(2);
    const legacyMetadata = { ...placed!.metadata, eventId: `legacy-${legacyId}`, schemaVersion: 1 };
    await api.oms.events.append(`order-${legacyId}`, [{ type: 'OrderPlaced', data: legacyData, metadata: legacyMetadata }]);
    await api.settled();

    const history = await api.as('auditor').get(`/orders/${legacyId}/history`).expect(200);
    expect(history.body.events[0].data.payment).toEqual({ method: 'card' });
    const log = await api.as('auditor').get('/audit/events?limit=500').expect(200);
    expect(log.body.items.some((item: { streamId: string }) => item.streamId === `order-${legacyId}`)).toBe(true);
    const state = await api.as('auditor').get(`/orders/${legacyId}/state?revision=0`).expect(200);
    for (const text of [history.text, log.text, state.text]) expect(text).not.toContain('tok_legacy_4242');
  });
});
