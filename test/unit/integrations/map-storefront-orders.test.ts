import { InexactAmount } from '../../../src/integrations/intake/decimal-money';
import { parseExactJson } from '../../../src/integrations/intake/exact-json';
import { UnplaceableCharges } from '../../../src/integrations/intake/storefront-totals';
import { mapShopifyOrder } from '../../../src/integrations/shopify/map-shopify-order';
import { ShopifyOrder } from '../../../src/integrations/shopify/shopify-order.schema';
import { mapWooCommerceOrder } from '../../../src/integrations/woocommerce/map-woocommerce-order';
import { WooCommerceOrder } from '../../../src/integrations/woocommerce/woocommerce-order.schema';
import { shopifyOrderJson, wooCommerceOrderJson } from '../../support/storefront-fixtures';

const shopify = (json: string) => mapShopifyOrder(ShopifyOrder.parse(parseExactJson(json)));
const woo = (json: string) => mapWooCommerceOrder(WooCommerceOrder.parse(parseExactJson(json)));
const grand = (order: ReturnType<typeof shopify>) =>
  order.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0) - order.charges.discount + order.charges.shipping + order.charges.tax;

describe('mapping a Shopify order', () => {
  it('keeps the order id exactly, prices as charged, and totals to total_price', () => {
    const order = shopify(shopifyOrderJson({ id: '9223372036854775807' }));
    expect(order).toMatchObject({
      platformOrderId: '9223372036854775807',
      currency: 'USD',
      customer: { id: 'shopify:9223372036854777777', email: 'ada@example.com', name: 'Ada Lovelace' },
      lines: [
        { sku: 'SKU-A', quantity: 2, unitPrice: 9900 },
        { sku: 'SKU-B', quantity: 1, unitPrice: 4000 },
      ],
      charges: { shipping: 1000, discount: 500, tax: 1923 },
      shippingAddress: { name: 'Ada Lovelace', line1: '12 Analytical Row', line2: 'Apt 3', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
      notes: 'Leave at the door',
    });
    expect(grand(order)).toBe(26223);
  });

  it('reads yen, which has no minor unit, as whole yen', () => {
    const json = shopifyOrderJson({ currency: 'JPY', lines: [{ sku: 'SKU-A', quantity: 2, price: '1500' }], shipping: '700', totalTax: '0', totalPrice: '3500' });
    expect(shopify(json)).toMatchObject({ lines: [{ unitPrice: 1500 }], charges: { shipping: 700, discount: 200, tax: 0 } });
  });

  it('refuses yen with fractions: they cannot be charged', () =>
    expect(() => shopify(shopifyOrderJson({ currency: 'JPY', lines: [{ sku: 'SKU-A', quantity: 1, price: '1500.5' }] }))).toThrow(InexactAmount));

  it('keeps a missing SKU and a missing address blank, for validation to reject', () => {
    const order = shopify(shopifyOrderJson({ lines: [{ sku: null, quantity: 1, price: '238.00' }], withAddress: false }));
    expect(order.lines[0]!.sku).toBe('');
    expect(order.shippingAddress).toMatchObject({ line1: '', postalCode: '', country: '' });
  });

  it('refuses a total above the lines, shipping and tax: that is no discount', () =>
    expect(() => shopify(shopifyOrderJson({ totalPrice: '267.24' }))).toThrow(UnplaceableCharges));
});

describe('mapping a WooCommerce order', () => {
  it('keeps the order id exactly, prices from the line subtotals, the coupon as discount, and totals to total', () => {
    const order = woo(wooCommerceOrderJson({ id: '18446744073709551615' }));
    expect(order).toMatchObject({
      platformOrderId: '18446744073709551615',
      customer: { id: 'woocommerce:12', email: 'grace@example.com', name: 'Grace Hopper', phone: '+15555550111' },
      lines: [
        { sku: 'SKU-A', quantity: 2, unitPrice: 9900 },
        { sku: 'SKU-B', quantity: 1, unitPrice: 4000 },
      ],
      charges: { shipping: 490, discount: 1000, tax: 1530 },
      shippingAddress: { name: 'Grace Hopper', line1: '7 Compiler Lane', city: 'Arlington', region: 'VA', postalCode: '22201', country: 'US' },
      notes: 'Ring twice',
    });
    expect(grand(order)).toBe(24820);
  });
});
