import {
  ShippingMethod,
  UnknownFulfillment,
  captureAmountFor,
  itemsTotal,
  orderTotals,
  shippingCostFor,
  shippingRatesFor,
  shippingMethods,
} from '../../../src/domain/order';
import {
  GRAND_TOTAL,
  alloc,
  authorized,
  fulfillmentRequested,
  inventoryAllocated,
  orderAfter,
  orderPlaced,
  paymentCaptured,
  requested,
} from './order-builders';

describe('order totals', () => {
  it('sums quantity x unit price over the lines', () =>
    expect(itemsTotal([{ quantity: 2, unitPrice: 1000 }, { quantity: 3, unitPrice: 333 }])).toBe(2999));

  it('is zero for no lines', () => expect(itemsTotal([])).toBe(0));

  it('adds shipping to the items for the grand total', () =>
    expect(orderTotals(orderAfter([orderPlaced()]))).toEqual({ items: 2500, discount: 0, shipping: 499, tax: 0, grand: GRAND_TOTAL }));
});

describe('captureAmountFor', () => {
  // L1: 2 x 10.00 split over wh-1 (1) and wh-2 (1); L2: 1 x 5.00 at wh-2
  const a1 = alloc('L1', 'SKU-A', 'wh-1', 1);
  const a2 = alloc('L1', 'SKU-A', 'wh-2', 1);
  const b2 = alloc('L2', 'SKU-B', 'wh-2', 1);
  const split = [
    ...authorized(),
    inventoryAllocated('alloc-1', [a1, a2, b2]),
    fulfillmentRequested('F1', 'wh-1', [a1]),
    fulfillmentRequested('F2', 'wh-2', [a2, b2]),
  ];

  it('is the grand total for an order shipped in one fulfillment', () =>
    expect(captureAmountFor(orderAfter(requested()), 'F1')).toBe(GRAND_TOTAL));

  it('charges shipping with whichever fulfillment is captured first', () => {
    expect(captureAmountFor(orderAfter(split), 'F1')).toBe(1000 + 499);
    expect(captureAmountFor(orderAfter(split), 'F2')).toBe(1500 + 499);
    const f2First = orderAfter([...split, paymentCaptured('F2', 1999)]);
    expect(captureAmountFor(f2First, 'F1')).toBe(1000);
    expect(captureAmountFor(f2First, 'F2')).toBe(1999); // asking again gives the same answer
  });

  it('adds up to the grand total over all fulfillments', () => {
    const first = captureAmountFor(orderAfter(split), 'F1');
    const second = captureAmountFor(orderAfter([...split, paymentCaptured('F1', first)]), 'F2');
    expect(first + second).toBe(GRAND_TOTAL);
  });

  it('refuses an unknown fulfillment', () => {
    expect(() => captureAmountFor(orderAfter(split), 'F3')).toThrow(UnknownFulfillment);
    expect(() => captureAmountFor(orderAfter(split), 'toString')).toThrow(UnknownFulfillment);
  });
});

describe('shipping rates', () => {
  it('lists the methods', () => expect(shippingMethods).toEqual(['standard', 'express', 'next_day', 'pickup']));

  it.each([
    ['standard', 'USD', 4999, 499],
    ['standard', 'USD', 5000, 0],
    ['standard', 'USD', 0, 499],
    ['express', 'USD', 100_000, 1499],
    ['next_day', 'USD', 0, 2999],
    ['pickup', 'USD', 100, 0],
    ['standard', 'EUR', 4499, 450],
    ['standard', 'EUR', 4500, 0],
    ['express', 'GBP', 0, 1199],
    ['standard', 'JPY', 5000, 700], // 5000 yen is not 50.00 of anything: not free yet
    ['standard', 'JPY', 7500, 0],
    ['pickup', 'JPY', 0, 0],
  ] as const)('%s in %s with items %i costs %i', (method, currency, items, cost) => expect(shippingCostFor(method, currency, items)).toBe(cost));

  it('has no rate in a currency it does not price, whatever the method', () => {
    for (const method of shippingMethods) expect(shippingCostFor(method, 'CHF', 10_000)).toBeNull();
    expect(shippingCostFor('standard', 'toString', 10_000)).toBeNull();
    expect(shippingRatesFor('CHF')).toBeNull();
  });

  it('has no rate for a method it does not know', () => expect(shippingCostFor('teleport', 'USD', 0)).toBeNull());

  it('knows no other method', () => expect(ShippingMethod.safeParse('teleport').success).toBe(false));
});
