import { ConfigError, loadConfig } from '../../../src/config';

describe('settings to cancel orders in the storefronts', () => {
  it('takes a Shopify shop with its admin token, and a WooCommerce site with its key and secret', () => {
    const config = loadConfig({
      OMS_SHOPIFY_SHOP: 'your-shop.myshopify.com',
      OMS_SHOPIFY_ADMIN_TOKEN: 'shpat_x',
      OMS_WOOCOMMERCE_URL: 'https://shop.example.com',
      OMS_WOOCOMMERCE_CONSUMER_KEY: 'ck_x',
      OMS_WOOCOMMERCE_CONSUMER_SECRET: 'cs_x',
    });
    expect(config).toMatchObject({ OMS_SHOPIFY_SHOP: 'your-shop.myshopify.com', OMS_WOOCOMMERCE_URL: 'https://shop.example.com' });
  });

  it.each([
    [{ OMS_SHOPIFY_SHOP: 'your-shop.myshopify.com' }, /OMS_SHOPIFY_SHOP and OMS_SHOPIFY_ADMIN_TOKEN together/],
    [{ OMS_SHOPIFY_ADMIN_TOKEN: 'shpat_x' }, /OMS_SHOPIFY_SHOP and OMS_SHOPIFY_ADMIN_TOKEN together/],
    [{ OMS_WOOCOMMERCE_URL: 'https://shop.example.com', OMS_WOOCOMMERCE_CONSUMER_KEY: 'ck_x' }, /OMS_WOOCOMMERCE_CONSUMER_SECRET go together/],
  ])('refuses a setting without the others at start: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
