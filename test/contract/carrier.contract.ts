import { randomUUID } from 'node:crypto';
import { isTransient } from '../../src/infrastructure/port-error';
import {
  AddressRejected,
  Carrier,
  CarrierRejected,
  CarrierUnavailable,
  LabelRequest,
} from '../../src/infrastructure/carriers/carrier';

export type CarrierHarness = {
  carrier: Carrier;
  /** Makes the next call fail as an outage would (absent when the adapter cannot be made to). */
  simulateOutage?: () => void;
};

export const labelRequest = (overrides: Partial<LabelRequest> = {}): LabelRequest => ({
  idempotencyKey: `label-${randomUUID()}`,
  orderId: 'order-1',
  fulfillmentId: 'F1',
  shipFrom: { country: 'DE', postalCode: '10115' },
  shipTo: {
    name: 'Ada Lovelace',
    line1: 'Unter den Linden 1',
    line2: null,
    city: 'Berlin',
    region: null,
    postalCode: '10117',
    country: 'DE',
  },
  parcels: [{ weightGrams: 1_200 }],
  service: 'standard',
  ...overrides,
});

/** One suite, run against every Carrier adapter. */
export const carrierContract = (adapterName: string, open: () => Promise<CarrierHarness>) => {
  describe(`Carrier contract: ${adapterName}`, () => {
    let harness: CarrierHarness;
    let carrier: Carrier;

    beforeEach(async () => {
      harness = await open();
      carrier = harness.carrier;
    });

    it('creates a label whose tracking starts at label_created', async () => {
      const label = await carrier.createLabel(labelRequest({ service: 'express' }));
      expect(label).toEqual({
        carrier: expect.any(String),
        service: 'express',
        trackingNumber: expect.any(String),
        labelUrl: expect.stringMatching(/^https:\/\//),
        cost: expect.any(Number),
        estimatedDeliveryDate: label.estimatedDeliveryDate === null ? null : expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      expect(Number.isSafeInteger(label.cost) && label.cost >= 0).toBe(true);
      const tracking = await carrier.track(label.trackingNumber);
      expect(tracking.status).toBe('label_created');
      expect(tracking.events).toEqual([{ status: 'label_created', at: expect.any(String), detail: expect.any(String) }]);
      expect(new Date(tracking.events[0]!.at).toISOString()).toBe(tracking.events[0]!.at);
    });

    it('answers a repeat of the same key with the same label, buying one', async () => {
      const request = labelRequest();
      const [first, second] = await Promise.all([carrier.createLabel(request), carrier.createLabel(structuredClone(request))]);
      const third = await carrier.createLabel(structuredClone(request));
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      const other = await carrier.createLabel(labelRequest());
      expect(other.trackingNumber).not.toBe(first.trackingNumber);
    });

    it('treats a field set to undefined and one left out as the same request (as a JSON job payload would)', async () => {
      const request = labelRequest();
      const first = await carrier.createLabel({ ...request, shipTo: { ...request.shipTo, region: undefined } });
      const { region: _left, ...shipTo } = request.shipTo;
      await expect(carrier.createLabel({ ...request, shipTo })).resolves.toEqual(first);
    });

    it('refuses a key reused for a different request', async () => {
      const request = labelRequest();
      await carrier.createLabel(request);
      const error = await carrier
        .createLabel({ ...request, parcels: [{ weightGrams: 5_000 }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CarrierRejected);
      expect(error).toMatchObject({ reason: 'idempotency_key_reused' });
      expect(isTransient(error)).toBe(false);
    });

    it.each([
      ['without a postal code', { postalCode: '' }, 'shipTo.postalCode'],
      ['with a blank postal code', { postalCode: '   ' }, 'shipTo.postalCode'],
      ['with a three-letter country', { country: 'DEU' }, 'shipTo.country'],
      ['with a country that is not letters', { country: '49' }, 'shipTo.country'],
    ])('rejects a ship-to address %s, permanently', async (_case, change, field) => {
      const request = labelRequest();
      const error = await carrier
        .createLabel({ ...request, shipTo: { ...request.shipTo, ...change } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AddressRejected);
      expect(error).toMatchObject({ code: 'CARRIER.ADDRESS_REJECTED', field });
      expect(isTransient(error)).toBe(false);
    });

    it('rejects a ship-to address that is missing its postal code at run time', async () => {
      const request = labelRequest();
      const { postalCode: _missing, ...shipTo } = request.shipTo;
      await expect(
        carrier.createLabel({ ...request, shipTo: shipTo as LabelRequest['shipTo'] }),
      ).rejects.toBeInstanceOf(AddressRejected);
    });

    it.each([[[]], [[{ weightGrams: 0 }]], [[{ weightGrams: 500 }, { weightGrams: 1.5 }]]])(
      'refuses parcels %j',
      async (parcels) => {
        await expect(carrier.createLabel(labelRequest({ parcels }))).rejects.toMatchObject({ reason: 'invalid_parcels' });
      },
    );

    it('refuses a service it does not offer', async () => {
      await expect(carrier.createLabel(labelRequest({ service: 'teleport' }))).rejects.toMatchObject({
        reason: 'unsupported_service',
      });
    });

    it('quotes the services it offers, cheapest first, in whole minor units, buying nothing', async () => {
      const { shipFrom, shipTo, parcels } = labelRequest();
      const quotes = await carrier.quote({ shipFrom, shipTo, parcels, currency: 'EUR' });
      expect(quotes.length).toBeGreaterThan(0);
      for (const quote of quotes) {
        expect(quote).toEqual({
          carrier: expect.any(String),
          service: expect.any(String),
          amount: expect.any(Number),
          currency: expect.stringMatching(/^[A-Z]{3}$/),
          estimatedDeliveryDate: quote.estimatedDeliveryDate === null ? null : expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        });
        expect(Number.isSafeInteger(quote.amount) && quote.amount >= 0).toBe(true);
      }
      expect(quotes.map((q) => q.amount)).toEqual([...quotes.map((q) => q.amount)].sort((a, b) => a - b));
    });

    it('refuses to quote for an address it cannot ship to', async () => {
      const { shipFrom, shipTo, parcels } = labelRequest();
      await expect(carrier.quote({ shipFrom, shipTo: { ...shipTo, country: 'DEU' }, parcels, currency: 'EUR' })).rejects.toBeInstanceOf(
        AddressRejected,
      );
    });

    it('refuses to track an unknown tracking number', async () => {
      await expect(carrier.track('NOPE000000000000')).rejects.toMatchObject({ reason: 'unknown_tracking_number' });
    });

    it('fails transiently in an outage with no effect, so a retry with the same key buys one label', async () => {
      if (!harness.simulateOutage) return console.info(`${adapterName}: cannot simulate an outage, skipped`);
      const request = labelRequest();
      harness.simulateOutage();
      const error = await carrier.createLabel(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CarrierUnavailable);
      expect(isTransient(error)).toBe(true);
      const label = await carrier.createLabel(request);
      await expect(carrier.createLabel(request)).resolves.toEqual(label);
      harness.simulateOutage();
      await expect(carrier.track(label.trackingNumber)).rejects.toBeInstanceOf(CarrierUnavailable);
    });
  });
};
