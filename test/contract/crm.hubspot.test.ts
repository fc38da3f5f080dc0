import { CrmOrder, CrmRejected, CrmUnavailable } from '../../src/infrastructure/crm/crm';
import { decimalAmount, HubSpotCrm } from '../../src/infrastructure/crm/hubspot-crm';
import { isTransient } from '../../src/infrastructure/port-error';
import { startHubSpotServer, TestHubSpotServer, unusedToken } from './crm.hubspot-server';

let server: TestHubSpotServer;
beforeAll(async () => {
  server = await startHubSpotServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const ORDER: CrmOrder = {
  orderId: '0190f3c4-7b1e-7cc0-9a51-3b2f5d1e8a42',
  channel: 'web',
  placedAt: '2026-05-01T12:00:00.000Z',
  currency: 'USD',
  amount: 3_898,
  customer: { email: 'ada@example.com', name: 'Ada King Lovelace', phone: '+15555550100' },
  lostReason: null,
};

const hubspot = (token = server.token) => new HubSpotCrm({ token, baseUrl: server.url });

describe('HubSpotCrm against a server answering as HubSpot does', () => {
  it('creates the contact and a closed-won deal for the order, associated with it', async () => {
    const recorded = await hubspot().recordOrder(ORDER);
    expect(recorded).toEqual({ contactId: expect.any(String), dealId: expect.any(String), created: true });
    expect(server.contacts.get(recorded.contactId)!.properties).toEqual({ email: 'ada@example.com', firstname: 'Ada King', lastname: 'Lovelace', phone: '+15555550100' });
    expect(server.deals.get(recorded.dealId)).toEqual({
      id: recorded.dealId,
      properties: {
        dealname: `Order ${ORDER.orderId} (web)`,
        amount: '38.98',
        deal_currency_code: 'USD',
        pipeline: 'default',
        dealstage: 'closedwon',
        closedate: ORDER.placedAt,
        oms_order_id: ORDER.orderId,
      },
      associations: [{ toId: recorded.contactId, typeId: 3 }],
    });
  });

  it('records the same order twice as one contact and one deal, answering the same ids', async () => {
    const first = await hubspot().recordOrder(ORDER);
    const second = await hubspot().recordOrder(ORDER);
    expect(second).toEqual({ ...first, created: false });
    expect(server.contacts.size).toBe(1);
    expect(server.deals.size).toBe(1);
  });

  it("brings an existing contact's name and phone up to date and adds the order to it", async () => {
    const first = await hubspot().recordOrder(ORDER);
    const second = await hubspot().recordOrder({ ...ORDER, orderId: '0190f3c4-7b1e-7cc0-9a51-000000000002', customer: { email: 'ADA@example.com', name: 'Ada', phone: null } });
    expect(second.contactId).toBe(first.contactId);
    expect(server.contacts.get(first.contactId)!.properties).toMatchObject({ firstname: 'Ada', phone: '+15555550100' });
    expect(server.deals.size).toBe(2);
  });

  it('takes the existing contact that a 409 names when search has not caught up with a create', async () => {
    server.lagSearch(true);
    server.contacts.set('77', { id: '77', properties: { email: 'ada@example.com' }, associations: [] }); // created elsewhere just now
    const recorded = await hubspot().recordOrder(ORDER);
    expect(recorded.contactId).toBe('77');
    expect(server.contacts.size).toBe(1);
    expect(server.contacts.get('77')!.properties).toMatchObject({ firstname: 'Ada King', lastname: 'Lovelace' });
    expect(server.requests).toEqual(expect.arrayContaining(['POST /crm/v3/objects/contacts', 'PATCH /crm/v3/objects/contacts/77']));
  });

  it('records an order already cancelled as a closed-lost deal with its reason', async () => {
    const recorded = await hubspot().recordOrder({ ...ORDER, lostReason: 'cancelled: customer asked' });
    expect(server.deals.get(recorded.dealId)!.properties).toMatchObject({ dealstage: 'closedlost', closed_lost_reason: 'cancelled: customer asked' });
  });

  it('marks a recorded deal lost, by the id it was recorded under or found by the order id, and leaves the rest of it', async () => {
    const { dealId } = await hubspot().recordOrder(ORDER);
    expect(await hubspot().markLost({ orderId: ORDER.orderId, lostReason: 'cancelled: out of stock' }, dealId)).toEqual({ dealId });
    expect(server.deals.get(dealId)!.properties).toMatchObject({ dealstage: 'closedlost', closed_lost_reason: 'cancelled: out of stock', amount: '38.98' });
    server.requests.length = 0;
    expect(await hubspot().markLost({ orderId: ORDER.orderId, lostReason: 'rejected: no address' }, null)).toEqual({ dealId });
    expect(server.requests).toEqual(['POST /crm/v3/objects/deals/search', `PATCH /crm/v3/objects/deals/${dealId}`]);
    expect(server.deals.get(dealId)!.properties.closed_lost_reason).toBe('rejected: no address');
  });

  it('marks nothing, and creates nothing, for an order it never recorded', async () => {
    expect(await hubspot().markLost({ orderId: ORDER.orderId, lostReason: 'cancelled: x' }, null)).toBeNull();
    expect(server.deals.size).toBe(0);
  });

  it('brings a found deal to the order’s stage when the order was lost since it was recorded', async () => {
    const { dealId } = await hubspot().recordOrder(ORDER);
    const again = await hubspot().recordOrder({ ...ORDER, lostReason: 'cancelled: duplicate' });
    expect(again).toMatchObject({ dealId, created: false });
    expect(server.deals.get(dealId)!.properties).toMatchObject({ dealstage: 'closedlost', closed_lost_reason: 'cancelled: duplicate' });
    expect(server.deals.size).toBe(1);
  });

  it.each([429, 500, 502] as const)('makes %i a transient CrmUnavailable, and the retry records the order once', async (status) => {
    server.failNext(status);
    const error = await hubspot().recordOrder(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmUnavailable);
    expect(error).toMatchObject({ status });
    expect(isTransient(error)).toBe(true);
    await hubspot().recordOrder(ORDER);
    expect(server.deals.size).toBe(1);
  });

  it('makes a refused token a permanent CrmRejected that never shows the token', async () => {
    const token = unusedToken();
    const error = await hubspot(token).recordOrder(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRejected);
    expect(error).toMatchObject({ status: 401, message: expect.stringContaining('INVALID_AUTHENTICATION') });
    expect(isTransient(error)).toBe(false);
    expect(String((error as Error).message)).not.toContain(token);
    expect(server.contacts.size).toBe(0);
  });

  it('makes an unreachable server transient', async () => {
    const probe = await startHubSpotServer();
    await probe.close();
    const error = await new HubSpotCrm({ token: probe.token, baseUrl: probe.url }).recordOrder(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmUnavailable);
  });
});

describe('decimalAmount', () => {
  it.each([
    [3_898, 'USD', '38.98'],
    [5, 'EUR', '0.05'],
    [500, 'JPY', '500'],
    [1_234, 'KWD', '1.234'],
    [123_456_789_012, 'USD', '1234567890.12'],
  ])('writes %i minor units of %s as %s', (minor, currency, expected) => {
    expect(decimalAmount(minor, currency)).toBe(expected);
  });
});
