import { SHIPMENTS_COLLECTION, ShipmentLookup } from '../../../src/projections/read-models/tracking.projection';
import { at, orderIdOf, OrderStory } from './support/order-story';

describe('tracking read model: which shipments are still open', () => {
  let story: OrderStory;
  const orderId = orderIdOf(70);
  const lookup = () => story.documents.get<ShipmentLookup>(SHIPMENTS_COLLECTION, '1Z-F1');
  const openShipments = async () =>
    (await story.documents.find<ShipmentLookup>(SHIPMENTS_COLLECTION, { filter: { open: true } })).items.map((s) => s.trackingNumber);

  beforeEach(async () => {
    story = await OrderStory.open();
    await story.product('SKU-A', 1000);
    await story.location('east', 1);
    await story.receive('east', 'SKU-A', 10);
    await story.authorized(orderId, { at: at(3), lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await story.allocate(orderId, 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 2 }], at(3, 1));
    await story.pick(orderId, 'F1', at(3, 2));
    await story.pack(orderId, 'F1', at(3, 3));
    await story.label(orderId, 'F1', at(3, 4));
    await story.project();
  });
  afterEach(() => story.close());

  it('opens a shipment with its label, and closes it when the fulfilment is delivered', async () => {
    expect(await lookup()).toEqual({ trackingNumber: '1Z-F1', orderId, fulfillmentId: 'F1', carrier: 'ups', open: true });
    expect(await openShipments()).toEqual(['1Z-F1']);
    await story.ship(orderId, 'F1', at(3, 5));
    await story.project();
    expect(await openShipments()).toEqual(['1Z-F1']);
    await story.deliver(orderId, 'F1', at(4));
    await story.project();
    expect(await lookup()).toMatchObject({ orderId, fulfillmentId: 'F1', open: false });
    expect(await openShipments()).toEqual([]);
  });

  it('closes the shipments of a cancelled order', async () => {
    await story.cancel(orderId, 'customer changed their mind', at(3, 6));
    await story.project();
    expect(await lookup()).toMatchObject({ orderId, fulfillmentId: 'F1', open: false });
    expect(await openShipments()).toEqual([]);
  });
});
