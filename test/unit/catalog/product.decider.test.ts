import { foldEvents } from '../../../src/domain/kernel/decider';
import {
  FamilyCurrencyFixed,
  InvalidProduct,
  ProductInOtherFamily,
  ProductEvent,
  ProductNotFound,
  productDecider,
  productStreamId,
  type ProductDetails,
} from '../../../src/domain/catalog';
import { deciderSpec } from '../../support/decider-spec';
import {
  deactivateProduct,
  defineProduct,
  productDeactivated,
  productJoinedFamily,
  productReactivated,
  productRegistered,
  productRenamed,
  productRepriced,
} from './product.builders';

const given = deciderSpec(productDecider);

describe('product stream id', () => {
  it('is product-<sku>', () => expect(productStreamId('SKU-1')).toBe('product-SKU-1'));
});

describe('DefineProduct', () => {
  it('registers a new product', () => given().when(defineProduct()).then([productRegistered()]));

  it('registers a new product inactive when asked', () =>
    given().when(defineProduct({ active: false })).then([productRegistered({ active: false })]));

  it('does nothing when nothing changed', () => given(productRegistered()).when(defineProduct()).then([]));

  it('records a new name', () =>
    given(productRegistered()).when(defineProduct({ name: 'Widget Pro' })).then([productRenamed('Widget Pro')]));

  it('records a new price with the previous one', () =>
    given(productRegistered())
      .when(defineProduct({ unitPrice: 2499 }))
      .then([productRepriced([2499, 'USD'], [1999, 'USD'])]));

  it('records a new currency as a repricing', () =>
    given(productRegistered())
      .when(defineProduct({ currency: 'EUR' }))
      .then([productRepriced([1999, 'EUR'], [1999, 'USD'])]));

  it('deactivates', () => given(productRegistered()).when(defineProduct({ active: false })).then([productDeactivated()]));

  it('reactivates', () =>
    given(productRegistered(), productDeactivated()).when(defineProduct({ active: true })).then([productReactivated()]));

  it('records every change, in the order renamed, repriced, (de|re)activated', () =>
    given(productRegistered())
      .when(defineProduct({ name: 'Gadget', unitPrice: 500, currency: 'GBP', active: false }))
      .then([productRenamed('Gadget'), productRepriced([500, 'GBP'], [1999, 'USD']), productDeactivated()]));

  it('compares with the latest state, not the registration', () =>
    given(productRegistered(), productRenamed('Gadget'), productRepriced([500, 'USD'], [1999, 'USD']), productDeactivated())
      .when(defineProduct({ name: 'Gadget', unitPrice: 500, active: false }))
      .then([]));

  it('accepts a free product and a 200-character name', () =>
    given().when(defineProduct({ unitPrice: 0, name: 'x'.repeat(200) })).then([productRegistered({ unitPrice: 0, name: 'x'.repeat(200) })]));

  it.each<[string, Partial<ProductDetails>, string]>([
    ['an empty name', { name: '' }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a name over 200 characters', { name: 'x'.repeat(201) }, 'name'],
    ['a negative price', { unitPrice: -1 }, 'unitPrice'],
    ['a fractional price', { unitPrice: 19.99 }, 'unitPrice'],
    ['a currency that is not ISO 4217', { currency: 'usd' }, 'currency'],
  ])('refuses %s', (_, details, path) => {
    const error = given().when(defineProduct(details)).thenThrows(InvalidProduct, 'PRODUCT.INVALID');
    expect(error.details).toEqual({ errors: [{ path, message: expect.any(String) }] });
  });

  it('refuses invalid details for an existing product too', () => {
    given(productRegistered()).when(defineProduct({ name: '' })).thenThrows(InvalidProduct);
  });
});

describe('DeactivateProduct', () => {
  it('deactivates an active product', () => given(productRegistered()).when(deactivateProduct()).then([productDeactivated()]));

  it('does nothing when already inactive', () =>
    given(productRegistered(), productDeactivated()).when(deactivateProduct()).then([]));

  it('does nothing when registered inactive', () =>
    given(productRegistered({ active: false })).when(deactivateProduct()).then([]));

  it('refuses an unknown product', () => {
    const error = given().when(deactivateProduct()).thenThrows(ProductNotFound, 'PRODUCT.NOT_FOUND');
    expect(error.details).toEqual({ sku: 'SKU-1' });
  });
});

describe('DefineProduct for a variant (with productId)', () => {
  const defineVariant = (details: Partial<ProductDetails> = {}, productId = 'TEE') => {
    const command = defineProduct(details);
    return { ...command, data: { ...command.data, productId } } as typeof command;
  };

  it('registers a new SKU as a variant of the family in the same append', () =>
    given().when(defineVariant()).then([productRegistered(), productJoinedFamily('TEE')]));

  it('makes a product on its own a variant, after recording what changed', () =>
    given(productRegistered())
      .when(defineVariant({ unitPrice: 2499, currency: 'EUR' }))
      .then([productRepriced([2499, 'EUR'], [1999, 'USD']), productJoinedFamily('TEE')]));

  it('does nothing for a variant of the same family with the same details', () =>
    given(productRegistered(), productJoinedFamily('TEE')).when(defineVariant()).then([]));

  it('refuses a SKU that is a variant of another family', () => {
    const error = given(productRegistered(), productJoinedFamily('TEE'))
      .when(defineVariant({}, 'HOODIE'))
      .thenThrows(ProductInOtherFamily, 'PRODUCT.IN_OTHER_FAMILY');
    expect(error.details).toEqual({ sku: 'SKU-1', productId: 'TEE', requestedProductId: 'HOODIE' });
  });

  it("refuses a variant's change of currency, through either route", () => {
    given(productRegistered(), productJoinedFamily('TEE')).when(defineVariant({ currency: 'EUR' })).thenThrows(FamilyCurrencyFixed, 'PRODUCT.FAMILY_CURRENCY_FIXED');
    given(productRegistered(), productJoinedFamily('TEE')).when(defineProduct({ currency: 'EUR' })).thenThrows(FamilyCurrencyFixed);
  });

  it('lets PUT /products reprice and rename a variant in its currency', () =>
    given(productRegistered(), productJoinedFamily('TEE'))
      .when(defineProduct({ unitPrice: 2499 }))
      .then([productRepriced([2499, 'USD'], [1999, 'USD'])]));

  it('remembers the family', () => expect(foldEvents(productDecider, [productRegistered(), productJoinedFamily('TEE')])).toMatchObject({ productId: 'TEE' }));
});

describe('product state', () => {
  it('does not exist before registration', () => expect(productDecider.initialState()).toEqual({ exists: false }));

  it('follows renames, repricings and (de|re)activations', () => {
    const events = [
      productRegistered(),
      productRenamed('Gadget'),
      productRepriced([500, 'EUR'], [1999, 'USD']),
      productDeactivated(),
    ];
    expect(foldEvents(productDecider, events)).toEqual({
      exists: true,
      sku: 'SKU-1',
      name: 'Gadget',
      unitPrice: 500,
      currency: 'EUR',
      active: false,
      productId: null,
    });
    expect(foldEvents(productDecider, [...events, productReactivated()])).toMatchObject({ active: true });
  });

  it('every event matches the published event schema', () => {
    const events = [
      productRegistered(),
      productRenamed('Gadget'),
      productRepriced([500, 'EUR'], [1999, 'USD']),
      productDeactivated(),
      productReactivated(),
      productJoinedFamily('TEE'),
    ];
    for (const event of events) expect(ProductEvent.parse(event)).toEqual(event);
  });
});
