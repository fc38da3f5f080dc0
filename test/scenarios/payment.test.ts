import { orderTotals } from '../../src/domain/order';
import { openStockedHarness, WorkflowHarness } from '../support/workflow-harness';

describe('payment authorization', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openStockedHarness();
  });
  afterEach(() => h.close());

  it('a declined card fails the payment, reserves nothing and tells the customer', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }], token: 'tok_chargeDeclined' });
    await h.settle();

    const order = await h.order(orderId);
    expect(order.status).toBe('payment_failed');
    expect(order.payment.failure).toEqual({ code: 'card_declined', reason: 'the card was declined' });
    expect((await h.orderEventTypes(orderId)).filter((type) => type !== 'CustomerNotified')).toEqual([
      'OrderPlaced',
      'OrderValidated',
      'PaymentFailed',
    ]);
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ onHand: 5, reserved: 0 });
    expect((await h.stockEvents('wh-1', 'SKU-A')).map((e) => e.type)).toEqual(['StockReceived']);
    // A decline is final: asked once, never retried.
    expect(h.ports.calls.authorize).toHaveLength(1);

    expect(await h.notificationsRecorded(orderId)).toEqual(expect.arrayContaining(['confirmation:order', 'payment_failed:order']));
    expect(await h.notificationsRecorded(orderId)).toHaveLength(2);
    const failure = h.ports.sentTo(orderId).find((message) => message.kind === 'payment_failed');
    expect(failure?.text).toContain('the card was declined');
  });

  it('a gateway timeout is retried with the same idempotency key and the order goes on to allocation', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }], token: 'tok_timeout' });
    await h.settle();

    const order = await h.order(orderId);
    expect(order.status).toBe('allocated');
    expect(order.payment).toMatchObject({ status: 'authorized', authorizedAmount: orderTotals(order).grand });
    const keys = h.ports.calls.authorize.map((call) => call.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(await h.orderEventsOf(orderId, 'PaymentAuthorized')).toHaveLength(1);
    expect(await h.orderEventsOf(orderId, 'PaymentFailed')).toHaveLength(0);
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ reserved: 2 });
  });
});
