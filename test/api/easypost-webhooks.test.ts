import { createHmac } from 'node:crypto';
import { orderStreamId } from '../../src/domain/order';
import { openTestApi, TestApi } from '../support/api-app';
import { labelledOrder } from '../support/api-workflow';
import { countOrderEvents, expectProblem, orderEventTypes, seedCatalog } from '../support/api-fixtures';

// "ﬁ" is one character that NFKD turns into "fi": a signature over the raw secret would not match.
const SECRET = 'whsec_ﬁle-0123456789';
const PATH = '/integrations/easypost/webhooks';

const signed = (body: string, secret = SECRET.normalize('NFKD')) =>
  `hmac-sha256-hex=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`;

const trackerEvent = (trackingCode: string, status: string, message = status, description = 'tracker.updated') =>
  JSON.stringify({
    object: 'Event',
    id: `evt_${status}`,
    description,
    mode: 'test',
    result: {
      id: 'trk_0123456789abcdef0123456789abcdef',
      object: 'Tracker',
      mode: 'test',
      tracking_code: trackingCode,
      status,
      est_delivery_date: '2026-03-05T00:00:00Z',
      tracking_details: [{ object: 'TrackingDetail', status, message, datetime: '2026-03-02T10:00:00Z' }],
    },
  });

describe('POST /integrations/easypost/webhooks', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await openTestApi({ env: { OMS_EASYPOST_WEBHOOK_SECRET: SECRET } });
    await seedCatalog(api, { products: { 'SKU-1': 1000 }, locations: ['wh-1'], stock: [{ locationId: 'wh-1', sku: 'SKU-1', quantity: 100 }] });
  });
  afterAll(() => api.close());


  const post = (body: string, signature: string | null = signed(body)) => {
    const request = api.request.post(PATH).set('content-type', 'application/json');
    return (signature === null ? request : request.set('x-hmac-signature', signature)).send(body);
  };

  const fulfilment = async (orderId: string) => {
    await api.settled();
    return (await api.as('admin').get(`/orders/${orderId}`).expect(200)).body.fulfillments[0];
  };

  it('shows the label with its estimated delivery date on the order', async () => {
    const { orderId } = await labelledOrder(api);
    const f = await fulfilment(orderId);
    expect(f.estimatedDeliveryDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(f.shipment.estimatedDeliveryDate).toBe(f.estimatedDeliveryDate);
    expect(f.exception).toBeNull();
  });

  it('follows the parcel: in transit ships it, out for delivery, then delivered', async () => {
    const { orderId, trackingNumber } = await labelledOrder(api);
    await post(trackerEvent(trackingNumber, 'in_transit', 'Arrived at hub', 'tracker.created')).expect(200, { outcome: 'recorded' });
    let f = await fulfilment(orderId);
    expect(f.status).toBe('shipped');
    expect(f.shipment.status).toBe('in_transit');

    await post(trackerEvent(trackingNumber, 'out_for_delivery')).expect(200, { outcome: 'recorded' });
    expect((await fulfilment(orderId)).shipment.status).toBe('out_for_delivery');

    await post(trackerEvent(trackingNumber, 'delivered')).expect(200, { outcome: 'recorded' });
    f = await fulfilment(orderId);
    expect(f.status).toBe('delivered');
    expect((await api.as('admin').get(`/orders/${orderId}`)).body.status).toBe('delivered');
  });

  it('never moves a shipment backwards: a late or repeated event appends nothing', async () => {
    const { orderId, trackingNumber } = await labelledOrder(api);
    await post(trackerEvent(trackingNumber, 'out_for_delivery')).expect(200, { outcome: 'recorded' });
    await api.settled();
    const before = await orderEventTypes(api, orderId);
    await post(trackerEvent(trackingNumber, 'in_transit')).expect(200, { outcome: 'unchanged' });
    await post(trackerEvent(trackingNumber, 'out_for_delivery')).expect(200, { outcome: 'unchanged' });
    await post(trackerEvent(trackingNumber, 'pre_transit')).expect(200, { outcome: 'unchanged' });
    await api.settled();
    expect(await orderEventTypes(api, orderId)).toEqual(before);
    expect((await fulfilment(orderId)).shipment.status).toBe('out_for_delivery');

    await post(trackerEvent(trackingNumber, 'delivered')).expect(200);
    await post(trackerEvent(trackingNumber, 'out_for_delivery')).expect(200, { outcome: 'unchanged' });
    expect((await fulfilment(orderId)).status).toBe('delivered');
  });

  it('records a return to sender as a delivery exception: status stays, the customer is told, once', async () => {
    const { orderId, trackingNumber } = await labelledOrder(api);
    await post(trackerEvent(trackingNumber, 'in_transit')).expect(200);
    const metric = async () =>
      (await api.oms.metrics.deliveryExceptions.get()).values.find((v) => v.labels.code === 'return_to_sender')?.value ?? 0;
    const alertsBefore = await metric();
    await post(trackerEvent(trackingNumber, 'return_to_sender', 'Returned: address unknown')).expect(200, { outcome: 'recorded' });
    await post(trackerEvent(trackingNumber, 'return_to_sender', 'Returned: address unknown')).expect(200, { outcome: 'unchanged' });
    const f = await fulfilment(orderId);
    expect(f.status).toBe('shipped');
    expect(f.exception).toEqual({ stage: 'delivery', code: 'return_to_sender', reason: 'Returned: address unknown', recordedAt: expect.any(String) });
    expect(await metric()).toBe(alertsBefore + 1);
    expect(await countOrderEvents(api, orderId, 'DeliveryExceptionRecorded')).toBe(1);
    const notified = (await orderEventTypes(api, orderId)).filter((type) => type === 'CustomerNotified');
    expect(notified.length).toBeGreaterThan(0);
    const events = await api.oms.events.readStream(orderStreamId(orderId));
    expect(events.some((e) => e.type === 'CustomerNotified' && (e.data as { notification: string }).notification === 'delivery_exception')).toBe(true);
  });

  it('answers 200 and appends nothing for a tracking code it does not know, or an event about something else', async () => {
    const head = await api.head();
    await post(trackerEvent('EZ9999999999', 'delivered')).expect(200, { outcome: 'unknown_tracking_code' });
    const batch = JSON.stringify({ object: 'Event', description: 'batch.created', result: { object: 'Batch' } });
    await post(batch).expect(200, { outcome: 'ignored' });
    expect(await api.head()).toBe(head);
  });

  it.each<[string, (body: string) => string | null]>([
    ['no signature', () => null],
    ['a signature over other bytes', () => signed('{}')],
    ['a signature made with the secret as typed, not NFKD-normalised', (body) => signed(body, SECRET)],
    ['a signature without its prefix', (body) => signed(body).slice('hmac-sha256-hex='.length)],
    ['garbage', () => 'hmac-sha256-hex=zz'],
  ])('refuses %s with 401 INTEGRATION.INVALID_SIGNATURE, appending nothing', async (_case, signatureFor) => {
    const { trackingNumber } = await labelledOrder(api);
    await api.settled();
    const body = trackerEvent(trackingNumber, 'delivered');
    const head = await api.head();
    const res = await post(body, signatureFor(body));
    expectProblem(res, 401);
    expect(res.body.code).toBe('INTEGRATION.INVALID_SIGNATURE');
    expect(await api.head()).toBe(head);
  });

  it('refuses a signed body that is not an EasyPost Event with 400', async () => {
    const res = await post('{"object":"Tracker"}');
    expectProblem(res, 400);
    expect(res.body.code).toBe('INTEGRATION.INVALID_BODY');
  });
});

describe('POST /integrations/easypost/webhooks without a secret', () => {
  it('is not enabled: 404 INTEGRATION.NOT_ENABLED', async () => {
    const api = await openTestApi();
    try {
      const body = trackerEvent('EZ1', 'delivered');
      const res = await api.request.post(PATH).set('content-type', 'application/json').set('x-hmac-signature', signed(body)).send(body);
      expectProblem(res, 404);
      expect(res.body.code).toBe('INTEGRATION.NOT_ENABLED');
    } finally {
      await api.close();
    }
  });
});
