import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';
import { INVENTORY_COLLECTION, InventoryLevel, inventoryLevelId, inventoryProjection } from '../../../src/projections/read-models/inventory.projection';
import { InventoryQueries } from '../../../src/queries/inventory-queries';

const level = (locationId: string, sku: string, onHand: number, reserved: number, safetyStock = 0, lowStockThreshold = 0): InventoryLevel => {
  const available = onHand - reserved;
  return {
    sku,
    locationId,
    onHand,
    reserved,
    available,
    atp: Math.max(0, available - safetyStock),
    safetyStock,
    lowStockThreshold,
    leadTimeDays: 3,
    lowStock: lowStockThreshold > 0 && available <= lowStockThreshold,
    outOfStock: available <= 0,
    bin: null,
    updatedAt: '2025-03-01T09:00:00.000Z',
  };
};

describe('InventoryQueries', () => {
  let documents: SqliteDocumentStore;
  let inventory: InventoryQueries;
  beforeEach(async () => {
    documents = await SqliteDocumentStore.open(':memory:');
    await documents.ensureCollections(inventoryProjection.collections);
    inventory = new InventoryQueries(documents);
  });
  afterEach(() => documents.close());

  const store = (...levels: InventoryLevel[]) =>
    documents.commit({ writes: levels.map((doc) => ({ op: 'put', collection: INVENTORY_COLLECTION, id: inventoryLevelId(doc.locationId, doc.sku), doc })) });

  it('adds up every location of a SKU, however many there are', async () => {
    const locations = Array.from({ length: 620 }, (_, i) => `loc-${String(i).padStart(3, '0')}`);
    await store(...locations.map((locationId, i) => level(locationId, 'SKU-A', 10, i % 3, 2)), level('loc-000', 'SKU-B', 99, 0));

    const answer = await inventory.forSku('SKU-A');
    expect(answer?.locations).toHaveLength(620);
    // per location: reserved 0, 1 or 2 in turn; atp = 10 - reserved - 2
    const reserved = locations.reduce((sum, _, i) => sum + (i % 3), 0);
    expect(answer?.totals).toEqual({ onHand: 6200, reserved, available: 6200 - reserved, atp: 6200 - reserved - 2 * 620 });
    expect(answer?.locations[0]).toEqual({
      locationId: 'loc-000',
      onHand: 10,
      reserved: 0,
      available: 10,
      atp: 8,
      safetyStock: 2,
      lowStockThreshold: 0,
      leadTimeDays: 3,
      lowStock: false,
      outOfStock: false,
      bin: null,
      updatedAt: '2025-03-01T09:00:00.000Z',
    });
    expect(await inventory.forSku('SKU-Z')).toBeNull();
  });

  it('lists location rows filtered by low stock and location, a page at a time', async () => {
    await store(level('east', 'SKU-A', 2, 0, 0, 5), level('east', 'SKU-B', 50, 0, 0, 5), level('west', 'SKU-A', 1, 1, 0, 2), level('west', 'SKU-C', 9, 0));
    const ids = (rows: InventoryLevel[]) => rows.map((row) => inventoryLevelId(row.locationId, row.sku));

    expect(ids((await inventory.list({ lowStock: true }, { limit: 50 })).items)).toEqual(['east.SKU-A', 'west.SKU-A']);
    expect(ids((await inventory.list({ lowStock: false }, { limit: 50 })).items)).toEqual(['east.SKU-B', 'west.SKU-C']);
    expect(ids((await inventory.list({ lowStock: true, locationId: 'west' }, { limit: 50 })).items)).toEqual(['west.SKU-A']);

    const first = await inventory.list({}, { limit: 3 });
    expect(ids(first.items)).toEqual(['east.SKU-A', 'east.SKU-B', 'west.SKU-A']);
    const second = await inventory.list({}, { limit: 3, cursor: first.nextCursor });
    expect(ids(second.items)).toEqual(['west.SKU-C']);
    expect(second.nextCursor).toBeNull();
  });
});
