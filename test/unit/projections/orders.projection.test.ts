import { ORDERS_COLLECTION, OrderDocument } from '../../../src/projections/read-models/orders.projection';
import { PICK_LISTS_COLLECTION, PickListEntry, pickListEntryId } from '../../../src/projections/read-models/pick-lists';
import { OrderQueries } from '../../../src/queries/order-queries';
import { at, orderIdOf, OrderStory } from './support/order-story';
import { busyWeek, ORDERS } from './support/scenario';

describe('orders read model', () => {
  let story: OrderStory;
  let orders: OrderQueries;
  beforeAll(async () => {
    story = await OrderStory.open();
    await busyWeek(story);
    await story.project();
    orders = new OrderQueries(story.documents);
  });
  afterAll(() => story.close());

  const view = async (orderId: string) => {
    const found = await orders.get(orderId);
    if (!found) throw new Error(`no order ${orderId}`);
    return found;
  };

  it('shows a delivered order as GET /orders/{id} exposes it', async () => {
    const order = await view(ORDERS.delivered);
    expect(order).toMatchObject({
      orderId: ORDERS.delivered,
      status: 'delivered',
      onHold: false,
      channel: 'web',
      customer: { id: 'cust-1', email: 'ada@example.com', name: 'Ada', phone: null },
      currency: 'USD',
      lines: [
        { lineId: 'L1', sku: 'SKU-A', quantity: 2, unitPrice: 1000, allocated: [{ locationId: 'east', quantity: 2 }], backordered: 0 },
        { lineId: 'L2', sku: 'SKU-B', quantity: 1, unitPrice: 500, allocated: [{ locationId: 'east', quantity: 1 }], backordered: 0 },
      ],
      totals: { items: 2500, shipping: 500, grand: 3000 },
      fulfillments: [
        {
          fulfillmentId: 'F1',
          locationId: 'east',
          status: 'delivered',
          lines: [
            { lineId: 'L1', sku: 'SKU-A', quantity: 2, bin: 'E-A1' },
            { lineId: 'L2', sku: 'SKU-B', quantity: 1, bin: 'E-B1' },
          ],
          shipment: {
            carrier: 'ups',
            service: 'ground',
            trackingNumber: '1Z-F1',
            labelUrl: 'https://labels.example.com/F1.pdf',
            status: 'delivered',
          },
          shippedAt: at(4, 60),
          deliveredAt: at(6, 0),
        },
      ],
      payment: { status: 'captured', authorizedAmount: 3000, capturedAmount: 3000 },
      placedAt: at(3, 0),
      updatedAt: at(6, 0),
      // placed, validated, authorized, allocated, requested, picked, packed, labelled, shipped, captured, delivered
      revision: 10,
    });
    expect(order.timeline).toEqual([
      { status: 'placed', at: at(3, 0) },
      { status: 'payment_authorized', at: at(3, 0) },
      { status: 'allocated', at: at(3, 5) },
      { status: 'picking', at: at(4, 60) }, // picked, not merely requested
      { status: 'packed', at: at(4, 60) },
      { status: 'shipped', at: at(4, 60) },
      { status: 'delivered', at: at(6, 0) },
    ]);
    expect(JSON.stringify(order)).not.toContain('tok_visa');
  });

  it('shows an order allocated across two locations, one part shipped', async () => {
    const order = await view(ORDERS.split);
    expect(order).toMatchObject({
      status: 'partially_shipped',
      channel: 'marketplace',
      lines: [{ lineId: 'L1', quantity: 5, allocated: [{ locationId: 'east', quantity: 3 }, { locationId: 'west', quantity: 2 }], backordered: 0 }],
      totals: { items: 5000, shipping: 500, grand: 5500 },
      payment: { status: 'partially_captured', authorizedAmount: 5500, capturedAmount: 3500 },
    });
    expect(order.fulfillments.map(({ fulfillmentId, locationId, status, shipment }) => ({ fulfillmentId, locationId, status, shipment: shipment?.status ?? null }))).toEqual([
      { fulfillmentId: 'F1', locationId: 'east', status: 'shipped', shipment: 'shipped' },
      { fulfillmentId: 'F2', locationId: 'west', status: 'picked', shipment: null },
    ]);
    expect(order.timeline.map((entry) => entry.status)).toEqual(['placed', 'payment_authorized', 'partially_allocated', 'allocated', 'picking', 'partially_shipped']);
  });

  it('shows what waits for stock as backordered', async () => {
    expect(await view(ORDERS.backordered)).toMatchObject({
      status: 'backordered',
      lines: [{ sku: 'SKU-C', quantity: 1, allocated: [], backordered: 1 }],
      fulfillments: [],
    });
  });

  it('shows a cancelled order as it is: reason, authorization voided, nothing allocated or backordered, fulfilments cancelled', async () => {
    const order = await view(ORDERS.cancelled);
    expect(order).toMatchObject({
      status: 'cancelled',
      cancelReason: 'customer changed their mind',
      payment: { status: 'voided', authorizedAmount: 1000, capturedAmount: 0, voidedAmount: 1000 },
      fulfillments: [{ fulfillmentId: 'F1', status: 'cancelled', shipment: null }],
    });
    expect(order.lines.length).toBeGreaterThan(0);
    for (const line of order.lines) expect(line).toMatchObject({ allocated: [], backordered: 0 });
  });

  it('shows a held order as on hold beside its status', async () => {
    expect(await view(ORDERS.held)).toMatchObject({ status: 'allocated', onHold: true, holdReason: 'address check', channel: 'phone' });
  });

  it('shows a rejected order with its reasons, and a failed payment with its failure', async () => {
    expect(await view(ORDERS.rejected)).toMatchObject({
      status: 'rejected',
      rejectionReasons: [{ code: 'UNKNOWN_SKU', path: 'lines[0].sku' }],
    });
    expect(await view(ORDERS.paymentFailed)).toMatchObject({
      status: 'payment_failed',
      payment: { status: 'failed', failure: { code: 'card_declined', reason: 'declined' } },
    });
  });

  it('keeps the fields lists filter and sort on beside the folded state', async () => {
    const doc = await story.documents.get<OrderDocument>(ORDERS_COLLECTION, ORDERS.split);
    expect(doc).toMatchObject({
      orderId: ORDERS.split,
      status: 'partially_shipped',
      channel: 'marketplace',
      customerId: 'cust-2',
      placedAt: at(3, 30),
      updatedAt: at(5, 5),
      onHold: false,
      grandTotal: 5500,
      currency: 'USD',
    });
    expect(doc?.revision).toBe((await story.events.readStream(`order-${ORDERS.split}`)).length - 1);
    const folded = await story.orderState(ORDERS.split);
    expect(doc?.state).toEqual(folded);
  });

  it('keeps no payment token in the read model, not even from an order placed when OrderPlaced still carried one', async () => {
    const legacyId = orderIdOf(77);
    const placed = (await story.events.readStream(`order-${ORDERS.split}`))[0]!;
    const data = placed.data as { payment: object };
    await story.events.append(`order-${legacyId}`, [
      {
        type: 'OrderPlaced',
        data: { ...data, orderId: legacyId, payment: { method: 'card', token: 'tok_legacy_in_the_log' } },
        metadata: { ...placed.metadata, eventId: `legacy-${legacyId}` },
      },
    ]);
    await story.project();
    const { items } = await story.documents.find(ORDERS_COLLECTION, { limit: 50 });
    expect(items).toHaveLength(8);
    expect(JSON.stringify(items)).not.toContain('tok_legacy_in_the_log');
    expect((await view(legacyId)).payment.method).toBe('card');
  });

  it('has no document for an order never placed', async () => {
    expect(await orders.get(orderIdOf(404))).toBeNull();
  });
});

describe('pick lists', () => {
  let story: OrderStory;
  const orderId = orderIdOf(50);
  const entry = () => story.documents.get<PickListEntry>(PICK_LISTS_COLLECTION, pickListEntryId(orderId, 'F1'));

  beforeEach(async () => {
    story = await OrderStory.open();
    await story.product('SKU-A', 1000);
    await story.location('east', 1);
    await story.policy('east', 'SKU-A', { bin: 'E-A1' });
    await story.receive('east', 'SKU-A', 10);
    await story.authorized(orderId, { at: at(3), lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await story.allocate(orderId, 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 2 }], at(3, 1));
    await story.project();
  });
  afterEach(() => story.close());

  it('lists a requested fulfilment at its location with lines, quantities, bins and where it goes', async () => {
    expect(await entry()).toEqual({
      orderId,
      fulfillmentId: 'F1',
      locationId: 'east',
      status: 'requested',
      onHold: false,
      lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 2, bin: 'E-A1' }],
      shipTo: { name: 'Ada', city: 'Springfield', postalCode: '62701', country: 'US' },
      shippingMethod: 'standard',
      trackingNumber: null,
      requestedAt: at(3, 1),
    });
  });

  it('follows the fulfilment through pick, pack and label, and drops it once shipped', async () => {
    await story.pick(orderId, 'F1', at(3, 10));
    await story.project();
    expect(await entry()).toMatchObject({ status: 'picked' });

    await story.pack(orderId, 'F1', at(3, 20));
    await story.label(orderId, 'F1', at(3, 21));
    await story.project();
    expect(await entry()).toMatchObject({ status: 'packed', trackingNumber: '1Z-F1' });

    await story.ship(orderId, 'F1', at(3, 30));
    await story.project();
    expect(await entry()).toBeNull();
  });

  it('marks the entry while the order is held and drops it when the order is cancelled', async () => {
    await story.hold(orderId, 'fraud review', at(3, 5));
    await story.project();
    expect(await entry()).toMatchObject({ onHold: true, status: 'requested' });

    await story.release(orderId, at(3, 6));
    await story.project();
    expect(await entry()).toMatchObject({ onHold: false });

    await story.cancel(orderId, 'customer request', at(3, 7));
    await story.project();
    expect(await entry()).toBeNull();
  });
});
