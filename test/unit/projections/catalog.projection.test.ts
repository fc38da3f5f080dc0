import { CatalogQueries } from '../../../src/queries/catalog-queries';
import { at, OrderStory } from './support/order-story';

describe('catalog read models', () => {
  let story: OrderStory;
  let catalog: CatalogQueries;
  beforeEach(async () => {
    story = await OrderStory.open();
    catalog = new CatalogQueries(story.documents);
  });
  afterEach(() => story.close());

  it('keeps each product as last defined: renamed, repriced, deactivated and reactivated', async () => {
    await story.product('SKU-A', 1000, { at: at(1), name: 'Anvil' });
    await story.product('SKU-B', 500, { at: at(1), name: 'Bucket' });
    await story.project();
    expect(await catalog.product('SKU-A')).toEqual({ sku: 'SKU-A', name: 'Anvil', unitPrice: 1000, currency: 'USD', active: true, productId: null, optionValues: null, updatedAt: at(1) });

    await story.product('SKU-A', 1250, { at: at(2), name: 'Anvil XL', currency: 'EUR' });
    await story.product('SKU-B', 500, { at: at(3), name: 'Bucket', active: false });
    await story.project();
    expect(await catalog.product('SKU-A')).toEqual({ sku: 'SKU-A', name: 'Anvil XL', unitPrice: 1250, currency: 'EUR', active: true, productId: null, optionValues: null, updatedAt: at(2) });
    expect(await catalog.product('SKU-B')).toMatchObject({ active: false, updatedAt: at(3) });
    expect((await catalog.products({ active: true }, { limit: 50 })).items.map((p) => p.sku)).toEqual(['SKU-A']);
    expect((await catalog.products({ active: false }, { limit: 50 })).items.map((p) => p.sku)).toEqual(['SKU-B']);

    await story.product('SKU-B', 500, { at: at(4), name: 'Bucket', active: true });
    await story.project();
    expect(await catalog.product('SKU-B')).toMatchObject({ active: true, updatedAt: at(4) });
    expect((await catalog.products({}, { limit: 1 })).nextCursor).not.toBeNull();
    expect(await catalog.product('SKU-Z')).toBeNull();
  });

  it('keeps each location with its details, lists them by priority and keeps them active across an update', async () => {
    await story.location('east', 2, { at: at(1) });
    await story.location('west', 1, { at: at(1), country: 'CA' });
    await story.location('north', 3, { at: at(1), active: false });
    await story.project();
    expect(await catalog.location('west')).toEqual({
      locationId: 'west',
      name: 'Warehouse west',
      kind: 'warehouse',
      priority: 1,
      address: { country: 'CA', postalCode: '62701', region: 'IL', city: 'Springfield' },
      active: true,
      updatedAt: at(1),
    });
    expect((await catalog.locations({}, { limit: 50 })).items.map((l) => l.locationId)).toEqual(['west', 'east', 'north']);
    expect((await catalog.locations({ active: true }, { limit: 50 })).items.map((l) => l.locationId)).toEqual(['west', 'east']);

    await story.location('east', 0, { at: at(2), name: 'East hub' });
    await story.location('west', 1, { at: at(3), country: 'CA', active: false });
    await story.project();
    expect(await catalog.location('east')).toMatchObject({ name: 'East hub', priority: 0, active: true, updatedAt: at(2) });
    expect(await catalog.location('west')).toMatchObject({ active: false, updatedAt: at(3) });
    expect((await catalog.locations({ active: true }, { limit: 50 })).items.map((l) => l.locationId)).toEqual(['east']);
  });
});
