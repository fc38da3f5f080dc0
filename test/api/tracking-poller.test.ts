import { SHIPMENTS_COLLECTION, ShipmentLookup } from '../../src/projections/read-models/tracking.projection';
import { openTestApi, TestApi } from '../support/api-app';
import { labelledOrder } from '../support/api-workflow';
import { orderEventTypes, seedCatalog } from '../support/api-fixtures';

const STEP_MS = 60_000;

describe('Tracking poller (sandbox carrier)', () => {
  let api: TestApi;
  // Whole seconds: the sandbox stamps its tracking numbers to the second.
  let now = Math.floor(Date.now() / 1000) * 1000;
  const tick = (ms: number) => (now += ms);

  beforeAll(async () => {
    api = await openTestApi({ now: () => new Date(now), env: { OMS_SANDBOX_TRACKING_STEP_SECONDS: String(STEP_MS / 1000) } });
    await seedCatalog(api, { products: { 'SKU-1': 1000 }, locations: ['wh-1'], stock: [{ locationId: 'wh-1', sku: 'SKU-1', quantity: 100 }] });
  });
  afterAll(() => api.close());
  afterEach(() => jest.restoreAllMocks());


  const order = async (orderId: string) => {
    await api.settled();
    return (await api.as('admin').get(`/orders/${orderId}`).expect(200)).body;
  };

  const poll = async () => {
    const outcome = await api.oms.trackingPoller.pollOnce();
    await api.settled();
    return outcome;
  };

  it('moves a shipped order through in transit and out for delivery to delivered, one step at a time', async () => {
    const { orderId } = await labelledOrder(api);
    await poll();
    let o = await order(orderId);
    expect(o.fulfillments[0].status).toBe('packed');
    expect(o.fulfillments[0].shipment.status).toBe('label_created');

    tick(STEP_MS);
    await poll();
    o = await order(orderId);
    expect(o.fulfillments[0].status).toBe('shipped');
    expect(o.fulfillments[0].shipment.status).toBe('in_transit');

    const before = await orderEventTypes(api, orderId);
    await poll();
    expect(await orderEventTypes(api, orderId)).toEqual(before);

    tick(STEP_MS);
    await poll();
    expect((await order(orderId)).fulfillments[0].shipment.status).toBe('out_for_delivery');

    tick(STEP_MS);
    await poll();
    o = await order(orderId);
    expect(o.fulfillments[0].status).toBe('delivered');
    expect(o.fulfillments[0].shipment.status).toBe('delivered');
    expect(o.status).toBe('delivered');
  });

  it('records the whole journey, oldest first, when a pass comes late', async () => {
    const { orderId } = await labelledOrder(api);
    const before = await orderEventTypes(api, orderId);
    tick(10 * STEP_MS);
    const outcome = await poll();
    expect(outcome.appended).toBeGreaterThanOrEqual(3);
    const added = (await orderEventTypes(api, orderId)).slice(before.length);
    expect(added.filter((type) => ['FulfillmentShipped', 'ShipmentTrackingUpdated', 'FulfillmentDelivered'].includes(type))).toEqual([
      'FulfillmentShipped',
      'ShipmentTrackingUpdated',
      'ShipmentTrackingUpdated',
      'FulfillmentDelivered',
    ]);
    expect((await order(orderId)).status).toBe('delivered');
  });

  it('no longer asks about a delivered shipment', async () => {
    const { orderId, trackingNumber } = await labelledOrder(api);
    tick(3 * STEP_MS);
    await poll();
    expect((await order(orderId)).status).toBe('delivered');
    const lookup = await api.oms.documents.get<ShipmentLookup>(SHIPMENTS_COLLECTION, trackingNumber);
    expect(lookup).toMatchObject({ orderId, fulfillmentId: 'F1', open: false });

    const track = jest.spyOn(api.oms.ports.carrier, 'track');
    const events = await orderEventTypes(api, orderId);
    await poll();
    expect(track.mock.calls.map(([number]) => number)).not.toContain(trackingNumber);
    expect(await orderEventTypes(api, orderId)).toEqual(events);
  });

  it('logs a carrier error on one shipment and follows the others in the same pass', async () => {
    const failing = await labelledOrder(api);
    const healthy = await labelledOrder(api);
    const carrier = api.oms.ports.carrier;
    const track = carrier.track.bind(carrier);
    jest.spyOn(carrier, 'track').mockImplementation((number) =>
      number === failing.trackingNumber ? Promise.reject(new Error('carrier down')) : track(number),
    );
    tick(STEP_MS);
    const outcome = await poll();
    expect(outcome.failed).toBe(1);
    expect((await order(healthy.orderId)).fulfillments[0].shipment.status).toBe('in_transit');
    expect((await order(failing.orderId)).fulfillments[0].shipment.status).toBe('label_created');

    jest.restoreAllMocks();
    await poll();
    expect((await order(failing.orderId)).fulfillments[0].shipment.status).not.toBe('label_created');
  });
});
