import { nextSteps } from '../../src/domain/order';
import { openStockedHarness, openWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

describe('a fulfilment worth 0', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openWorkflowHarness();
    await h.defineProduct('SKU-A', { unitPrice: 6000 });
    await h.defineProduct('SKU-GIFT', { unitPrice: 500 });
    await h.defineLocation('wh-1', { priority: 1 });
    await h.defineLocation('wh-2', { priority: 2 });
    await h.receiveStock('wh-1', 'SKU-A', 5);
    await h.receiveStock('wh-2', 'SKU-GIFT', 5);
  });
  afterEach(() => h.close());

  it('is not sent to the gateway: its capture is recorded as skipped, and stays settled across a restart', async () => {
    // A storefront gave the gift away (price 0, as charged); 6000 of items ship free, so the gift's parcel is worth 0.
    const orderId = await h.placeOrder({
      pricing: 'as-sent',
      lines: [
        { sku: 'SKU-A', quantity: 1, unitPrice: 6000 },
        { sku: 'SKU-GIFT', quantity: 1, unitPrice: 0 },
      ],
    });
    await h.settle();
    const requested = await h.orderEventsOf<{ fulfillmentId: string; locationId: string }>(orderId, 'FulfillmentRequested');
    const gift = requested.find((f) => f.locationId === 'wh-2')!.fulfillmentId;
    const paid = requested.find((f) => f.locationId === 'wh-1')!.fulfillmentId;

    await h.shipAll(orderId);

    expect(h.ports.calls.capture.map((call) => call.amount)).toEqual([6000]);
    expect(await h.orderEventsOf(orderId, 'PaymentCaptured')).toEqual([expect.objectContaining({ fulfillmentId: paid, amount: 6000 })]);
    expect(await h.orderEventsOf(orderId, 'PaymentCaptureSkipped')).toEqual([expect.objectContaining({ fulfillmentId: gift, reason: 'zero_amount' })]);
    expect((await h.oms.jobs.counts()).failed).toBe(0);
    expect(nextSteps(await h.order(orderId)).filter((step) => step.kind === 'capture')).toEqual([]);

    h = await h.restart();
    await h.settle();
    expect(h.ports.calls.capture).toHaveLength(1);
    expect((await h.oms.jobs.counts()).failed).toBe(0);
    expect(await h.orderEventsOf(orderId, 'PaymentCaptureSkipped')).toHaveLength(1);
  });
});

describe('the card token', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openStockedHarness();
  });
  afterEach(() => h.close());

  it('reaches the gateway from the secret store, never the log, and is erased once the authorization is recorded', async () => {
    const token = 'tok_scenario_f00dface';
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }], token });
    await h.settle();

    expect(h.ports.calls.authorize).toEqual([expect.objectContaining({ orderId, token })]);
    expect((await h.order(orderId)).payment.status).toBe('authorized');
    expect(await h.oms.secrets.read(orderId)).toBeNull();
    expect(JSON.stringify((await h.allEvents()).map(({ type, data, metadata }) => ({ type, data, metadata })))).not.toContain(token);
    expect((await h.orderEventsOf<{ payment: unknown }>(orderId, 'OrderPlaced'))[0]!.payment).toEqual({ method: 'card' });
  });

  it.each([
    ['none was sent', null, async () => undefined],
    ['it is gone (expired) before the authorization', 'tok_visa', async (orderId: string) => h.oms.secrets.erase(orderId)],
  ])('fails the payment with a clear reason when %s, instead of leaving a job to fail', async (_what, token, beforeAuthorization) => {
    await h.stopProcessManager();
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }], token });
    await beforeAuthorization(orderId);
    await h.startProcessManager();
    await h.settle();

    const order = await h.order(orderId);
    expect(order.status).toBe('payment_failed');
    expect(order.payment.failure).toEqual({ code: 'payment_token_unavailable', reason: expect.stringMatching(/no payment token/) });
    expect(h.ports.calls.authorize).toHaveLength(0);
    expect((await h.oms.jobs.counts()).failed).toBe(0);
    expect(await h.notificationsRecorded(orderId)).toContain('payment_failed:order');
  });
});
