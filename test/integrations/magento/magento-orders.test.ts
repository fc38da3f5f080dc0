import { randomUUID } from 'node:crypto';
import { MagentoClient } from '../../../src/integrations/magento/magento-client';
import { documentMagentoCursors, integrationCursors } from '../../../src/integrations/magento/magento-cursors';
import { magentoIntake } from '../../../src/integrations/magento/magento-intake';
import { MagentoPuller } from '../../../src/integrations/magento/magento-puller';
import { storefrontOrderId } from '../../../src/integrations/intake/storefront-order';
import { silentLogger } from '../../../src/infrastructure/observability/logger';
import { openTestApi, TestApi } from '../../support/api-app';
import { orderEventTypes, seedCatalog } from '../../support/api-fixtures';
import { magentoOrder } from './magento-fixtures';
import { MagentoServer, startMagentoServer } from './magento-server';

/*
 * Orders pulled from a Magento store become OMS orders in channel `magento`,
 * priced to the cent as the customer paid, paid through Magento, each one
 * exactly once however often it is pulled, and cancelled when Magento
 * cancels them.
 */

let api: TestApi;
let magento: MagentoServer;

beforeAll(async () => {
  magento = await startMagentoServer();
  api = await openTestApi();
  await api.oms.documents.ensureCollections([integrationCursors]);
  await seedCatalog(api, {
    products: { 'MJ01-M-Red': 2000, 'WS03-XS-Blue': 2900 },
    locations: ['wh-1'],
    stock: [
      { locationId: 'wh-1', sku: 'MJ01-M-Red', quantity: 100 },
      { locationId: 'wh-1', sku: 'WS03-XS-Blue', quantity: 100 },
    ],
  });
});
afterAll(async () => {
  await api.close();
  await magento.close();
});
beforeEach(() => {
  magento.orders.length = 0;
});

/** A pull as the Magento worker runs it, from the cursor kept in the document store (a fresh name per test). */
const pull = (cursorOwner = { documents: api.oms.documents }) =>
  new MagentoPuller({
    client: new MagentoClient({ baseUrl: magento.url, token: magento.token, pageSize: 2 }),
    cursors: documentMagentoCursors(cursorOwner.documents),
    intake: magentoIntake({ placeOrder: api.oms.placeOrder, handlers: api.oms.handlers, now: api.oms.now, queries: api.oms.queries }, silentLogger()),
    startAt: () => '2026-12-01 00:00:00',
    sleep: async () => undefined,
    logger: silentLogger(),
  }).pullOnce();

const forgetCursor = () => api.oms.documents.delete(integrationCursors.name, 'magento');

/** Entity ids unique across the suite: every test's orders are new to the OMS. */
let nextEntityId = 1_000;
const entityId = () => ++nextEntityId;

const orderOf = async (id: number) => {
  await api.settled();
  const res = await api.as('admin').get(`/orders/${storefrontOrderId('magento', String(id))}`).expect(200);
  return res.body;
};

describe('orders pulled from Magento', () => {
  beforeEach(forgetCursor);

  it('become orders in channel magento, with the totals the customer paid and the payment taken by Magento', async () => {
    const id = entityId();
    magento.orders.push(magentoOrder({ entity_id: id, updated_at: '2026-12-01 10:00:00' }));
    await pull();
    const order = await orderOf(id);
    expect(order).toMatchObject({ channel: 'magento', externalRef: String(id), currency: 'USD' });
    expect(order.totals).toMatchObject({ items: 4000, discount: 450, shipping: 1000, grand: 4550 });
    expect(order.lines).toEqual([expect.objectContaining({ sku: 'MJ01-M-Red', quantity: 2, unitPrice: 2000 })]);
    expect(order.payment).toMatchObject({ method: 'external' });
    expect(order.shippingAddress).toMatchObject({ line1: '6146 Honey Bluff Parkway', postalCode: '49628-7978', country: 'US' });
  });

  it('is one order however often it is pulled: a lost cursor pulls everything again and appends nothing', async () => {
    const ids = [entityId(), entityId(), entityId()];
    magento.orders.push(...ids.map((id) => magentoOrder({ entity_id: id, updated_at: '2026-12-01 11:00:00' })));
    await pull();
    await api.settled();
    const head = await api.head();
    await forgetCursor();
    expect(await pull()).toBe(3);
    await api.settled();
    expect(await api.head()).toBe(head);
  });

  it('goes on from the stored cursor in a new process: only what changed since is pulled', async () => {
    const first = entityId();
    magento.orders.push(magentoOrder({ entity_id: first, updated_at: '2026-12-01 12:00:00' }));
    await pull();
    const second = entityId();
    magento.orders.push(magentoOrder({ entity_id: second, updated_at: '2026-12-01 12:00:00' }));
    expect(await pull()).toBe(1);
    expect((await orderOf(second)).channel).toBe('magento');
  });

  it('is cancelled when Magento cancels it, once', async () => {
    const id = entityId();
    const order = magentoOrder({ entity_id: id, updated_at: '2026-12-01 13:00:00' });
    magento.orders.push(order);
    await pull();
    Object.assign(order, { state: 'canceled', status: 'canceled', updated_at: '2026-12-01 13:05:00' });
    await pull();
    await forgetCursor();
    await pull();
    expect((await orderOf(id)).status).toBe('cancelled');
    const events = await orderEventTypes(api, storefrontOrderId('magento', String(id)));
    expect(events.filter((type) => type === 'OrderCancelled')).toHaveLength(1);
  });

  it('takes a configurable product as one line: the child SKU at the parent line\'s price', async () => {
    const id = entityId();
    magento.orders.push(
      magentoOrder({
        entity_id: id,
        updated_at: '2026-12-01 14:00:00',
        grand_total: 39,
        subtotal: 29,
        discount_amount: 0,
        shipping_amount: 10,
        items: [
          { item_id: 1, sku: 'WS03-XS-Blue', name: 'Iris Workout Top', product_type: 'configurable', qty_ordered: 1, price: 29, discount_amount: 0 },
          { item_id: 2, parent_item_id: 1, sku: 'WS03-XS-Blue', name: 'Iris Workout Top-XS-Blue', product_type: 'simple', qty_ordered: 1, price: 0, discount_amount: 0 },
        ],
      }),
    );
    await pull();
    const order = await orderOf(id);
    expect(order.lines).toEqual([expect.objectContaining({ sku: 'WS03-XS-Blue', quantity: 1, unitPrice: 2900 })]);
    expect(order.totals.grand).toBe(3900);
  });

  it('records an order it cannot fulfil (an unknown SKU, no shipping address) and rejects it with the reasons', async () => {
    const id = entityId();
    const order = magentoOrder({ entity_id: id, updated_at: '2026-12-01 15:00:00', extension_attributes: { shipping_assignments: [] } });
    (order.items as Record<string, unknown>[])[0]!.sku = `NOT-SOLD-${randomUUID().slice(0, 6)}`;
    magento.orders.push(order);
    await pull();
    const rejected = await orderOf(id);
    expect(rejected.status).toBe('rejected');
    const reasons = (rejected.rejectionReasons as { code: string; path: string | null }[]).map((reason) => reason.path);
    expect(reasons).toEqual(expect.arrayContaining(['lines[0].sku', expect.stringMatching(/^shippingAddress\./)]));
  });
});
