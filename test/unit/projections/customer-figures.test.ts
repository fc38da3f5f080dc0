import { DocumentStore } from '../../../src/infrastructure/documents/document-store';
import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';
import { CUSTOMERS_COLLECTION } from '../../../src/projections/read-models/customer-figures';
import { ordersProjection } from '../../../src/projections/read-models/orders.projection';
import { CustomerQueries } from '../../../src/queries/customer-queries';
import { at, orderIdOf, OrderStory } from './support/order-story';
import { busyWeek } from './support/scenario';

describe('customers read model', () => {
  let story: OrderStory;
  let customers: CustomerQueries;
  beforeAll(async () => {
    story = await OrderStory.open();
    await busyWeek(story);
    // The same customer also buys by phone, in another currency.
    await story.place(orderIdOf(20), { at: at(7, 0), channel: 'phone', currency: 'EUR', lines: [{ sku: 'SKU-A', quantity: 1, unitPrice: 900 }] });
    await story.project();
    customers = new CustomerQueries(story.documents);
  });
  afterAll(() => story.close());

  it('counts every order of the customer, values the ones not lost, and counts the ones still under way', async () => {
    // cust-1: delivered 30.00, backordered 25.00 (open), cancelled, rejected, payment failed (web); 14.00 EUR placed (phone).
    expect(await customers.get('cust-1', null)).toEqual({
      customerId: 'cust-1',
      email: 'ada@example.com',
      name: 'Ada',
      phone: null,
      ordersCount: 6,
      lifetimeValue: { USD: 5500, EUR: 1400 },
      firstOrderAt: at(3, 0),
      lastOrderAt: at(7, 0),
      openOrders: 2,
      returnsCount: 0,
    });
    expect(await customers.get('cust-2', null)).toMatchObject({ ordersCount: 1, lifetimeValue: { USD: 5500 }, openOrders: 1 });
  });

  it("shows a channel's key the customer's orders in that channel only, and nothing of a channel the customer never used", async () => {
    expect(await customers.get('cust-1', 'web')).toMatchObject({
      ordersCount: 5,
      lifetimeValue: { USD: 5500 },
      firstOrderAt: at(3, 0),
      lastOrderAt: at(5, 40),
      openOrders: 1,
    });
    expect(await customers.get('cust-1', 'phone')).toMatchObject({ ordersCount: 1, lifetimeValue: { EUR: 1400 }, openOrders: 1 });
    expect(await customers.get('cust-1', 'marketplace')).toBeNull();
    expect(await customers.get('nobody', null)).toBeNull();
  });

  it('comes out the same applied one event per commit as in one pass', async () => {
    const scratch = await SqliteDocumentStore.open(':memory:');
    try {
      await story.runner({ projections: [ordersProjection], documents: scratch, batchSize: 1, eventsPerCommit: 1 }).catchUp();
      const all = async (store: DocumentStore) => (await store.find(CUSTOMERS_COLLECTION, { limit: 500 })).items;
      expect(await all(scratch)).toEqual(await all(story.documents));
    } finally {
      await scratch.close();
    }
  });
});
