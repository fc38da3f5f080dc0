import { foldEvents } from '../../../src/domain/kernel/decider';
import {
  CombinationTaken,
  ExternalSkuTaken,
  familyStreamId,
  FamilyCurrencyMismatch,
  InvalidOptionValues,
  InvalidProductFamily,
  OptionInUse,
  ProductFamilyEvent,
  productFamilyDecider,
  ProductFamilyNotFound,
  type ProductOption,
} from '../../../src/domain/catalog';
import { deciderSpec } from '../../support/decider-spec';
import {
  defineFamily,
  defineVariant,
  familyRegistered,
  familyRenamed,
  optionsChanged,
  SIZES_AND_COLOURS,
  variantAdded,
  variantChanged,
} from './family.builders';

const given = deciderSpec(productFamilyDecider);

const M_RED = { Size: 'M', Colour: 'Red' };

describe('product family stream id', () => {
  it('is family-<productId>, apart from the product-<sku> streams', () => expect(familyStreamId('TEE')).toBe('family-TEE'));
});

describe('DefineProductFamily', () => {
  it('registers a new family with its options', () => given().when(defineFamily()).then([familyRegistered()]));

  it('does nothing when nothing changed', () => given(familyRegistered()).when(defineFamily()).then([]));

  it('records a new name', () => given(familyRegistered()).when(defineFamily({ name: 'Tee' })).then([familyRenamed('Tee')]));

  it('records new options that every variant still fits', () => {
    const wider: ProductOption[] = [{ name: 'Size', values: ['XS', 'S', 'M', 'L'] }, SIZES_AND_COLOURS[1]!];
    given(familyRegistered(), variantAdded('TEE-M-RED', M_RED)).when(defineFamily({ options: wider })).then([optionsChanged(wider)]);
  });

  it('refuses options that drop a value a variant uses', () => {
    const noMedium: ProductOption[] = [{ name: 'Size', values: ['S', 'L'] }, SIZES_AND_COLOURS[1]!];
    const error = given(familyRegistered(), variantAdded('TEE-M-RED', M_RED))
      .when(defineFamily({ options: noMedium }))
      .thenThrows(OptionInUse, 'PRODUCT_FAMILY.OPTION_IN_USE');
    expect(error.details).toEqual({ productId: 'TEE', sku: 'TEE-M-RED' });
  });

  it('refuses a new option the variants have no value for', () => {
    const withFit = [...SIZES_AND_COLOURS, { name: 'Fit', values: ['Slim'] }];
    given(familyRegistered(), variantAdded('TEE-M-RED', M_RED)).when(defineFamily({ options: withFit })).thenThrows(OptionInUse);
  });

  it('refuses a change of currency', () => {
    given(familyRegistered()).when(defineFamily({ currency: 'EUR' })).thenThrows(FamilyCurrencyMismatch, 'PRODUCT_FAMILY.CURRENCY_MISMATCH');
  });

  it.each<[string, { name?: string; currency?: string; options?: ProductOption[] }, string]>([
    ['a blank name', { name: ' ' }, 'name'],
    ['no options', { options: [] }, 'options'],
    ['a repeated option name', { options: [SIZES_AND_COLOURS[0]!, SIZES_AND_COLOURS[0]!] }, 'options'],
    ['a repeated value', { options: [{ name: 'Size', values: ['S', 'S'] }] }, 'options.0.values'],
    ['an option without values', { options: [{ name: 'Size', values: [] }] }, 'options.0.values'],
    ['a blank value', { options: [{ name: 'Size', values: [' '] }] }, 'options.0.values.0'],
    ['a currency that is not ISO 4217', { currency: 'usd' }, 'currency'],
  ])('refuses %s', (_, fields, path) => {
    const error = given().when(defineFamily(fields)).thenThrows(InvalidProductFamily, 'PRODUCT_FAMILY.INVALID');
    expect(error.details).toEqual({ errors: [{ path, message: expect.any(String) }] });
  });
});

describe('DefineVariant', () => {
  it('adds a variant with its option values and storefront ids', () =>
    given(familyRegistered())
      .when(defineVariant('TEE-M-RED', M_RED, { externalSkus: { shopify: '44012345678901234' } }))
      .then([variantAdded('TEE-M-RED', M_RED, { shopify: '44012345678901234' })]));

  it('does nothing when the variant is listed as asked, whatever the order of its values', () =>
    given(familyRegistered(), variantAdded('TEE-M-RED', M_RED)).when(defineVariant('TEE-M-RED', { Colour: 'Red', Size: 'M' })).then([]));

  it('records new option values or storefront ids of a listed variant', () => {
    given(familyRegistered(), variantAdded('TEE-M-RED', M_RED))
      .when(defineVariant('TEE-M-RED', { Size: 'L', Colour: 'Red' }))
      .then([variantChanged('TEE-M-RED', { Size: 'L', Colour: 'Red' })]);
    given(familyRegistered(), variantAdded('TEE-M-RED', M_RED))
      .when(defineVariant('TEE-M-RED', M_RED, { externalSkus: { woocommerce: '812' } }))
      .then([variantChanged('TEE-M-RED', M_RED, { woocommerce: '812' })]);
  });

  it('refuses a second variant with the same combination', () => {
    const error = given(familyRegistered(), variantAdded('TEE-M-RED', M_RED))
      .when(defineVariant('TEE-M-RED-2', M_RED))
      .thenThrows(CombinationTaken, 'PRODUCT_FAMILY.COMBINATION_TAKEN');
    expect(error.details).toEqual({ productId: 'TEE', sku: 'TEE-M-RED-2', takenBy: 'TEE-M-RED' });
  });

  it('takes every other combination', () =>
    given(familyRegistered(), variantAdded('TEE-M-RED', M_RED))
      .when(defineVariant('TEE-M-BLUE', { Size: 'M', Colour: 'Blue' }))
      .then([variantAdded('TEE-M-BLUE', { Size: 'M', Colour: 'Blue' })]));

  it.each<[string, Record<string, string>, string]>([
    ['a value the option does not have', { Size: 'XL', Colour: 'Red' }, 'optionValues.Size'],
    ['a missing option', { Size: 'M' }, 'optionValues.Colour'],
    ['an option the family does not have', { Size: 'M', Colour: 'Red', Fit: 'Slim' }, 'optionValues.Fit'],
  ])('refuses %s', (_, optionValues, path) => {
    const error = given(familyRegistered()).when(defineVariant('TEE-X', optionValues)).thenThrows(InvalidOptionValues, 'PRODUCT_FAMILY.INVALID_OPTION_VALUES');
    expect(error.details).toEqual({ errors: [{ path, message: expect.any(String) }] });
  });

  it('refuses a price in another currency than the family', () => {
    const error = given(familyRegistered()).when(defineVariant('TEE-M-RED', M_RED, { currency: 'EUR' })).thenThrows(FamilyCurrencyMismatch);
    expect(error.details).toEqual({ productId: 'TEE', familyCurrency: 'USD', currency: 'EUR' });
  });

  it('refuses a storefront id another variant goes by on that storefront', () => {
    const error = given(familyRegistered(), variantAdded('TEE-M-RED', M_RED, { shopify: '4401' }))
      .when(defineVariant('TEE-L-RED', { Size: 'L', Colour: 'Red' }, { externalSkus: { shopify: '4401' } }))
      .thenThrows(ExternalSkuTaken, 'PRODUCT_FAMILY.EXTERNAL_SKU_TAKEN');
    expect(error.details).toEqual({ productId: 'TEE', platform: 'shopify', externalSku: '4401', takenBy: 'TEE-M-RED' });
  });

  it('lets the same id name different variants on different storefronts', () =>
    given(familyRegistered(), variantAdded('TEE-M-RED', M_RED, { shopify: '4401' }))
      .when(defineVariant('TEE-L-RED', { Size: 'L', Colour: 'Red' }, { externalSkus: { woocommerce: '4401' } }))
      .then([variantAdded('TEE-L-RED', { Size: 'L', Colour: 'Red' }, { woocommerce: '4401' })]));

  it('refuses an unknown family', () => {
    given().when(defineVariant('TEE-M-RED', M_RED)).thenThrows(ProductFamilyNotFound, 'PRODUCT_FAMILY.NOT_FOUND');
  });
});

describe('product family state', () => {
  it('keeps the variants in the order they were added, a changed one in its place', () => {
    const state = foldEvents(productFamilyDecider, [
      familyRegistered(),
      variantAdded('A', M_RED),
      variantAdded('B', { Size: 'L', Colour: 'Red' }),
      variantChanged('A', { Size: 'S', Colour: 'Red' }),
    ]);
    expect(state).toMatchObject({ variants: [{ sku: 'A', optionValues: { Size: 'S', Colour: 'Red' } }, { sku: 'B' }] });
  });

  it('every event matches the published event schema', () => {
    const events = [familyRegistered(), familyRenamed('Tee'), optionsChanged(SIZES_AND_COLOURS), variantAdded('A', M_RED, { magento: 'tee-m-red' }), variantChanged('A', M_RED)];
    for (const event of events) expect(ProductFamilyEvent.parse(event)).toEqual(event);
  });
});
