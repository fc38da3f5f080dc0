import { orderTotals } from '../../src/domain/order';
import { SANDBOX_CARRIER } from '../../src/infrastructure/carriers/sandbox-carrier';
import { openWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

describe('an order from placement to delivery', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openWorkflowHarness();
    await h.defineProduct('SKU-A', { unitPrice: 1000 });
    await h.defineLocation('wh-1');
    await h.receiveStock('wh-1', 'SKU-A', 10);
    await h.setStockPolicy('wh-1', 'SKU-A', { bin: 'A-01' });
  });
  afterEach(() => h.close());

  it('is validated, authorized, allocated with bins, labelled, shipped (stock committed, payment captured) and delivered', async () => {
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await h.settle();

    // Validated, authorized for the grand total, allocated: one pick request with the bin.
    let order = await h.order(orderId);
    const grand = orderTotals(order).grand;
    expect(order.status).toBe('allocated');
    expect(order.payment).toMatchObject({ status: 'authorized', authorizedAmount: grand });
    expect(h.ports.calls.authorize).toEqual([expect.objectContaining({ amount: grand, currency: 'USD', token: 'tok_visa', orderId })]);
    const [allocated] = await h.orderEventsOf<{ allocations: unknown[]; decision: { strategy: string } }>(orderId, 'InventoryAllocated');
    expect(allocated).toMatchObject({
      allocations: [{ lineId: 'L1', sku: 'SKU-A', locationId: 'wh-1', quantity: 2 }],
      decision: { strategy: 'priority' },
    });
    expect(await h.orderEventsOf(orderId, 'FulfillmentRequested')).toEqual([
      expect.objectContaining({
        fulfillmentId: 'F1',
        locationId: 'wh-1',
        lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 2, bin: 'A-01' }],
      }),
    ]);
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ onHand: 10, reserved: 2 });
    const pickList = await h.queries.inventory.pickList('wh-1', {});
    expect(pickList.items).toEqual([expect.objectContaining({ orderId, fulfillmentId: 'F1', status: 'requested' })]);

    // Packed: the carrier job buys a label.
    await h.pick(orderId, 'F1');
    await h.pack(orderId, 'F1');
    await h.settle();
    order = await h.order(orderId);
    const label = order.fulfillments.F1!.label;
    expect(label).toMatchObject({ carrier: SANDBOX_CARRIER });
    expect(h.ports.calls.label).toHaveLength(1);
    // The whole address as placed (the decision state keeps only what validation and allocation read).
    const shipTo = { name: 'Ada Lovelace', line1: '1 Main Street', line2: null, city: 'Springfield', region: null, postalCode: '62701', country: 'US' };
    expect(h.ports.calls.label[0]).toMatchObject({ fulfillmentId: 'F1', shipFrom: { country: 'US', postalCode: '10001' }, shipTo, service: 'standard' });

    // Shipped: the reservation leaves on-hand and the shipped part is captured.
    await h.ship(orderId, 'F1');
    await h.settle();
    order = await h.order(orderId);
    expect(order.status).toBe('shipped');
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ onHand: 8, reserved: 0 });
    expect((await h.stockEvents('wh-1', 'SKU-A')).map((e) => e.type)).toEqual([
      'StockReceived',
      'StockPolicySet',
      'StockReserved',
      'ReservationCommitted',
    ]);
    expect(await h.orderEventsOf(orderId, 'PaymentCaptured')).toEqual([expect.objectContaining({ fulfillmentId: 'F1', amount: grand })]);
    expect(order.payment.status).toBe('captured');
    expect(h.ports.calls.capture).toHaveLength(1);

    await h.deliver(orderId, 'F1');
    await h.settle();
    order = await h.order(orderId);
    expect(order.status).toBe('delivered');
    expect((await h.queries.orders.get(orderId))?.status).toBe('delivered');

    // The story on the order's stream, notifications aside.
    expect((await h.orderEventTypes(orderId)).filter((type) => type !== 'CustomerNotified')).toEqual([
      'OrderPlaced',
      'OrderValidated',
      'PaymentAuthorized',
      'InventoryAllocated',
      'FulfillmentRequested',
      'FulfillmentPicked',
      'FulfillmentPacked',
      'ShipmentLabelCreated',
      'FulfillmentShipped',
      'PaymentCaptured',
      'FulfillmentDelivered',
    ]);

    // Each notification once: recorded once, sent once, the shipped one with the tracking number.
    expect(await h.notificationsRecorded(orderId)).toEqual(['confirmation:order', 'shipped:F1', 'delivered:F1']);
    const sent = h.ports.sentTo(orderId);
    expect(sent.map((message) => message.kind)).toEqual(['confirmation', 'shipped', 'delivered']);
    expect(sent[1]!.text).toContain(label!.trackingNumber);
    // The shipped message names what the customer bought, as the catalog calls it, not only its SKU.
    expect(sent[1]!.text).toContain('2 x Product SKU-A (SKU-A)');
    expect(h.ports.calls.send.filter((n) => n.order.orderId === orderId)).toHaveLength(3);
    expect(h.ports.calls.void).toHaveLength(0);
  });
});
