import { OrderAlreadyShipped } from '../../src/domain/order';
import { openWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

describe('cancellation', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openWorkflowHarness();
    await h.defineProduct('SKU-A', { unitPrice: 1000 });
    await h.defineProduct('SKU-B', { unitPrice: 500 });
    await h.defineLocation('wh-1', { priority: 1 });
    await h.defineLocation('wh-2', { priority: 2 });
    await h.receiveStock('wh-1', 'SKU-A', 3);
    await h.receiveStock('wh-2', 'SKU-A', 3);
    await h.receiveStock('wh-2', 'SKU-B', 3);
  });
  afterEach(() => h.close());

  it('after allocation releases every reservation, voids the authorization and tells the customer', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 5 }, { sku: 'SKU-B', quantity: 1 }] });
    await h.settle();
    const reservedBefore = [(await h.stock('wh-1', 'SKU-A')).reserved, (await h.stock('wh-2', 'SKU-A')).reserved, (await h.stock('wh-2', 'SKU-B')).reserved];
    expect(reservedBefore.reduce((a, b) => a + b, 0)).toBe(6);
    const authorized = (await h.order(orderId)).payment;

    await h.cancel(orderId, 'changed my mind');
    await h.settle();

    const order = await h.order(orderId);
    expect(order.status).toBe('cancelled');
    for (const [locationId, sku] of [['wh-1', 'SKU-A'], ['wh-2', 'SKU-A'], ['wh-2', 'SKU-B']] as const) {
      expect(await h.stock(locationId, sku)).toMatchObject({ reserved: 0, onHand: 3 });
      const events = await h.stockEvents(locationId, sku);
      const reserved = events.filter((e) => e.type === 'StockReserved').map((e) => (e.data as { reservationId: string }).reservationId);
      const released = events.filter((e) => e.type === 'ReservationReleased').map((e) => (e.data as { reservationId: string }).reservationId);
      expect(released).toEqual(reserved);
      expect(reserved.length).toBeGreaterThan(0);
    }
    expect(await h.orderEventsOf(orderId, 'PaymentVoided')).toEqual([
      expect.objectContaining({ authorizationId: authorized.authorizationId, amount: authorized.authorizedAmount }),
    ]);
    expect(order.payment.status).toBe('voided');
    expect(h.ports.calls.void).toEqual([expect.objectContaining({ authorizationId: authorized.authorizationId })]);
    expect(h.ports.calls.capture).toHaveLength(0);
    expect(await h.notificationsRecorded(orderId)).toEqual(['confirmation:order', 'cancelled:order']);
    expect(h.ports.sentTo(orderId).find((m) => m.kind === 'cancelled')?.text).toContain('changed my mind');
    expect((await h.queries.inventory.pickList('wh-1', {})).items).toEqual([]);
    expect((await h.queries.inventory.pickList('wh-2', {})).items).toEqual([]);
  });

  it('after a shipment is refused, and changes nothing', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-B', quantity: 1 }] });
    await h.settle();
    await h.shipAll(orderId);
    const head = await h.oms.events.headPosition();

    await expect(h.cancel(orderId)).rejects.toThrow(OrderAlreadyShipped);
    await expect(h.cancel(orderId)).rejects.toMatchObject({ code: 'ORDER.ALREADY_SHIPPED' });
    await h.settle();

    expect(await h.oms.events.headPosition()).toBe(head);
    expect((await h.order(orderId)).status).toBe('shipped');
    expect(h.ports.calls.void).toHaveLength(0);
  });

  it('of a backordered order takes it off the waiting list: stock received later stays free', async () => {
    await h.defineProduct('SKU-C');
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-C', quantity: 9 }] });
    await h.settle();
    expect((await h.order(orderId)).status).toBe('backordered');

    await h.cancel(orderId);
    await h.settle();
    await h.receiveStock('wh-1', 'SKU-C', 20);
    await h.settle();

    expect((await h.order(orderId)).status).toBe('cancelled');
    expect(await h.stock('wh-1', 'SKU-C')).toMatchObject({ onHand: 20, reserved: 0 });
    expect(await h.orderEventsOf(orderId, 'InventoryAllocated')).toEqual([]);
  });

  it('before the workflow acted needs no release and no void, only the notice', async () => {
    await h.stopProcessManager();
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.cancel(orderId);
    await h.startProcessManager();
    await h.settle();

    expect((await h.orderEventTypes(orderId)).filter((type) => type !== 'CustomerNotified')).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(await h.notificationsRecorded(orderId)).toEqual(expect.arrayContaining(['cancelled:order']));
    expect(h.ports.calls.authorize).toHaveLength(0);
    expect((await h.stock('wh-1', 'SKU-A')).reserved).toBe(0);
  });

  it('while the payment waits out a gateway timeout: the card is not authorized after all', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }], token: 'tok_timeout' });
    while (h.ports.calls.authorize.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await h.cancel(orderId);
    await h.settle();

    const order = await h.order(orderId);
    expect(order.status).toBe('cancelled');
    expect(order.payment.authorizationId).toBeNull();
    expect(await h.orderEventsOf(orderId, 'PaymentAuthorized')).toEqual([]);
    // The retry finds the order cancelled and leaves the card alone: no hold put on it, none to release.
    expect(h.ports.calls.authorize).toHaveLength(1);
    expect(h.ports.calls.void).toHaveLength(0);
    expect(await h.notificationsRecorded(orderId)).toEqual(expect.arrayContaining(['cancelled:order']));
  });

  it('while a label waits out a carrier outage: no label is bought for it', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.settle();
    h.ports.sandboxCarrier.simulateOutage(1);
    await h.pick(orderId, 'F1');
    await h.pack(orderId, 'F1');
    while (h.ports.calls.label.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await h.cancel(orderId);
    await h.settle();

    expect((await h.order(orderId)).fulfillments.F1!.label).toBeNull();
    expect(h.ports.calls.label).toHaveLength(1);
    expect((await h.oms.jobs.counts()).failed).toBe(0);
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ reserved: 0 });
  });
});
