import { randomUUID } from 'node:crypto';
import { openTestApi, TestApi } from '../support/api-app';
import { labelFulfillment } from '../support/api-workflow';
import { countOrderEvents, expectProblem, orderBody, orderEventTypes, seedCatalog, withoutAppend } from '../support/api-fixtures';
import {
  bigPlatformId,
  SHOPIFY_SECRET,
  shopifyHeaders,
  shopifyOrderJson,
  WOOCOMMERCE_SECRET,
  wooCommerceHeaders,
  wooCommerceOrderJson,
} from '../support/storefront-fixtures';

/*
 * Orders from storefronts: each platform's signed webhook, delivered as the
 * platform delivers it (twice, under new delivery ids, out of order, at once,
 * tampered with), ends in exactly one order in the platform's channel, priced
 * to the cent as the customer paid, paid through the channel.
 */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi({ env: { OMS_SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET, OMS_WOOCOMMERCE_WEBHOOK_SECRET: WOOCOMMERCE_SECRET } });
  await seedCatalog(api, {
    products: { 'SKU-A': 9900, 'SKU-B': 4000 },
    locations: ['wh-1'],
    stock: [
      { locationId: 'wh-1', sku: 'SKU-A', quantity: 1000 },
      { locationId: 'wh-1', sku: 'SKU-B', quantity: 1000 },
    ],
  });
});
afterAll(() => api.close());

type Platform = {
  name: 'shopify' | 'woocommerce';
  path: string;
  /** A new order's payload with an id above 2^53; `cancelled`: as the platform sends it once cancelled. */
  order(options: { id: string; cancelled?: boolean; sku?: string; withAddress?: boolean }): string;
  created(body: string, deliveryId: string): Record<string, string>;
  cancelled(body: string, deliveryId: string): Record<string, string>;
  /** What the fixture's customer paid, in cents, and how it splits. */
  totals: { items: number; discount: number; shipping: number; tax: number; grand: number };
  /** The headers with the signature made with another secret. */
  forged(body: string): Record<string, string>;
  /** The payload with a line price that is not whole cents. */
  inexact(body: string): string;
};

const PLATFORMS: Platform[] = [
  {
    name: 'shopify',
    path: '/integrations/shopify/webhooks',
    order: ({ id, cancelled, sku, withAddress }) =>
      shopifyOrderJson({
        id,
        ...(cancelled ? { cancelled } : {}),
        ...(withAddress === false ? { withAddress } : {}),
        ...(sku ? { lines: [{ sku, quantity: 2, price: '99.00' }, { sku: 'SKU-B', quantity: 1, price: '40.00' }] } : {}),
      }),
    created: (body, id) => shopifyHeaders(body, 'orders/create', id),
    cancelled: (body, id) => shopifyHeaders(body, 'orders/cancelled', id),
    totals: { items: 23800, discount: 500, shipping: 1000, tax: 1923, grand: 26223 },
    forged: (body) => shopifyHeaders(body, 'orders/create', randomUUID(), 'not-the-secret'),
    inexact: (body) => body.replace(/"99\.00"/g, '"99.001"'),
  },
  {
    name: 'woocommerce',
    path: '/integrations/woocommerce/webhooks',
    order: ({ id, cancelled, sku, withAddress }) =>
      wooCommerceOrderJson({
        id,
        ...(cancelled ? { status: 'cancelled' } : {}),
        ...(withAddress === false ? { withAddress } : {}),
        ...(sku
          ? {
              lines: [
                { sku, quantity: 2, subtotal: '198.00', total: '190.00' },
                { sku: 'SKU-B', quantity: 1, subtotal: '40.00', total: '38.00' },
              ],
            }
          : {}),
      }),
    created: (body, id) => wooCommerceHeaders(body, 'order.created', id),
    cancelled: (body, id) => wooCommerceHeaders(body, 'order.updated', id),
    totals: { items: 23800, discount: 1000, shipping: 490, tax: 1530, grand: 24820 },
    forged: (body) => wooCommerceHeaders(body, 'order.created', randomUUID(), 'not-the-secret'),
    inexact: (body) => body.replace('"198.00"', '"198.001"'),
  },
];

const deliver = (platform: Platform, body: string, headers: Record<string, string>) => api.request.post(platform.path).set(headers).send(body);

const orderView = async (orderId: string) => {
  await api.settled();
  return (await api.as('admin').get(`/orders/${orderId}`).expect(200)).body;
};

const ordersOf = async (channel: string, externalRef: string) => {
  await api.settled();
  const { body } = await api.as('admin').get(`/orders?channel=${channel}&limit=500`).expect(200);
  return (body.items as { externalRef: string | null; orderId: string }[]).filter((o) => o.externalRef === externalRef);
};

describe.each(PLATFORMS)('$name order webhooks', (platform) => {
  it('places the order in its channel, the platform id exact, priced as the customer paid, paid through the channel', async () => {
    const id = bigPlatformId();
    const res = await deliver(platform, platform.order({ id }), platform.created(platform.order({ id }), randomUUID())).expect(200);
    expect(res.body).toMatchObject({ outcome: 'placed', orderId: expect.any(String) });

    const order = await orderView(res.body.orderId);
    expect(order).toMatchObject({
      channel: platform.name,
      externalRef: id,
      currency: 'USD',
      lines: [
        { sku: 'SKU-A', quantity: 2, unitPrice: 9900 },
        { sku: 'SKU-B', quantity: 1, unitPrice: 4000 },
      ],
      totals: platform.totals,
      payment: { method: 'external', status: 'external', authorizedAmount: 0, capturedAmount: 0 },
      shippingAddress: { country: 'US' },
    });
    // Validated and allocated without our gateway: it never saw this order.
    expect(order.status).toBe('allocated');
    const types = await orderEventTypes(api, res.body.orderId);
    expect(types).toEqual(expect.arrayContaining(['OrderPlaced', 'OrderValidated', 'InventoryAllocated']));
    expect(types).not.toContain('PaymentAuthorized');
    expect(types).not.toContain('PaymentFailed');
  });

  it('changes nothing when the same delivery comes again, or the same order under another delivery id', async () => {
    const id = bigPlatformId();
    const body = platform.order({ id });
    const deliveryId = randomUUID();
    const first = await deliver(platform, body, platform.created(body, deliveryId)).expect(200);
    await api.settled();

    const again = await withoutAppend(api, deliver(platform, body, platform.created(body, deliveryId)));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ outcome: 'already_placed', orderId: first.body.orderId });
    const redelivered = await withoutAppend(api, deliver(platform, body, platform.created(body, randomUUID())));
    expect(redelivered.body).toEqual({ outcome: 'already_placed', orderId: first.body.orderId });
    expect(await ordersOf(platform.name, id)).toHaveLength(1);
  });

  it('places exactly one order when deliveries of it arrive at once', async () => {
    const id = bigPlatformId();
    const body = platform.order({ id });
    const answers = await Promise.all(Array.from({ length: 6 }, () => deliver(platform, body, platform.created(body, randomUUID()))));
    expect(answers.map((res) => res.status)).toEqual(Array(6).fill(200));
    expect(answers.filter((res) => res.body.outcome === 'placed')).toHaveLength(1);
    expect(new Set(answers.map((res) => res.body.orderId)).size).toBe(1);
    expect(await countOrderEvents(api, answers[0]!.body.orderId, 'OrderPlaced')).toBe(1);
    expect(await ordersOf(platform.name, id)).toHaveLength(1);
  });

  it('cancels the order, once, however often the cancellation comes', async () => {
    const id = bigPlatformId();
    const placed = await deliver(platform, platform.order({ id }), platform.created(platform.order({ id }), randomUUID())).expect(200);
    const cancelledBody = platform.order({ id, cancelled: true });
    const deliveryId = randomUUID();
    const cancel = await deliver(platform, cancelledBody, platform.cancelled(cancelledBody, deliveryId)).expect(200);
    expect(cancel.body).toEqual({ outcome: 'cancelled', orderId: placed.body.orderId });
    const again = await withoutAppend(api, deliver(platform, cancelledBody, platform.cancelled(cancelledBody, deliveryId)));
    expect(again.body).toEqual({ outcome: 'already_cancelled', orderId: placed.body.orderId });
    expect((await orderView(placed.body.orderId)).status).toBe('cancelled');
    expect(await countOrderEvents(api, placed.body.orderId, 'OrderCancelled')).toBe(1);
  });

  it('takes a cancellation that arrives before its order: the late creation finds it cancelled', async () => {
    const id = bigPlatformId();
    const cancelledBody = platform.order({ id, cancelled: true });
    const cancel = await deliver(platform, cancelledBody, platform.cancelled(cancelledBody, randomUUID())).expect(200);
    expect(cancel.body.outcome).toBe('cancelled');
    const create = await deliver(platform, platform.order({ id }), platform.created(platform.order({ id }), randomUUID())).expect(200);
    expect(create.body).toEqual({ outcome: 'already_placed', orderId: cancel.body.orderId });
    const order = await orderView(cancel.body.orderId);
    expect(order).toMatchObject({ status: 'cancelled', externalRef: id });
    expect(await orderEventTypes(api, cancel.body.orderId)).not.toContain('InventoryAllocated');
  });

  it('ships without a capture of ours, and answers a late cancellation with not_cancelled, the order still shipped', async () => {
    const id = bigPlatformId();
    const placed = await deliver(platform, platform.order({ id }), platform.created(platform.order({ id }), randomUUID())).expect(200);
    const { orderId } = placed.body;
    await orderView(orderId);
    const base = `/orders/${orderId}/fulfillments/F1`;
    await api.as('warehouse').post(`${base}/picked`).expect(200);
    await api.as('warehouse').post(`${base}/packed`).expect(200);
    await api.settled();
    await labelFulfillment(api.oms, orderId, 'F1');
    await api.as('warehouse').post(`${base}/shipped`).expect(200);

    const cancelledBody = platform.order({ id, cancelled: true });
    const cancel = await deliver(platform, cancelledBody, platform.cancelled(cancelledBody, randomUUID())).expect(200);
    expect(cancel.body).toMatchObject({ outcome: 'not_cancelled', orderId, reason: expect.stringContaining('shipped') });
    const order = await orderView(orderId);
    expect(order).toMatchObject({ status: 'shipped', payment: { status: 'external', capturedAmount: 0 } });
    expect(await orderEventTypes(api, orderId)).not.toContain('PaymentCaptured');
  });

  it('records an order naming a SKU we do not sell, or without an address, and rejects it with its reasons', async () => {
    const skuBody = platform.order({ id: bigPlatformId(), sku: 'NOT-OURS' });
    const sku = await deliver(platform, skuBody, platform.created(skuBody, randomUUID())).expect(200);
    const addressBody = platform.order({ id: bigPlatformId(), withAddress: false });
    const address = await deliver(platform, addressBody, platform.created(addressBody, randomUUID())).expect(200);

    const skuOrder = await orderView(sku.body.orderId);
    expect(skuOrder.status).toBe('rejected');
    expect(skuOrder.rejectionReasons).toEqual([expect.objectContaining({ code: 'UNKNOWN_SKU', path: 'lines[0].sku' })]);
    const addressOrder = await orderView(address.body.orderId);
    expect(addressOrder.status).toBe('rejected');
    expect(addressOrder.rejectionReasons.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['MISSING_ADDRESS_LINE', 'MISSING_POSTAL_CODE']));
  });

  it('refuses a tampered body, a forged signature and no signature with 401, appending nothing', async () => {
    const body = platform.order({ id: bigPlatformId() });
    const headers = platform.created(body, randomUUID());
    const tampered = body.replace('"quantity": 2,', '"quantity": 20,');
    expect(tampered).not.toBe(body);
    const unsigned = Object.fromEntries(Object.entries(headers).filter(([name]) => !/signature|hmac/i.test(name)));
    for (const [sent, sentHeaders] of [
      [tampered, headers],
      [body, platform.forged(body)],
      [body, unsigned],
    ] as const) {
      const res = await withoutAppend(api, deliver(platform, sent, sentHeaders));
      expectProblem(res, 401);
      expect(res.body.code).toBe('INTEGRATION.INVALID_SIGNATURE');
    }
  });

  it('answers 200 and appends nothing for a topic it does not take, and for an amount that is not whole cents', async () => {
    const body = platform.order({ id: bigPlatformId() });
    const headers = { ...platform.created(body, randomUUID()) };
    const topicHeader = Object.keys(headers).find((name) => /topic/i.test(name))!;
    const otherTopic = { ...headers, [topicHeader]: platform.name === 'shopify' ? 'orders/updated' : 'order.deleted' };
    const ignored = await withoutAppend(api, deliver(platform, body, otherTopic));
    expect(ignored.status).toBe(200);
    expect(ignored.body).toMatchObject({ outcome: 'ignored', orderId: null, reason: expect.stringContaining('topic') });

    const inexact = platform.inexact(body);
    expect(inexact).not.toBe(body);
    const res = await withoutAppend(api, deliver(platform, inexact, platform.created(inexact, randomUUID())));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('.001') });
  });
});

describe('WooCommerce specifics', () => {
  const woo = PLATFORMS[1]!;

  it('answers the unsigned form-encoded ping sent when a webhook is created, appending nothing', async () => {
    const res = await withoutAppend(
      api,
      api.request.post(woo.path).set('Content-Type', 'application/x-www-form-urlencoded').set('X-WC-Webhook-ID', '3').send('webhook_id=3'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ outcome: 'ping', orderId: null });
  });

  it('takes only cancellations from order.updated', async () => {
    const id = bigPlatformId();
    const placed = await deliver(woo, woo.order({ id }), woo.created(woo.order({ id }), randomUUID())).expect(200);
    const completed = wooCommerceOrderJson({ id, status: 'completed' });
    const res = await withoutAppend(api, deliver(woo, completed, wooCommerceHeaders(completed, 'order.updated', randomUUID())));
    expect(res.body).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('completed') });
    expect((await orderView(placed.body.orderId)).status).not.toBe('cancelled');
  });
});

describe('a payment taken by the channel', () => {
  it.each(['client', 'admin'] as const)('cannot be claimed by a %s key: only the integrations place such orders', async (key) => {
    const body = orderBody({ lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const res = await withoutAppend(api, api.as(key).post('/orders').send({ ...body, payment: { method: 'external' } }));
    expectProblem(res, 400);
    expect(res.body.code).toBe('ORDER.UNSUPPORTED_PAYMENT_METHOD');
  });
});

describe('an integration without its secret', () => {
  let plain: TestApi;
  beforeAll(async () => {
    plain = await openTestApi();
  });
  afterAll(() => plain.close());

  it.each(PLATFORMS)('$name answers 404 INTEGRATION.NOT_ENABLED, whatever it is sent', async (platform) => {
    const body = platform.order({ id: bigPlatformId() });
    const res = await plain.request.post(platform.path).set(platform.created(body, randomUUID())).send(body);
    expectProblem(res, 404);
    expect(res.body.code).toBe('INTEGRATION.NOT_ENABLED');
    expect(await plain.head()).toBe(0n);
  });
});
