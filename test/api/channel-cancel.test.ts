import { randomUUID } from 'node:crypto';
import { openTestApi, TestApi } from '../support/api-app';
import { seedCatalog } from '../support/api-fixtures';
import { bigPlatformId, SHOPIFY_SECRET, shopifyHeaders, shopifyOrderJson } from '../support/storefront-fixtures';
import { startShopifyServer, StorefrontServer } from '../integrations/channels/storefront-servers';

/*
 * A storefront order cancelled in the OMS is cancelled in the storefront, the
 * one that took the payment, once; one the storefront cancelled is not told.
 */

const TOKEN = 'shpat_admin_token';
let api: TestApi;
let shopify: StorefrontServer;

beforeAll(async () => {
  shopify = await startShopifyServer(TOKEN);
  api = await openTestApi({
    env: { OMS_SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET, OMS_SHOPIFY_SHOP: shopify.url, OMS_SHOPIFY_ADMIN_TOKEN: TOKEN },
  });
  await seedCatalog(api, {
    products: { 'SKU-A': 9900, 'SKU-B': 4000 },
    locations: ['wh-1'],
    stock: [
      { locationId: 'wh-1', sku: 'SKU-A', quantity: 100 },
      { locationId: 'wh-1', sku: 'SKU-B', quantity: 100 },
    ],
  });
});
afterAll(async () => {
  await api.close();
  await shopify.close();
});

const placeFromShopify = async (id: string): Promise<string> => {
  const body = shopifyOrderJson({ id });
  const res = await api.request.post('/integrations/shopify/webhooks').set(shopifyHeaders(body, 'orders/create', randomUUID())).send(body).expect(200);
  shopify.orders.set(id, 'open');
  await api.settled();
  return res.body.orderId as string;
};
const cancelCalls = (id: string) => shopify.calls.filter((call) => call.path === `/admin/api/2024-10/orders/${id}/cancel.json`);

describe('a Shopify order cancelled in the OMS', () => {
  it('by an admin: Shopify is asked to cancel it once, however often the cancellation is repeated', async () => {
    const id = bigPlatformId();
    const orderId = await placeFromShopify(id);
    await api.as('admin').post(`/orders/${orderId}/cancel`).send({ reason: 'customer called' }).expect(200);
    await api.settled();
    await api.as('admin').post(`/orders/${orderId}/cancel`).send({ reason: 'customer called' });
    await api.settled();
    expect(cancelCalls(id)).toHaveLength(1);
    expect(shopify.orders.get(id)).toBe('cancelled');
  });

  it('by Shopify itself (its cancellation webhook): Shopify is not called back', async () => {
    const id = bigPlatformId();
    await placeFromShopify(id);
    const cancelled = shopifyOrderJson({ id, cancelled: true });
    await api.request.post('/integrations/shopify/webhooks').set(shopifyHeaders(cancelled, 'orders/cancelled', randomUUID())).send(cancelled).expect(200);
    await api.settled();
    expect(cancelCalls(id)).toEqual([]);
  });
});
