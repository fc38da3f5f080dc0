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

describe('product families and storefront SKUs', () => {
  let story: OrderStory;
  let catalog: CatalogQueries;
  beforeEach(async () => {
    story = await OrderStory.open();
    catalog = new CatalogQueries(story.documents);
  });
  afterEach(() => story.close());

  const options = [
    { name: 'Size', values: ['S', 'M'] },
    { name: 'Colour', values: ['Red', 'Blue'] },
  ];

  it('keeps a family with its variants in the order they were added, and marks each variant product with its family and values', async () => {
    await story.productFamily('TEE', options, { at: at(1), name: 'T-shirt' });
    await story.variant('TEE', 'TEE-S-RED', 1500, { Size: 'S', Colour: 'Red' }, { at: at(2) });
    await story.variant('TEE', 'TEE-M-BLUE', 1600, { Size: 'M', Colour: 'Blue' }, { at: at(3), externalSkus: { shopify: '9007199254740993' } });
    await story.variant('TEE', 'TEE-S-RED', 1500, { Size: 'S', Colour: 'Blue' }, { at: at(4) });
    await story.project();

    expect(await catalog.family('TEE')).toEqual({
      productId: 'TEE',
      name: 'T-shirt',
      currency: 'USD',
      options,
      variants: [
        { sku: 'TEE-S-RED', optionValues: { Size: 'S', Colour: 'Blue' }, externalSkus: {} },
        { sku: 'TEE-M-BLUE', optionValues: { Size: 'M', Colour: 'Blue' }, externalSkus: { shopify: '9007199254740993' } },
      ],
      updatedAt: at(4),
    });
    expect(await catalog.product('TEE-S-RED')).toMatchObject({ productId: 'TEE', optionValues: { Size: 'S', Colour: 'Blue' }, updatedAt: at(4) });
    expect((await catalog.familyWithVariants('TEE'))?.variants.map((v) => [v.sku, v.unitPrice, v.name])).toEqual([
      ['TEE-S-RED', 1500, 'Variant TEE-S-RED'],
      ['TEE-M-BLUE', 1600, 'Variant TEE-M-BLUE'],
    ]);
    expect(await catalog.family('NOPE')).toBeNull();
  });

  describe('resolvePlatformSku', () => {
    beforeEach(async () => {
      await story.product('PLAIN-1', 900);
      await story.productFamily('TEE', options);
      await story.variant('TEE', 'TEE-S-RED', 1500, { Size: 'S', Colour: 'Red' }, { externalSkus: { shopify: '44012345678901234', woocommerce: 'tee-small-red' } });
      await story.variant('TEE', 'TEE-M-RED', 1500, { Size: 'M', Colour: 'Red' }, { externalSkus: { magento: 'TSHIRT-M-R' } });
      await story.project();
    });

    it.each<[string, Parameters<CatalogQueries['resolvePlatformSku']>, string | null]>([
      ['a Shopify variant_id (beyond 2^53) to its variant', ['shopify', { variantId: '44012345678901234', sku: '' }], 'TEE-S-RED'],
      ["the variant id before the line's SKU", ['shopify', { variantId: '44012345678901234', sku: 'PLAIN-1' }], 'TEE-S-RED'],
      ["a WooCommerce line's SKU mapped to a variant", ['woocommerce', { variantId: '812', sku: 'tee-small-red' }], 'TEE-S-RED'],
      ["a Magento item's SKU mapped to a variant", ['magento', { sku: 'TSHIRT-M-R' }], 'TEE-M-RED'],
      ['our own variant SKU as sent', ['shopify', { variantId: '1', sku: 'TEE-M-RED' }], 'TEE-M-RED'],
      ['our own SKU of a product on its own', ['woocommerce', { variantId: null, sku: 'PLAIN-1' }], 'PLAIN-1'],
      ["another storefront's mapping to nothing", ['woocommerce', { variantId: '44012345678901234' }], null],
      ['an unknown SKU to nothing', ['magento', { sku: 'UNKNOWN-9' }], null],
      ['a line with neither to nothing', ['shopify', { variantId: null, sku: null }], null],
    ])('resolves %s', async (_, [platform, item], expected) => {
      expect(await catalog.resolvePlatformSku(platform, item)).toBe(expected);
    });

    it('forgets a storefront id a variant no longer goes by', async () => {
      await story.variant('TEE', 'TEE-S-RED', 1500, { Size: 'S', Colour: 'Red' }, { externalSkus: { shopify: '44012345678909999' } });
      await story.project();
      expect(await catalog.resolvePlatformSku('shopify', { variantId: '44012345678901234' })).toBeNull();
      expect(await catalog.resolvePlatformSku('shopify', { variantId: '44012345678909999' })).toBe('TEE-S-RED');
      expect(await catalog.resolvePlatformSku('woocommerce', { sku: 'tee-small-red' })).toBeNull();
    });
  });
});
