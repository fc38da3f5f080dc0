import { openTestApi, TestApi } from '../support/api-app';
import { labelledOrder } from '../support/api-workflow';
import { expectProblem, placeOrder, seedCatalog } from '../support/api-fixtures';
import { FakeEasyPost } from '../support/fake-easypost';

const API_KEY = 'EZTK-api-test-0123456789';
const quoteBody = (overrides: Record<string, unknown> = {}) => ({
  lines: [{ sku: 'SKU-1', quantity: 2 }],
  shippingAddress: { name: 'A', line1: '1 Main St', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
  currency: 'USD',
  ...overrides,
});

describe('POST /shipping/quotes with the sandbox only', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi();
    await seedCatalog(api, { products: { 'SKU-1': 1000 }, locations: ['wh-1'] });
    await api.settled();
  });
  afterAll(() => api.close());

  it('quotes every sandbox service, cheapest first, for client and admin', async () => {
    for (const key of ['client', 'admin'] as const) {
      const res = await api.as(key).post('/shipping/quotes').send(quoteBody()).expect(200);
      expect(res.body.quotes.map((q: { service: string }) => q.service)).toEqual(['pickup', 'standard', 'express', 'next_day']);
      expect(res.body.quotes[1]).toEqual({
        carrier: 'sandbox-post',
        service: 'standard',
        amount: 499,
        currency: 'USD',
        estimatedDeliveryDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
    }
  });

  it('refuses bad input with 400, nothing quoted', async () => {
    expectProblem(await api.as('client').post('/shipping/quotes').send(quoteBody({ lines: [] })), 400);
    expectProblem(await api.as('client').post('/shipping/quotes').send(quoteBody({ currency: 'dollars' })), 400);
    const res = await api.as('client').post('/shipping/quotes').send(quoteBody({ shippingAddress: { ...quoteBody().shippingAddress, postalCode: ' ' } }));
    expectProblem(res, 400);
    const unknown = await api.as('client').post('/shipping/quotes').send(quoteBody({ lines: [{ sku: 'SKU-1', quantity: 1 }, { sku: 'NOPE-1', quantity: 1 }] }));
    expectProblem(unknown, 400);
    expect(unknown.body).toMatchObject({ code: 'SHIPPING.UNKNOWN_SKU', errors: [{ path: 'lines.1.sku' }] });
  });

  it('is not for the warehouse', async () => {
    expectProblem(await api.as('warehouse').post('/shipping/quotes').send(quoteBody()), 403);
  });
});

describe('with EasyPost configured', () => {
  let api: TestApi;
  let fake: FakeEasyPost;
  beforeAll(async () => {
    fake = await new FakeEasyPost(API_KEY).start();
    api = await openTestApi({ env: { OMS_EASYPOST_API_KEY: API_KEY, OMS_EASYPOST_API_URL: fake.url, OMS_EASYPOST_FROM_STREETS: 'wh-1=1 Depot Rd' } });
    await seedCatalog(api, { products: { 'SKU-1': 1000 }, locations: ['wh-1'], stock: [{ locationId: 'wh-1', sku: 'SKU-1', quantity: 50 }] });
    await api.settled();
  });
  afterAll(async () => {
    await api.close();
    await fake.stop();
  });

  it('quotes from the sandbox and EasyPost together, cheapest first', async () => {
    const res = await api.as('client').post('/shipping/quotes').send(quoteBody()).expect(200);
    const carriers = new Set(res.body.quotes.map((q: { carrier: string }) => q.carrier));
    expect(carriers).toEqual(new Set(['sandbox-post', 'USPS', 'UPS']));
    const amounts = res.body.quotes.map((q: { amount: number }) => q.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    expect(fake.purchases()).toHaveLength(0);
  });

  it('still quotes from the sandbox while EasyPost is down', async () => {
    fake.failNext(503, { error: { code: 'SERVICE.UNAVAILABLE', message: 'Service unavailable', errors: [] } });
    const res = await api.as('client').post('/shipping/quotes').send(quoteBody()).expect(200);
    expect(new Set(res.body.quotes.map((q: { carrier: string }) => q.carrier))).toEqual(new Set(['sandbox-post']));
  });

  it('buys the label through EasyPost and shows its estimated delivery', async () => {
    const { orderId } = await labelledOrder(api);
    const f = (await api.as('admin').get(`/orders/${orderId}`).expect(200)).body.fulfillments[0];
    expect(f.shipment).toMatchObject({ carrier: 'USPS', service: 'standard', cost: 593, trackingNumber: expect.stringMatching(/^EZ/) });
    expect(f.estimatedDeliveryDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const create = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/shipments').at(-1)!;
    expect(create.body).toMatchObject({ shipment: { reference: `label:${orderId}:F1`, from_address: { street1: '1 Depot Rd', zip: '62701' } } });
  });

  it('records an address EasyPost cannot verify as a label exception on the order, not a stuck job', async () => {
    const { orderId } = await placeOrder(api);
    await api.settled();
    // The test double refuses this street, as EasyPost refuses an address it cannot find.
    fake.failNext(
      422,
      { error: { code: 'ADDRESS.VERIFY.FAILURE', message: 'Unable to verify address.', errors: [{ field: 'street1', message: 'House number is missing', suggestion: null }] } },
      (method, path) => method === 'POST' && path === '/v2/shipments',
    );
    await api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/picked`).expect(200);
    await api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/packed`).expect(200);
    await api.settled();
    const order = (await api.as('admin').get(`/orders/${orderId}`).expect(200)).body;
    expect(order.status).toBe('packed');
    expect(order.fulfillments[0].shipment).toBeNull();
    expect(order.fulfillments[0].exception).toMatchObject({ stage: 'label', code: 'CARRIER.ADDRESS_REJECTED', reason: expect.stringContaining('House number is missing') });
    const alerts = (await api.oms.metrics.deliveryExceptions.get()).values.find((v) => v.labels.code === 'CARRIER.ADDRESS_REJECTED');
    expect(alerts?.value).toBe(1);
    expect((await api.oms.jobs.counts()).failed).toBe(0);
  });
});
