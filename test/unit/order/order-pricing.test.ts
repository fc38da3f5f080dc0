import { assertOrderAmounts, OrderAmountOutOfRange, OrderTotalTooLarge, PriceMismatch, priceLines } from '../../../src/domain/order';

const catalog = new Map([
  ['SKU-A', 1999],
  ['SKU-B', 500],
]);

const thrownBy = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
};

describe('priceLines: the catalog as the price authority', () => {
  it('prices a line sent without a price, or with exactly the catalog price, at the catalog price', () => {
    expect(priceLines([{ sku: 'SKU-A', quantity: 2 }, { sku: 'SKU-B', quantity: 1, unitPrice: 500 }], catalog, 'catalog')).toEqual([
      { sku: 'SKU-A', quantity: 2, unitPrice: 1999 },
      { sku: 'SKU-B', quantity: 1, unitPrice: 500 },
    ]);
  });

  it.each([[1], [0], [2000]])('refuses a price of %d for a 1999 product, naming the line, the SKU and the catalog price', (sent) => {
    const error = thrownBy(() => priceLines([{ sku: 'SKU-B', quantity: 1 }, { sku: 'SKU-A', quantity: 1, unitPrice: sent }], catalog, 'catalog'));
    expect(error).toBeInstanceOf(PriceMismatch);
    expect(error).toMatchObject({
      code: 'ORDER.PRICE_MISMATCH',
      details: { lines: [{ path: 'lines[1].unitPrice', sku: 'SKU-A', sentPrice: sent, catalogPrice: 1999 }] },
    });
  });

  it('refuses a price for a SKU the catalog does not know, and lets one without a price through to be rejected by validation', () => {
    expect(thrownBy(() => priceLines([{ sku: 'SKU-NOPE', quantity: 1, unitPrice: 100 }], catalog, 'catalog'))).toMatchObject({
      details: { lines: [{ sku: 'SKU-NOPE', sentPrice: 100, catalogPrice: null }] },
    });
    expect(priceLines([{ sku: 'SKU-NOPE', quantity: 1 }], catalog, 'catalog')).toEqual([{ sku: 'SKU-NOPE', quantity: 1, unitPrice: 0 }]);
  });
});

describe('priceLines: prices as sent', () => {
  it('keeps the prices a storefront or an admin already charged, and fills in the catalog price where none was sent', () => {
    expect(priceLines([{ sku: 'SKU-A', quantity: 1, unitPrice: 0 }, { sku: 'SKU-B', quantity: 1 }], catalog, 'as-sent')).toEqual([
      { sku: 'SKU-A', quantity: 1, unitPrice: 0 },
      { sku: 'SKU-B', quantity: 1, unitPrice: 500 },
    ]);
  });
});

describe('assertOrderAmounts', () => {
  const MAX = 100_000_000_000;
  const order = (lines: { quantity: number; unitPrice: number }[], shippingCost = 0) => ({ currency: 'USD', lines, shippingCost });

  it('lets an order up to the ceiling through', () => {
    expect(() => assertOrderAmounts(order([{ quantity: 1, unitPrice: 99_999_999_500 }], 500), MAX)).not.toThrow();
  });

  it('refuses a total above the ceiling, counted exactly', () => {
    const error = thrownBy(() => assertOrderAmounts(order([{ quantity: 1, unitPrice: 99_999_999_500 }], 501), MAX));
    expect(error).toBeInstanceOf(OrderTotalTooLarge);
    expect(error).toMatchObject({ code: 'ORDER.TOTAL_TOO_LARGE', details: { total: '100000000001', maxOrderTotal: MAX, currency: 'USD' } });
  });

  it('refuses 100 lines of 1,000,000 units at 100,000,000, a total beyond 2^53, with its exact value', () => {
    const lines = Array.from({ length: 100 }, () => ({ quantity: 1_000_000, unitPrice: 100_000_000 }));
    expect(thrownBy(() => assertOrderAmounts(order(lines), MAX))).toMatchObject({ details: { total: '10000000000000000' } });
  });

  it.each([
    ['a fractional quantity', { quantity: 1.5, unitPrice: 100 }, 'lines[0].quantity'],
    ['a price beyond 2^53', { quantity: 1, unitPrice: 2 ** 53 }, 'lines[0].unitPrice'],
    ['a negative price', { quantity: 1, unitPrice: -1 }, 'lines[0].unitPrice'],
  ])('refuses %s', (_, line, path) => {
    const error = thrownBy(() => assertOrderAmounts(order([line]), MAX));
    expect(error).toBeInstanceOf(OrderAmountOutOfRange);
    expect(error).toMatchObject({ code: 'ORDER.AMOUNT_OUT_OF_RANGE', details: { path } });
  });
});
