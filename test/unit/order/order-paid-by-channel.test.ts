import { assertOrderAmounts, decideOrder, nextSteps, OrderAmountOutOfRange, OrderEvent, orderStatus, orderTotals } from '../../../src/domain/order';
import {
  ALL_AT_WH1,
  customerNotified,
  fulfillmentPacked,
  fulfillmentPicked,
  fulfillmentRequested,
  fulfillmentShipped,
  given,
  inventoryAllocated,
  orderAfter,
  orderCancelled,
  orderPlaced,
  orderValidated,
  placeOrderData,
  recordAllocation,
  shipmentLabelCreated,
  t,
} from './order-builders';

/*
 * An order a storefront's checkout already charged (Shopify, WooCommerce):
 * its payment is method `external`, its discount and tax are kept as charged,
 * and the workflow never asks our gateway to authorize, capture or void it.
 */

const storefrontPlaced = (): OrderEvent => orderPlaced({ payment: { method: 'external' }, discount: 300, tax: 180 });
const confirmed = customerNotified('confirmation');

describe('an order paid through its channel', () => {
  it('records the discount and tax it was placed with, and totals to what the customer paid', () => {
    const [placed] = decideOrder({ type: 'PlaceOrder', data: placeOrderData({ payment: { method: 'external' }, discount: 300, tax: 180 }) }, { exists: false });
    expect(placed).toMatchObject({ type: 'OrderPlaced', data: { discount: 300, tax: 180, payment: { method: 'external' } } });
    expect(orderTotals(orderAfter([placed!]))).toEqual({ items: 2500, discount: 300, shipping: 499, tax: 180, grand: 2500 - 300 + 499 + 180 });
  });

  it('writes no discount or tax into the events of an order that has none', () => {
    const [placed] = decideOrder({ type: 'PlaceOrder', data: placeOrderData() }, { exists: false });
    expect(placed!.type === 'OrderPlaced' && Object.keys(placed.data)).not.toEqual(expect.arrayContaining(['discount']));
    expect(placed!.type === 'OrderPlaced' && Object.keys(placed.data)).not.toEqual(expect.arrayContaining(['tax']));
  });

  it('shows its payment as external, and payment_authorized once validated', () => {
    expect(orderAfter([storefrontPlaced()]).payment.status).toBe('external');
    expect(orderStatus(orderAfter([storefrontPlaced()]))).toBe('placed');
    expect(orderStatus(orderAfter([storefrontPlaced(), orderValidated()]))).toBe('payment_authorized');
  });

  it('goes from validated straight to allocation: nothing for our gateway to authorize', () =>
    expect(nextSteps(orderAfter([storefrontPlaced(), orderValidated(), confirmed]))).toEqual([{ kind: 'allocate' }]));

  it('may be allocated without an authorization of ours', () =>
    given(storefrontPlaced(), orderValidated())
      .when(recordAllocation('alloc-1', ALL_AT_WH1, t(3)))
      .then([inventoryAllocated('alloc-1', ALL_AT_WH1, t(3)), fulfillmentRequested('F1', 'wh-1', ALL_AT_WH1, t(3))]));

  it('asks for no capture when it ships, and no void when cancelled', () => {
    const shipped = [
      storefrontPlaced(),
      orderValidated(),
      confirmed,
      inventoryAllocated('alloc-1', ALL_AT_WH1),
      fulfillmentRequested('F1', 'wh-1', ALL_AT_WH1),
      fulfillmentPicked('F1'),
      fulfillmentPacked('F1'),
      shipmentLabelCreated('F1'),
      fulfillmentShipped('F1'),
      customerNotified('shipped', 'F1'),
    ];
    expect(nextSteps(orderAfter(shipped))).toEqual([]);
    expect(nextSteps(orderAfter([storefrontPlaced(), orderValidated(), confirmed, orderCancelled(), customerNotified('cancelled')]))).toEqual([]);
  });
});

describe('assertOrderAmounts with a storefront discount', () => {
  const lines = [{ quantity: 2, unitPrice: 1000 }];

  it('takes a discount up to everything charged', () =>
    expect(() => assertOrderAmounts({ currency: 'USD', lines, shippingCost: 500, tax: 100, discount: 2600 }, 1e9)).not.toThrow());

  it('refuses a discount larger than everything charged', () =>
    expect(() => assertOrderAmounts({ currency: 'USD', lines, shippingCost: 500, tax: 100, discount: 2601 }, 1e9)).toThrow(OrderAmountOutOfRange));
});
