import { OrderOnHold } from '../../src/domain/order';
import { openStockedHarness, WorkflowHarness } from '../support/workflow-harness';

describe('a held order does not advance, and carries on once released', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openStockedHarness();
  });
  afterEach(() => h.close());

  it('held before the workflow saw it: not validated, not charged, nothing reserved; the customer still gets the confirmation', async () => {
    await h.stopProcessManager();
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await h.hold(orderId, 'fraud check');
    await h.startProcessManager();
    await h.settle();

    let order = await h.order(orderId);
    expect(order).toMatchObject({ onHold: true, validation: 'pending', status: 'placed' });
    expect((await h.orderEventTypes(orderId)).filter((type) => type !== 'CustomerNotified')).toEqual(['OrderPlaced', 'OrderHeld']);
    expect(await h.notificationsRecorded(orderId)).toEqual(['confirmation:order']);
    expect(h.ports.calls.authorize).toHaveLength(0);
    expect((await h.stock('wh-1', 'SKU-A')).reserved).toBe(0);

    await h.release(orderId);
    await h.settle();
    order = await h.order(orderId);
    expect(order).toMatchObject({ onHold: false, validation: 'validated', status: 'allocated' });
    expect((await h.stock('wh-1', 'SKU-A')).reserved).toBe(2);
    expect(h.ports.calls.authorize).toHaveLength(1);
  });

  it('held while the payment was being authorized: the authorization lands but nothing is allocated until release', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }], token: 'tok_timeout' });
    await waitUntil(() => h.ports.calls.authorize.length === 1); // the first attempt timed out; the retry waits its backoff
    await h.hold(orderId);
    await h.settle();

    let order = await h.order(orderId);
    expect(order).toMatchObject({ onHold: true, status: 'payment_authorized' });
    expect(await h.orderEventsOf(orderId, 'InventoryAllocated')).toEqual([]);
    expect(await h.orderEventsOf(orderId, 'LinesBackordered')).toEqual([]);
    expect((await h.stock('wh-1', 'SKU-A')).reserved).toBe(0);

    await h.release(orderId);
    await h.settle();
    order = await h.order(orderId);
    expect(order.status).toBe('allocated');
    expect((await h.stock('wh-1', 'SKU-A')).reserved).toBe(2);
  });

  it('held with a packed fulfilment: no label is bought, and the warehouse cannot ship it, until release', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.settle();
    await h.pick(orderId, 'F1');
    await h.stopProcessManager();
    await h.pack(orderId, 'F1');
    await h.hold(orderId);
    await h.startProcessManager();
    await h.settle();

    expect((await h.order(orderId)).fulfillments.F1!.label).toBeNull();
    expect(h.ports.calls.label).toHaveLength(0);
    await expect(h.ship(orderId, 'F1')).rejects.toThrow(OrderOnHold);

    await h.release(orderId);
    await h.settle();
    expect((await h.order(orderId)).fulfillments.F1!.label).not.toBeNull();
    await h.ship(orderId, 'F1');
    await h.settle();
    expect((await h.order(orderId)).status).toBe('shipped');
  });

  it('a held backordered order is passed over by a receipt and allocated when released', async () => {
    await h.defineProduct('SKU-B');
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-B', quantity: 2 }] });
    await h.settle();
    expect((await h.order(orderId)).status).toBe('backordered');

    await h.hold(orderId);
    await h.receiveStock('wh-1', 'SKU-B', 4);
    await h.settle();
    expect((await h.order(orderId)).status).toBe('backordered');
    expect((await h.stock('wh-1', 'SKU-B')).reserved).toBe(0);

    await h.release(orderId);
    await h.settle();
    const order = await h.order(orderId);
    expect(order.status).toBe('allocated');
    const attempts = (await h.orderEventsOf<{ allocationId: string }>(orderId, 'InventoryAllocated')).map((a) => a.allocationId);
    expect(attempts).toEqual([expect.stringMatching(/^release:/)]);
    expect((await h.stock('wh-1', 'SKU-B')).reserved).toBe(2);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
