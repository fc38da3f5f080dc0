import { isTransient } from '../../src/infrastructure/port-error';
import { AddressRejected, CarrierRejected, CarrierUnavailable } from '../../src/infrastructure/carriers/carrier';
import { EasyPostCarrier } from '../../src/infrastructure/carriers/easypost/easypost-carrier';
import { FakeEasyPost } from '../support/fake-easypost';
import { carrierContract, labelRequest } from './carrier.contract';

const API_KEY = 'EZTK-test-key-0123456789';
const parcelSize = { lengthCm: 30, widthCm: 20, heightCm: 10 };
const fakes: FakeEasyPost[] = [];

const open = async (options: { apiKey?: string; fromStreets?: Record<string, string> } = {}) => {
  const fake = await new FakeEasyPost(API_KEY).start();
  fakes.push(fake);
  const carrier = new EasyPostCarrier({
    apiKey: options.apiKey ?? API_KEY,
    baseUrl: fake.url,
    parcelSize,
    now: () => new Date('2026-03-02T10:00:00.000Z'),
    ...(options.fromStreets ? { fromStreets: options.fromStreets } : {}),
  });
  return { fake, carrier };
};

afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.stop()));
});

carrierContract('easypost', async () => {
  const { fake, carrier } = await open();
  return { carrier, simulateOutage: () => fake.failNext(503, { error: { code: 'SERVICE.UNAVAILABLE', message: 'Service unavailable', errors: [] } }) };
});

describe('EasyPostCarrier specifics', () => {
  it('authenticates with HTTP Basic, the API key as user name and no password', async () => {
    const { fake, carrier } = await open();
    await carrier.createLabel(labelRequest());
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const request of fake.requests) expect(request.authorization).toBe(`Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`);
  });

  it.each([
    ['standard', 'USPS', 593],
    ['express', 'USPS', 824],
    ['next_day', 'USPS', 3150],
    ['2ndDayAir', 'UPS', 1975],
  ])('buys the cheapest rate that %s allows', async (service, carrierName, cost) => {
    const { fake, carrier } = await open();
    const label = await carrier.createLabel(labelRequest({ service }));
    expect(label).toMatchObject({ carrier: carrierName, service, cost, trackingNumber: expect.stringMatching(/^EZ\d{10}$/) });
    expect(label.labelUrl).toMatch(/^https:\/\/easypost-files/);
    const [buy] = fake.purchases();
    expect(fake.purchases()).toHaveLength(1);
    expect(buy!.body).toEqual({ rate: { id: expect.stringMatching(/^rate_/) } });
  });

  it('gives the estimated delivery date from the bought rate', async () => {
    const { carrier } = await open();
    const label = await carrier.createLabel(labelRequest({ service: 'express' }));
    expect(label.estimatedDeliveryDate).toBe('2026-03-04');
  });

  it('sends the addresses, the reference and one parcel in ounces and inches', async () => {
    const { fake, carrier } = await open({ fromStreets: { WH1: 'Lagerstrasse 5' } });
    const request = labelRequest({
      idempotencyKey: 'label:order-9:F1',
      shipFrom: { locationId: 'WH1', name: 'Berlin DC', country: 'DE', postalCode: '10115', city: 'Berlin', region: null },
      parcels: [{ weightGrams: 1_000 }, { weightGrams: 417 }],
    });
    await carrier.createLabel(request);
    const create = fake.requests.find((r) => r.method === 'POST' && r.path === '/v2/shipments')!;
    expect(create.body).toEqual({
      shipment: {
        reference: 'label:order-9:F1',
        to_address: { name: 'Ada Lovelace', street1: 'Unter den Linden 1', city: 'Berlin', zip: '10117', country: 'DE' },
        from_address: { company: 'Berlin DC', street1: 'Lagerstrasse 5', city: 'Berlin', zip: '10115', country: 'DE' },
        parcel: { weight: 50, length: 11.8, width: 7.9, height: 3.9 },
      },
    });
  });

  it('finds the shipment it made before by its reference, so a restarted process buys one label', async () => {
    const { fake, carrier } = await open();
    const request = labelRequest();
    const first = await carrier.createLabel(request);
    const restarted = new EasyPostCarrier({ apiKey: API_KEY, baseUrl: fake.url, parcelSize, now: () => new Date('2026-03-02T10:00:00.000Z') });
    await expect(restarted.createLabel(request)).resolves.toEqual(first);
    expect(fake.purchases()).toHaveLength(1);
  });

  it('buys the shipment a call cut short left unbought, rather than making another', async () => {
    const { fake, carrier } = await open();
    const request = labelRequest();
    fake.failNext(503, { error: { code: 'SERVICE.UNAVAILABLE', message: 'Service unavailable', errors: [] } }, (_m, path) => path.endsWith('/buy'));
    await expect(carrier.createLabel(request)).rejects.toBeInstanceOf(CarrierUnavailable);
    const label = await carrier.createLabel(request);
    expect(label.trackingNumber).toMatch(/^EZ/);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/shipments')).toHaveLength(1);
    expect(fake.purchases()).toHaveLength(2); // the refused one and the one that bought
  });

  it('rejects an address EasyPost cannot verify (422 ADDRESS.VERIFY.FAILURE) permanently, naming our field', async () => {
    const { carrier } = await open();
    const request = labelRequest();
    const error = await carrier.createLabel({ ...request, shipTo: { ...request.shipTo, line1: 'Nowhere 0' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AddressRejected);
    expect(error).toMatchObject({ field: 'shipTo.line1', code: 'CARRIER.ADDRESS_REJECTED' });
    expect((error as Error).message).toContain('House number is missing');
    expect(isTransient(error)).toBe(false);
  });

  it('refuses permanently what EasyPost finds invalid (422 SHIPMENT.INVALID_PARAMS)', async () => {
    const { fake, carrier } = await open();
    fake.failNext(422, {
      error: { code: 'SHIPMENT.INVALID_PARAMS', message: 'Unable to create shipment, one or more parameters were invalid.', errors: [{ field: 'parcel', message: 'cannot be blank' }] },
    });
    const error = await carrier.createLabel(labelRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarrierRejected);
    expect(error).toMatchObject({ reason: 'refused', details: { status: 422, code: 'SHIPMENT.INVALID_PARAMS' } });
    expect(isTransient(error)).toBe(false);
  });

  it.each([
    [429, { error: { code: 'RATE_LIMITED', message: 'You have exceeded the rate limit.', errors: [] } }],
    [500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'We had an unexpected error.', errors: [] } }],
    [502, 'Bad Gateway'],
    [503, { error: { code: 'SERVICE.UNAVAILABLE', message: 'Service unavailable', errors: [] } }],
    [504, null],
  ])('fails transiently on %i, and the retry with the same key buys one label', async (status, body) => {
    const { fake, carrier } = await open();
    const request = labelRequest();
    fake.failNext(status, body);
    const error = await carrier.createLabel(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarrierUnavailable);
    expect(isTransient(error)).toBe(true);
    await carrier.createLabel(request);
    await carrier.createLabel(request);
    expect(fake.purchases()).toHaveLength(1);
  });

  it('fails transiently when EasyPost cannot be reached', async () => {
    const carrier = new EasyPostCarrier({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9/v2', parcelSize, timeoutMs: 2_000 });
    await expect(carrier.createLabel(labelRequest())).rejects.toBeInstanceOf(CarrierUnavailable);
  });

  it('refuses permanently with a wrong API key (401), without the key in the message', async () => {
    const { carrier } = await open({ apiKey: 'EZTK-wrong-key' });
    const error = await carrier.createLabel(labelRequest()).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'refused', details: { status: 401, code: 'APIKEY.INACTIVE' } });
    expect(isTransient(error)).toBe(false);
    expect(JSON.stringify(error) + String(error)).not.toContain('EZTK-wrong-key');
  });

  it('quotes every rate, cheapest first, in minor units, buying nothing', async () => {
    const { fake, carrier } = await open();
    const request = labelRequest();
    const quotes = await carrier.quote({ shipFrom: request.shipFrom, shipTo: request.shipTo, parcels: request.parcels, currency: 'usd' });
    expect(quotes.map((q) => q.amount)).toEqual([593, 824, 1975, 3150, 3810]);
    expect(quotes[0]).toEqual({ carrier: 'USPS', service: 'GroundAdvantage', amount: 593, currency: 'USD', estimatedDeliveryDate: '2026-03-07' });
    expect(fake.purchases()).toHaveLength(0);
    expect((fake.requests[0]!.body as { shipment: { options: unknown } }).shipment.options).toEqual({ currency: 'USD' });
  });

  it('follows the tracker as the parcel moves', async () => {
    const { fake, carrier } = await open();
    const label = await carrier.createLabel(labelRequest());
    fake.scan(label.trackingNumber, 'in_transit', 'Arrived at facility');
    fake.scan(label.trackingNumber, 'return_to_sender', 'Returned to sender');
    const tracking = await carrier.track(label.trackingNumber);
    expect(tracking.status).toBe('exception');
    expect(tracking.events.map((e) => [e.status, e.detail])).toEqual([
      ['label_created', 'Pre-Shipment Info Sent to USPS'],
      ['in_transit', 'Arrived at facility'],
      ['exception', 'Returned to sender'],
    ]);
  });
});
