import {
  isWellFormedEmail,
  orderDecider,
  validateOrderAgainstCatalog,
  type PlaceOrder,
  type ValidationCode,
} from '../../../src/domain/order';
import {
  catalog,
  fold,
  given,
  orderCancelled,
  orderPlaced,
  orderRejected,
  orderValidated,
  placeOrderData,
  t,
  validateOrder,
} from './order-builders';

type Overrides = Partial<PlaceOrder['data']>;
const address = placeOrderData().shippingAddress;
const customer = placeOrderData().customer;
const failures = (overrides: Overrides, c = catalog()) =>
  validateOrderAgainstCatalog(placeOrderData(overrides), c).map(({ code, path }) => ({ code, path }));

describe('ValidateOrder', () => {
  it('validates an order that passes every check', () =>
    given(orderPlaced()).when(validateOrder(catalog(), t(4))).then([orderValidated(t(4))]));

  it('rejects with the reasons, at the command time', () =>
    given(orderPlaced({ lines: [{ sku: 'SKU-Z', quantity: 1, unitPrice: 100 }] }))
      .when(validateOrder(catalog(), t(4)))
      .then([
        orderRejected([{ code: 'UNKNOWN_SKU', message: 'SKU SKU-Z is not in the catalog', path: 'lines[0].sku' }], t(4)),
      ]));

  it('collects every failing reason, not just the first', () => {
    const state = fold([
      orderPlaced({
        customer: { ...customer, email: 'ada@' },
        lines: [
          { sku: 'SKU-A', quantity: 1, unitPrice: 0 },
          { sku: 'GONE', quantity: 0, unitPrice: 0 },
          { sku: 'OLD', quantity: 1, unitPrice: 0 },
        ],
        shippingAddress: { ...address, country: 'usa', postalCode: '', line1: '  ' },
        shippingCost: 0,
      }),
    ]);
    const c = catalog({ OLD: { active: false, currency: 'EUR', unitPrice: 0 } });
    const events = orderDecider.decide(validateOrder(c), state);
    expect(events).toHaveLength(1);
    const [rejected] = events;
    if (rejected?.type !== 'OrderRejected') throw new Error(`expected OrderRejected, got ${rejected?.type}`);
    expect(rejected.data.reasons.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'UNKNOWN_SKU', path: 'lines[1].sku' },
      { code: 'INVALID_QUANTITY', path: 'lines[1].quantity' },
      { code: 'INACTIVE_SKU', path: 'lines[2].sku' },
      { code: 'CURRENCY_MISMATCH', path: 'currency' },
      { code: 'INVALID_COUNTRY', path: 'shippingAddress.country' },
      { code: 'MISSING_POSTAL_CODE', path: 'shippingAddress.postalCode' },
      { code: 'MISSING_ADDRESS_LINE', path: 'shippingAddress.line1' },
      { code: 'INVALID_EMAIL', path: 'customer.email' },
      { code: 'NON_POSITIVE_TOTAL', path: null },
    ]);
    for (const reason of rejected.data.reasons) expect(reason.message).not.toBe('');
  });

  it('is idempotent once validated', () => given(orderPlaced(), orderValidated()).when(validateOrder()).then([]));

  it('does not re-decide a rejected order even if the catalog would now accept it', () =>
    given(orderPlaced(), orderRejected()).when(validateOrder(catalog())).then([]));

  it('has nothing to decide on a cancelled order', () =>
    given(orderPlaced(), orderCancelled()).when(validateOrder()).then([]));
});

describe('validateOrderAgainstCatalog', () => {
  it('finds nothing wrong with a good order', () => expect(failures({})).toEqual([]));

  const line = (sku: string, quantity: number, unitPrice = 1) => ({ sku, quantity, unitPrice });
  const shipTo = (patch: Partial<typeof address>): Overrides => ({ shippingAddress: { ...address, ...patch } });
  const quantityAt = (i: number) => ({ code: 'INVALID_QUANTITY', path: `lines[${i}].quantity` }) as const;
  const unknownAt = (i: number) => ({ code: 'UNKNOWN_SKU', path: `lines[${i}].sku` }) as const;
  const country = { code: 'INVALID_COUNTRY', path: 'shippingAddress.country' } as const;
  const total = { code: 'NON_POSITIVE_TOTAL', path: null } as const;
  const mismatch = { code: 'CURRENCY_MISMATCH', path: 'currency' } as const;

  const cases: [string, Overrides, { code: ValidationCode; path: string | null }[]][] = [
    ['a SKU missing from the catalog', { lines: [line('SKU-X', 1)] }, [unknownAt(0)]],
    [
      'SKUs named like Object.prototype members',
      { lines: [line('constructor', 1), line('__proto__', 1)] },
      [unknownAt(0), unknownAt(1)],
    ],
    ['a zero quantity', { lines: [line('SKU-A', 0)] }, [quantityAt(0)]],
    ['a negative quantity', { lines: [line('SKU-A', -2, 1000), line('SKU-B', 9, 500)] }, [quantityAt(0)]],
    ['a fractional quantity', { lines: [line('SKU-A', 1.5)] }, [quantityAt(0)]],
    ['a quantity above the maximum', { lines: [line('SKU-A', 1_000_001)] }, [quantityAt(0)]],
    ['an order currency the catalog does not price in (once per line)', { currency: 'EUR' }, [mismatch, mismatch]],
    ['a lower-case country', shipTo({ country: 'gb' }), [country]],
    ['a three-letter country', shipTo({ country: 'USA' }), [country]],
    ['an empty country', shipTo({ country: '' }), [country]],
    ['a blank postal code', shipTo({ postalCode: ' \t' }), [{ code: 'MISSING_POSTAL_CODE', path: 'shippingAddress.postalCode' }]],
    ['an empty line1', shipTo({ line1: '' }), [{ code: 'MISSING_ADDRESS_LINE', path: 'shippingAddress.line1' }]],
    [
      'a malformed email',
      { customer: { ...customer, email: 'ada.example.com' } },
      [{ code: 'INVALID_EMAIL', path: 'customer.email' }],
    ],
    ['a zero total', { lines: [line('SKU-A', 1, 0)], shippingCost: 0 }, [total]],
    ['a negative total', { lines: [line('SKU-A', -1, 1000)], shippingCost: 0 }, [quantityAt(0), total]],
  ];
  it.each(cases)('reports %s', (_, overrides, expected) => expect(failures(overrides)).toEqual(expected));

  it('reports an inactive SKU (and still checks its currency)', () => {
    const c = catalog({ 'SKU-B': { active: false, currency: 'GBP', unitPrice: 500 } });
    expect(failures({}, c)).toEqual([
      { code: 'INACTIVE_SKU', path: 'lines[1].sku' },
      { code: 'CURRENCY_MISMATCH', path: 'currency' },
    ]);
  });

  it('accepts free items when shipping makes the total positive', () =>
    expect(failures({ lines: [{ sku: 'SKU-A', quantity: 1, unitPrice: 0 }], shippingCost: 1 })).toEqual([]));

  it('rejects an order in a currency with no shipping rate, with the reason', () => {
    const chf = catalog({ 'SKU-A': { active: true, currency: 'CHF', unitPrice: 1999 }, 'SKU-B': { active: true, currency: 'CHF', unitPrice: 500 } });
    expect(failures({ currency: 'CHF' }, chf)).toEqual([{ code: 'NO_SHIPPING_RATE', path: 'currency' }]);
    const [reason] = validateOrderAgainstCatalog(placeOrderData({ currency: 'CHF', shippingMethod: 'express' }), chf);
    expect(reason?.message).toBe('there is no express shipping rate in CHF');
  });

  it('accepts every currency that has rates', () => {
    for (const currency of ['USD', 'EUR', 'GBP', 'CAD', 'JPY']) {
      const priced = catalog({ 'SKU-A': { active: true, currency, unitPrice: 1999 }, 'SKU-B': { active: true, currency, unitPrice: 500 } });
      expect(failures({ currency }, priced)).toEqual([]);
    }
  });

  it('explains each reason in its message', () => {
    const [reason] = validateOrderAgainstCatalog(placeOrderData({ currency: 'EUR' }), catalog());
    expect(reason?.message).toContain('EUR');
    expect(reason?.message).toContain('USD');
    expect(reason?.message).toContain('SKU-A');
  });
});

describe('isWellFormedEmail', () => {
  it.each(['ada@example.com', 'a.b+tag@mail.example.co.uk', "o'brien@example.ie", 'x_1@sub-domain.example.org'])(
    'accepts %s',
    (email) => expect(isWellFormedEmail(email)).toBe(true),
  );
  it.each([
    '',
    'ada',
    'ada@',
    '@example.com',
    'ada@example',
    'ada@@example.com',
    'ada @example.com',
    'ada@exa mple.com',
    '.ada@example.com',
    'ada.@example.com',
    'a..da@example.com',
    'ada@-example.com',
    'ada@example..com',
    'ada@example.c',
    'ada@example.123',
    `${'a'.repeat(65)}@example.com`,
  ])('refuses %j', (email) => expect(isWellFormedEmail(email)).toBe(false));
});
