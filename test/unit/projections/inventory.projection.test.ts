import { INVENTORY_COLLECTION, InventoryLevel, inventoryLevelId } from '../../../src/projections/read-models/inventory.projection';
import { InventoryQueries } from '../../../src/queries/inventory-queries';
import { at, orderIdOf, OrderStory } from './support/order-story';
import { busyWeek, ORDERS } from './support/scenario';

describe('inventory read model', () => {
  let story: OrderStory;
  let inventory: InventoryQueries;
  beforeAll(async () => {
    story = await OrderStory.open();
    await busyWeek(story);
    await story.project();
    inventory = new InventoryQueries(story.documents);
  });
  afterAll(() => story.close());

  const level = (locationId: string, sku: string) => story.documents.get<InventoryLevel>(INVENTORY_COLLECTION, inventoryLevelId(locationId, sku));

  it('keeps on-hand, reserved, available and atp per SKU per location through receive, reserve, ship and release', async () => {
    // east SKU-A: 10 received, safety stock 1; 2 (delivered order) and 3 (split order) reserved then shipped
    expect(await level('east', 'SKU-A')).toEqual({
      sku: 'SKU-A',
      locationId: 'east',
      onHand: 5,
      reserved: 0,
      available: 5,
      atp: 4,
      safetyStock: 1,
      lowStockThreshold: 3,
      leadTimeDays: 5,
      lowStock: false,
      outOfStock: false,
      bin: 'E-A1',
      updatedAt: at(5, 0),
    });
    // east SKU-B: 1 shipped with the delivered order; the cancelled order's reservation released
    expect(await level('east', 'SKU-B')).toMatchObject({ onHand: 9, reserved: 0, available: 9, atp: 9, updatedAt: at(5, 10) });
    // west: the split order's second part and the held order are still reserved
    expect(await level('west', 'SKU-A')).toMatchObject({ onHand: 10, reserved: 2, available: 8, atp: 8, bin: 'W-A1' });
    expect(await level('west', 'SKU-B')).toMatchObject({ onHand: 10, reserved: 2, available: 8, atp: 8, bin: null });
  });

  it('answers GET /inventory/{sku} with totals over every location that stocks it', async () => {
    expect(await inventory.forSku('SKU-A')).toEqual({
      sku: 'SKU-A',
      totals: { onHand: 15, reserved: 2, available: 13, atp: 12 },
      locations: [
        expect.objectContaining({ locationId: 'east', onHand: 5, reserved: 0, available: 5, atp: 4, safetyStock: 1, lowStock: false, bin: 'E-A1' }),
        expect.objectContaining({ locationId: 'west', onHand: 10, reserved: 2, available: 8, atp: 8, safetyStock: 0, lowStock: false, bin: 'W-A1' }),
      ],
    });
    expect(await inventory.forSku('SKU-C')).toBeNull(); // ordered, never stocked anywhere
  });

  it('flags low stock once available is at or below the threshold, and lists it by location', async () => {
    await story.adjust('east', 'SKU-A', -2, at(7)); // available 3 = threshold 3
    await story.project();
    expect(await level('east', 'SKU-A')).toMatchObject({ onHand: 3, available: 3, atp: 2, lowStock: true, updatedAt: at(7) });

    const low = await inventory.list({ lowStock: true }, { limit: 50 });
    expect(low.items.map((row) => `${row.locationId}.${row.sku}`)).toEqual(['east.SKU-A']);
    const atEast = await inventory.list({ locationId: 'east' }, { limit: 50 });
    expect(atEast.items.map((row) => row.sku)).toEqual(['SKU-A', 'SKU-B']);
    expect((await inventory.list({ lowStock: true, locationId: 'west' }, { limit: 50 })).items).toEqual([]);
  });

  it('never lets atp go below zero when the safety stock exceeds what is available', async () => {
    await story.policy('west', 'SKU-B', { safetyStock: 20 }, at(7));
    await story.project();
    expect(await level('west', 'SKU-B')).toMatchObject({ available: 8, atp: 0, safetyStock: 20 });
  });

  it('shows a sell-out without a threshold as out of stock, not as low stock', async () => {
    await story.adjust('west', 'SKU-B', -8, at(8)); // 2 of 10 reserved: nothing left available, threshold 0
    await story.project();
    expect(await level('west', 'SKU-B')).toMatchObject({ available: 0, lowStockThreshold: 0, lowStock: false, outOfStock: true });
    expect((await inventory.list({ lowStock: true, locationId: 'west' }, { limit: 50 })).items).toEqual([]);
    expect(await level('west', 'SKU-A')).toMatchObject({ available: 8, outOfStock: false });
  });

  it('lists a location\'s open fulfilments as its pick list, oldest request first', async () => {
    const west = await inventory.pickList('west', { limit: 50 });
    expect(west.items.map(({ orderId, fulfillmentId, status, onHold }) => ({ orderId, fulfillmentId, status, onHold }))).toEqual([
      { orderId: ORDERS.split, fulfillmentId: 'F2', status: 'picked', onHold: false },
      { orderId: ORDERS.held, fulfillmentId: 'F1', status: 'requested', onHold: true },
    ]);
    expect(west.items[0]!.lines).toEqual([{ lineId: 'L1', sku: 'SKU-A', quantity: 2, bin: 'W-A1' }]);
    expect((await inventory.pickList('east', { limit: 50 })).items).toEqual([]); // shipped or cancelled
    const firstOfOne = await inventory.pickList('west', { limit: 1 });
    expect(firstOfOne.items).toHaveLength(1);
    const rest = await inventory.pickList('west', { limit: 1, cursor: firstOfOne.nextCursor });
    expect(rest.items[0]?.orderId).toBe(ORDERS.held);
    expect(rest.nextCursor).toBeNull();
  });

  it('counts a reservation made and committed within one batch', async () => {
    const orderId = orderIdOf(70);
    await story.receive('east', 'SKU-B', 1, at(8));
    await story.authorized(orderId, { at: at(8), lines: [{ sku: 'SKU-B', quantity: 3 }] });
    await story.allocate(orderId, 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 3 }], at(8));
    await story.shipped(orderId, 'F1', at(8, 30));
    await story.project();
    expect(await level('east', 'SKU-B')).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  });
});
