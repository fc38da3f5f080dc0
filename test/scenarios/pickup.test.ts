import { openWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

describe('a pickup order: allocated to a store, ready for pickup, delivered when collected', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openWorkflowHarness();
    await h.defineProduct('SKU-A', { unitPrice: 1000 });
    // The warehouse comes first by priority: a pickup order must pass it over for the store.
    await h.defineLocation('wh-1', { priority: 1 });
    await h.defineLocation('store-1', { priority: 2, kind: 'store' });
    await h.receiveStock('wh-1', 'SKU-A', 10);
  });
  afterEach(() => h.close());

  it('is reserved at a store only, gets no label, is ready for pickup (customer told), then captured and committed at collection', async () => {
    await h.receiveStock('store-1', 'SKU-A', 5);
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }], shippingMethod: 'pickup' });
    await h.settle();

    let order = await h.order(orderId);
    expect(order.status).toBe('allocated');
    expect(Object.values(order.fulfillments).map((f) => f.locationId)).toEqual(['store-1']);
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ reserved: 0 });
    expect(await h.stock('store-1', 'SKU-A')).toMatchObject({ onHand: 5, reserved: 2 });

    await h.pick(orderId, 'F1');
    await h.pack(orderId, 'F1');
    await h.settle();
    order = await h.order(orderId);
    expect(order.status).toBe('ready_for_pickup');
    expect(order.fulfillments.F1).toMatchObject({ status: 'ready_for_pickup', label: null });
    expect(h.ports.calls.label).toHaveLength(0);
    expect(h.ports.calls.capture).toHaveLength(0); // nothing taken while the customer may still not come
    const ready = h.ports.sentTo(orderId).find((message) => message.kind === 'ready_for_pickup');
    expect(ready?.text).toContain('ready for you to collect at Location store-1');
    expect(ready?.text).toContain('2 x Product SKU-A (SKU-A)');

    // The store hands it over from its list: it stays there until collected.
    expect((await h.queries.inventory.pickList('store-1', {})).items).toEqual([expect.objectContaining({ orderId, status: 'ready_for_pickup' })]);

    await h.deliver(orderId, 'F1'); // collected at the counter
    await h.settle();
    order = await h.order(orderId);
    expect(order.status).toBe('delivered');
    expect(order.payment).toMatchObject({ status: 'captured', capturedAmount: 2000 });
    expect(await h.stock('store-1', 'SKU-A')).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await h.notificationsRecorded(orderId)).toEqual(['confirmation:order', 'ready_for_pickup:F1', 'delivered:F1']);
    expect(h.ports.sentTo(orderId).find((message) => message.kind === 'delivered')?.text).toContain('You collected your order');
    expect((await h.queries.orders.get(orderId))?.status).toBe('delivered');
    expect((await h.queries.inventory.pickList('store-1', {})).items).toEqual([]);
  });

  it('is backordered when no store can serve it, though a warehouse could, and allocated at the store once it is restocked', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }], shippingMethod: 'pickup' });
    await h.settle();
    let order = await h.order(orderId);
    expect(order.status).toBe('backordered');
    expect(order.lines[0]).toMatchObject({ allocated: 0, backordered: 2 });
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ reserved: 0 });

    await h.receiveStock('store-1', 'SKU-A', 2);
    await h.settle();
    order = await h.order(orderId);
    expect(order.status).toBe('allocated');
    expect(Object.values(order.fulfillments).map((f) => f.locationId)).toEqual(['store-1']);
  });
});
