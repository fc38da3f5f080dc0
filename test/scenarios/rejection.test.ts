import { openWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

describe('validation rejects an order the catalog cannot honour', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openWorkflowHarness();
    await h.defineProduct('SKU-A', { unitPrice: 1000 });
    await h.defineProduct('SKU-OFF', { unitPrice: 700, active: false });
    await h.defineProduct('SKU-EUR', { unitPrice: 900, currency: 'EUR' });
    await h.defineLocation('wh-1');
    for (const sku of ['SKU-A', 'SKU-OFF', 'SKU-EUR']) await h.receiveStock('wh-1', sku, 10);
  });
  afterEach(() => h.close());

  const rejectedWith = async (orderId: string) => {
    const order = await h.order(orderId);
    expect(order.status).toBe('rejected');
    // Rejected, the customer told why, and nothing else: no payment, no stock touched.
    expect((await h.orderEventTypes(orderId)).filter((type) => type !== 'CustomerNotified')).toEqual(['OrderPlaced', 'OrderRejected']);
    expect((await h.notificationsRecorded(orderId)).sort()).toEqual(['confirmation:order', 'rejected:order']);
    const told = h.ports.calls.send.find((n) => n.kind === 'rejected' && n.order.orderId === orderId);
    expect(told?.order).toMatchObject({ reasons: order.rejectionReasons });
    expect(h.ports.calls.authorize).toHaveLength(0);
    for (const sku of ['SKU-A', 'SKU-OFF', 'SKU-EUR']) expect((await h.stock('wh-1', sku)).reserved).toBe(0);
    const [rejected] = await h.orderEventsOf<{ reasons: { code: string; path: string | null }[] }>(orderId, 'OrderRejected');
    return rejected!.reasons;
  };

  it.each([
    ['an unknown SKU', { sku: 'SKU-NOPE', quantity: 1 }, 'UNKNOWN_SKU'],
    ['an inactive product', { sku: 'SKU-OFF', quantity: 1 }, 'INACTIVE_SKU'],
    ['a product priced in another currency', { sku: 'SKU-EUR', quantity: 1 }, 'CURRENCY_MISMATCH'],
  ])('%s', async (_, line, code) => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }, line] });
    await h.settle();
    const reasons = await rejectedWith(orderId);
    expect(reasons.map((r) => r.code)).toEqual([code]);
  });

  it('an order in a currency the shipping rates do not cover', async () => {
    await h.defineProduct('SKU-CHF', { unitPrice: 900, currency: 'CHF' });
    await h.receiveStock('wh-1', 'SKU-CHF', 10);
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-CHF', quantity: 1 }], currency: 'CHF' });
    await h.settle();
    const reasons = await rejectedWith(orderId);
    expect(reasons).toEqual([{ code: 'NO_SHIPPING_RATE', path: 'currency', message: 'there is no standard shipping rate in CHF' }]);
    expect((await h.stock('wh-1', 'SKU-CHF')).reserved).toBe(0);
  });

  it('with every reason at once', async () => {
    const orderId = await h.placeOrder({
      lines: [
        { sku: 'SKU-NOPE', quantity: 1 },
        { sku: 'SKU-OFF', quantity: 1 },
        { sku: 'SKU-EUR', quantity: 1 },
        { sku: 'SKU-A', quantity: 1 },
      ],
      postalCode: ' ',
    });
    await h.settle();
    const reasons = await rejectedWith(orderId);
    expect(reasons.map((r) => [r.code, r.path])).toEqual([
      ['UNKNOWN_SKU', 'lines[0].sku'],
      ['INACTIVE_SKU', 'lines[1].sku'],
      ['CURRENCY_MISMATCH', 'currency'],
      ['MISSING_POSTAL_CODE', 'shippingAddress.postalCode'],
    ]);
  });
});
