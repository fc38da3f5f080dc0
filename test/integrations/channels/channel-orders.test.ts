import {
  ChannelNotConfigured,
  channelOrders,
  ChannelRejected,
  ChannelUnavailable,
  PlatformOrders,
} from '../../../src/infrastructure/channels/channel-orders';
import { magentoOrders } from '../../../src/infrastructure/channels/magento-orders';
import { shopBaseUrl, shopifyOrders } from '../../../src/infrastructure/channels/shopify-orders';
import { wooCommerceOrders } from '../../../src/infrastructure/channels/woocommerce-orders';
import { startMagentoCancelServer, startShopifyServer, startWooCommerceServer, StorefrontServer } from './storefront-servers';

const ORDER = '820982911946154508';
const request = { platformOrderId: ORDER, reason: 'customer called', idempotencyKey: 'channel-cancel:o-1' };

/** What every adapter must do the same way, against its platform's server. */
function behavesLikeAChannel(name: string, setup: () => Promise<{ server: StorefrontServer; orders: PlatformOrders; wrongCredentials: PlatformOrders }>) {
  describe(`${name}: the same rules for every platform`, () => {
    let server: StorefrontServer;
    let orders: PlatformOrders;
    let wrongCredentials: PlatformOrders;
    beforeEach(async () => {
      ({ server, orders, wrongCredentials } = await setup());
      server.orders.set(ORDER, 'open');
    });
    afterEach(() => server.close());

    it('cancels an open order', async () => {
      await expect(orders.cancel(request)).resolves.toBe('cancelled');
      expect(server.orders.get(ORDER)).toBe('cancelled');
    });

    it('a 429 (with Retry-After) is transient and says how long to wait', async () => {
      server.failures.push({ status: 429, headers: { 'Retry-After': '2.0' } });
      const error = await orders.cancel(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelUnavailable);
      expect((error as ChannelUnavailable).transient).toBe(true);
      expect((error as ChannelUnavailable).retryAfterSeconds).toBe(2);
      expect(server.orders.get(ORDER)).toBe('open');
    });

    it.each([500, 502, 503])('a %s is transient', async (status) => {
      server.failures.push({ status });
      await expect(orders.cancel(request)).rejects.toMatchObject({ code: 'CHANNEL.UNAVAILABLE', transient: true });
    });

    it('no answer at all is transient', async () => {
      await server.close();
      await expect(orders.cancel(request)).rejects.toMatchObject({ code: 'CHANNEL.UNAVAILABLE', transient: true });
      server = await setup().then((s) => s.server);
    });

    it('refused credentials (401) are permanent, and the secret is not in the message', async () => {
      const error = await wrongCredentials.cancel(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelRejected);
      expect(error).toMatchObject({ transient: false, status: 401 });
      expect((error as Error).message).not.toContain('wrong-secret');
      expect(server.orders.get(ORDER)).toBe('open');
    });

    it('an order the platform does not know is permanent', async () => {
      await expect(orders.cancel({ ...request, platformOrderId: '1' })).rejects.toMatchObject({ code: 'CHANNEL.REJECTED', transient: false });
    });
  });
}

behavesLikeAChannel('Shopify', async () => {
  const server = await startShopifyServer('shpat_token');
  return {
    server,
    orders: shopifyOrders({ shop: server.url, token: 'shpat_token' }),
    wrongCredentials: shopifyOrders({ shop: server.url, token: 'wrong-secret' }),
  };
});

behavesLikeAChannel('WooCommerce', async () => {
  const server = await startWooCommerceServer('ck_key', 'cs_secret');
  return {
    server,
    orders: wooCommerceOrders({ url: server.url, consumerKey: 'ck_key', consumerSecret: 'cs_secret' }),
    wrongCredentials: wooCommerceOrders({ url: server.url, consumerKey: 'ck_key', consumerSecret: 'wrong-secret' }),
  };
});

behavesLikeAChannel('Magento', async () => {
  const server = await startMagentoCancelServer('magento-token');
  return {
    server,
    orders: magentoOrders({ baseUrl: server.url, token: 'magento-token' }),
    wrongCredentials: magentoOrders({ baseUrl: server.url, token: 'wrong-secret' }),
  };
});

describe('Shopify: what only Shopify says', () => {
  let server: StorefrontServer;
  beforeEach(async () => {
    server = await startShopifyServer('shpat_token');
  });
  afterEach(() => server.close());
  const orders = () => shopifyOrders({ shop: `${server.url}/`, token: 'shpat_token' });

  it('posts to the 2024-10 cancel endpoint of the order, exactly as the storefront named it', async () => {
    server.orders.set(ORDER, 'open');
    await orders().cancel(request);
    expect(server.calls).toEqual([{ method: 'POST', path: `/admin/api/2024-10/orders/${ORDER}/cancel.json`, body: '{}' }]);
  });

  it('takes the shop as a bare domain (reached over https) or as a URL', () => {
    expect(shopBaseUrl('your-shop.myshopify.com')).toBe('https://your-shop.myshopify.com');
    expect(shopBaseUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
  });

  it('an order cancelled already (422) is what we asked for', async () => {
    server.orders.set(ORDER, 'cancelled');
    await expect(orders().cancel(request)).resolves.toBe('already_cancelled');
  });

  it('a fulfilled order (422) cannot be cancelled: permanent, with Shopify\'s reason', async () => {
    server.orders.set(ORDER, 'fulfilled');
    await expect(orders().cancel(request)).rejects.toMatchObject({ transient: false, status: 422, message: expect.stringContaining('fulfilled') });
  });
});

describe('WooCommerce: what only WooCommerce says', () => {
  it('puts the cancelled status on the order', async () => {
    const server = await startWooCommerceServer('ck_key', 'cs_secret');
    try {
      server.orders.set(ORDER, 'cancelled');
      await expect(wooCommerceOrders({ url: server.url, consumerKey: 'ck_key', consumerSecret: 'cs_secret' }).cancel(request)).resolves.toBe('cancelled');
      expect(server.calls).toEqual([{ method: 'PUT', path: `/wp-json/wc/v3/orders/${ORDER}`, body: '{"status":"cancelled"}' }]);
    } finally {
      await server.close();
    }
  });
});

describe('Magento: what only Magento says', () => {
  it('`false` (cancelled already, invoiced or shipped: Magento does not say) is permanent', async () => {
    const server = await startMagentoCancelServer('magento-token');
    try {
      server.orders.set(ORDER, 'fulfilled');
      await expect(magentoOrders({ baseUrl: server.url, token: 'magento-token' }).cancel(request)).rejects.toMatchObject({ code: 'CHANNEL.REJECTED', transient: false });
      expect(server.calls.map((call) => `${call.method} ${call.path}`)).toEqual([`POST /rest/V1/orders/${ORDER}/cancel`]);
    } finally {
      await server.close();
    }
  });
});

describe('channelOrders: each call goes to its platform', () => {
  it('a platform without credentials is not configured, and never retried', async () => {
    const shopify: PlatformOrders = { cancel: async () => 'cancelled' };
    const channels = channelOrders({ shopify });
    await expect(channels.cancel({ platform: 'shopify', ...request })).resolves.toBe('cancelled');
    const error = await channels.cancel({ platform: 'magento', ...request }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelNotConfigured);
    expect(error).toMatchObject({ platform: 'magento', transient: false });
  });
});
