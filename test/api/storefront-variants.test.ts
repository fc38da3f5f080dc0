import { randomUUID } from 'node:crypto';
import { openTestApi, TestApi } from '../support/api-app';
import { locationBody } from '../support/api-fixtures';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrderJson, WOOCOMMERCE_SECRET, wooCommerceHeaders, wooCommerceOrderJson } from '../support/storefront-fixtures';

/* A storefront's variant, named by its own variant id or SKU, becomes the variant SKU the catalog maps it to. */

let api: TestApi;

const options = [{ name: 'Size', values: ['M', 'L'] }];

beforeAll(async () => {
  api = await openTestApi({ env: { OMS_SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET, OMS_WOOCOMMERCE_WEBHOOK_SECRET: WOOCOMMERCE_SECRET } });
  await api.as('admin').put('/locations/sv-1').send(locationBody(1, 'Main')).expect(201);
  await api.as('admin').put('/product-families/HOODIE').send({ name: 'Hoodie', currency: 'USD', options }).expect(201);
  // The fixture's first Shopify line is variant 481277366518010; WooCommerce names the item by its own SKU.
  await api
    .as('admin')
    .put('/product-families/HOODIE/variants/HOODIE-M')
    .send({ name: 'Hoodie M', unitPrice: 9900, optionValues: { Size: 'M' }, externalSkus: { shopify: '481277366518010', woocommerce: 'WC-HOOD-M' } })
    .expect(201);
  await api.as('admin').put('/product-families/HOODIE/variants/HOODIE-L').send({ name: 'Hoodie L', unitPrice: 4000, optionValues: { Size: 'L' } }).expect(201);
  await api.settled();
});
afterAll(() => api.close());

const linesOf = async (orderId: string) => {
  await api.settled();
  const { body } = await api.as('admin').get(`/orders/${orderId}`).expect(200);
  return (body.lines as { sku: string; quantity: number }[]).map(({ sku, quantity }) => ({ sku, quantity }));
};

it('maps a Shopify variant id to our variant SKU, whatever SKU the shop gave the variant', async () => {
  const body = shopifyOrderJson({ lines: [{ sku: 'SHOP-HOODIE-MEDIUM', quantity: 2, price: '99.00' }, { sku: 'HOODIE-L', quantity: 1, price: '40.00' }] });
  const res = await api.request.post('/integrations/shopify/webhooks').set(shopifyHeaders(body, 'orders/create', randomUUID())).send(body).expect(200);
  expect(await linesOf(res.body.orderId)).toEqual([
    { sku: 'HOODIE-M', quantity: 2 },
    { sku: 'HOODIE-L', quantity: 1 },
  ]);
});

it('maps a WooCommerce SKU the catalog knows the variant by, and keeps one it does not know (validation then rejects it)', async () => {
  const body = wooCommerceOrderJson({
    lines: [
      { sku: 'WC-HOOD-M', quantity: 2, subtotal: '198.00', total: '190.00' },
      { sku: 'WC-UNKNOWN', quantity: 1, subtotal: '40.00', total: '38.00' },
    ],
  });
  const res = await api.request.post('/integrations/woocommerce/webhooks').set(wooCommerceHeaders(body, 'order.created', randomUUID())).send(body).expect(200);
  expect(await linesOf(res.body.orderId)).toEqual([
    { sku: 'HOODIE-M', quantity: 2 },
    { sku: 'WC-UNKNOWN', quantity: 1 },
  ]);
});
