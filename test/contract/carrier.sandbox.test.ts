import {
  SANDBOX_CARRIER,
  SandboxCarrier,
  sandboxLabelUrl,
  sandboxRates,
} from '../../src/infrastructure/carriers/sandbox-carrier';
import { carrierContract, labelRequest } from './carrier.contract';

carrierContract('sandbox', async () => {
  const carrier = new SandboxCarrier();
  return { carrier, simulateOutage: () => carrier.simulateOutage() };
});

describe('SandboxCarrier specifics', () => {
  const fixedClock = () => {
    let now = Date.parse('2026-03-01T09:00:00.000Z');
    return { now: () => new Date(now), tick: (ms: number) => (now += ms) };
  };

  it('issues sandbox-post labels: SBX + 12 key digits + the purchase second, label URL from the tracking number', async () => {
    const clock = fixedClock();
    const label = await new SandboxCarrier({ now: clock.now }).createLabel(labelRequest({ idempotencyKey: 'order-1/F1/label' }));
    expect(label.carrier).toBe(SANDBOX_CARRIER);
    expect(label.trackingNumber).toMatch(/^SBX\d{12}\d{10}$/);
    expect(label.trackingNumber.slice(-10)).toBe(String(Date.parse('2026-03-01T09:00:00.000Z') / 1000));
    expect(label.labelUrl).toBe(`https://labels.sandbox.invalid/${label.trackingNumber}.pdf`);
    expect(label.labelUrl).toBe(sandboxLabelUrl(label.trackingNumber));
  });

  it('derives the tracking number from the idempotency key and the purchase time, so a restarted process gets the same key digits', async () => {
    const clock = fixedClock();
    const request = labelRequest({ idempotencyKey: 'order-1/F1/label' });
    const first = await new SandboxCarrier({ now: clock.now }).createLabel(request);
    expect(await new SandboxCarrier({ now: clock.now }).createLabel(request)).toEqual(first);
    clock.tick(5_000);
    const later = await new SandboxCarrier({ now: clock.now }).createLabel(request);
    expect(later.trackingNumber.slice(0, 15)).toBe(first.trackingNumber.slice(0, 15));
    expect(later.trackingNumber).not.toBe(first.trackingNumber);
    const other = await new SandboxCarrier({ now: clock.now }).createLabel({ ...request, idempotencyKey: 'order-1/F2/label' });
    expect(other.trackingNumber.slice(0, 15)).not.toBe(first.trackingNumber.slice(0, 15));
  });

  it('moves tracking on by the time since the label: in transit, out for delivery, delivered, one step apart', async () => {
    const clock = fixedClock();
    const carrier = new SandboxCarrier({ now: clock.now, trackingStepSeconds: 120 });
    const { trackingNumber } = await carrier.createLabel(labelRequest());
    const statusAfter = async (ms: number) => {
      clock.tick(ms);
      return (await carrier.track(trackingNumber)).status;
    };
    expect(await statusAfter(119_999)).toBe('label_created');
    expect(await statusAfter(1)).toBe('in_transit');
    expect(await statusAfter(120_000)).toBe('out_for_delivery');
    expect(await statusAfter(119_999)).toBe('out_for_delivery');
    expect(await statusAfter(1)).toBe('delivered');
    expect(await statusAfter(86_400_000)).toBe('delivered');
    expect((await carrier.track(trackingNumber)).events).toEqual([
      { status: 'label_created', at: '2026-03-01T09:00:00.000Z', detail: 'Label created, awaiting pickup' },
      { status: 'in_transit', at: '2026-03-01T09:02:00.000Z', detail: 'In transit' },
      { status: 'out_for_delivery', at: '2026-03-01T09:04:00.000Z', detail: 'Out for delivery' },
      { status: 'delivered', at: '2026-03-01T09:06:00.000Z', detail: 'Delivered' },
    ]);
  });

  it('answers tracking from the number alone: a new instance (a restarted process) sees the same journey', async () => {
    const clock = fixedClock();
    const { trackingNumber } = await new SandboxCarrier({ now: clock.now }).createLabel(labelRequest());
    clock.tick(150_000);
    const restarted = new SandboxCarrier({ now: clock.now });
    const tracking = await restarted.track(trackingNumber);
    expect(tracking.status).toBe('out_for_delivery');
    expect(tracking.events.map((event) => event.status)).toEqual(['label_created', 'in_transit', 'out_for_delivery']);
    await expect(restarted.track('SBX123456789012')).rejects.toMatchObject({ reason: 'unknown_tracking_number' });
  });

  it.each([
    ['standard', 'DE', 499],
    ['express', 'DE', 1499],
    ['next_day', 'DE', 2999],
    ['pickup', 'DE', 0],
    ['standard', 'FR', 1999],
    ['express', 'FR', 3999],
    ['next_day', 'FR', 7999],
  ])('charges %s to %s (from DE) %i', async (service, country, cost) => {
    const request = labelRequest({ service });
    const label = await new SandboxCarrier().createLabel({ ...request, shipTo: { ...request.shipTo, country } });
    expect(label.cost).toBe(cost);
    expect(label.cost).toBe(sandboxRates[country === 'DE' ? 'domestic' : 'international'][service as 'standard']);
  });

  it('compares countries case-insensitively for domestic rates, and offers pickup only domestically', async () => {
    const carrier = new SandboxCarrier();
    const request = labelRequest();
    const label = await carrier.createLabel({ ...request, shipTo: { ...request.shipTo, country: 'de' } });
    expect(label.cost).toBe(sandboxRates.domestic.standard);
    await expect(
      carrier.createLabel(labelRequest({ service: 'pickup', shipTo: { ...request.shipTo, country: 'AT' } })),
    ).rejects.toMatchObject({ reason: 'unsupported_service' });
  });

  it('rejects a ship-from address it cannot collect from', async () => {
    await expect(
      new SandboxCarrier().createLabel(labelRequest({ shipFrom: { country: 'Germany', postalCode: '10115' } })),
    ).rejects.toMatchObject({ field: 'shipFrom.country' });
  });

  it('moves tracking along with advance(), newest status first in `status`, events oldest first', async () => {
    const clock = fixedClock();
    const carrier = new SandboxCarrier({ now: clock.now });
    const { trackingNumber } = await carrier.createLabel(labelRequest());
    clock.tick(60_000);
    carrier.advance(trackingNumber, 'in_transit');
    clock.tick(60_000);
    carrier.advance(trackingNumber, 'out_for_delivery', 'With the courier in Berlin');
    clock.tick(60_000);
    carrier.advance(trackingNumber, 'delivered');

    const tracking = await carrier.track(trackingNumber);
    expect(tracking.status).toBe('delivered');
    expect(tracking.events).toEqual([
      { status: 'label_created', at: '2026-03-01T09:00:00.000Z', detail: 'Label created, awaiting pickup' },
      { status: 'in_transit', at: '2026-03-01T09:01:00.000Z', detail: 'In transit' },
      { status: 'out_for_delivery', at: '2026-03-01T09:02:00.000Z', detail: 'With the courier in Berlin' },
      { status: 'delivered', at: '2026-03-01T09:03:00.000Z', detail: 'Delivered' },
    ]);
  });

  it('hands out copies: changing what track() returned does not change the shipment', async () => {
    const carrier = new SandboxCarrier();
    const { trackingNumber } = await carrier.createLabel(labelRequest());
    const tracking = await carrier.track(trackingNumber);
    tracking.events.push({ status: 'delivered', at: 'x', detail: 'x' });
    tracking.events[0]!.status = 'exception';
    expect((await carrier.track(trackingNumber)).events).toEqual([expect.objectContaining({ status: 'label_created' })]);
  });

  it('refuses to advance an unknown tracking number', () => {
    expect(() => new SandboxCarrier().advance('SBX000000000000', 'in_transit')).toThrow(/no shipment/);
  });

  it('answers after the configured latency', async () => {
    const carrier = new SandboxCarrier({ latencyMs: 30 });
    const started = performance.now();
    await carrier.createLabel(labelRequest());
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
