import { callChannel, describe } from './channel-http';
import { ChannelCancelOutcome, ChannelRejected, ChannelUnavailable, PlatformOrders } from './channel-orders';

export const SHOPIFY_API_VERSION = '2024-10';

export type ShopifyOrdersOptions = {
  /** The shop's domain (shop.myshopify.com) or base URL (https://shop.myshopify.com). */
  shop: string;
  /** A custom app's Admin API access token (scope write_orders). */
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/** The shop's base URL: a bare domain is reached over https. */
export const shopBaseUrl = (shop: string): string => (/^https?:\/\//.test(shop) ? shop : `https://${shop}`).replace(/\/+$/, '');

/**
 * Cancels orders with the Admin REST API (`POST /orders/{id}/cancel.json`).
 * Shopify answers 422 for an order it will not cancel; one cancelled already
 * is what we asked for.
 */
export const shopifyOrders = (options: ShopifyOrdersOptions): PlatformOrders => ({
  cancel: async ({ platformOrderId }): Promise<ChannelCancelOutcome> => {
    const url = `${shopBaseUrl(options.shop)}/admin/api/${SHOPIFY_API_VERSION}/orders/${encodeURIComponent(platformOrderId)}/cancel.json`;
    const { status, body } = await callChannel(
      'Shopify',
      url,
      {
        method: 'POST',
        headers: { 'X-Shopify-Access-Token': options.token, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: '{}',
      },
      { fetch: options.fetch ?? fetch, timeoutMs: options.timeoutMs ?? 30_000 },
    );
    if (status === 200) {
      if (typeof body === 'object' && body !== null && 'order' in body) return 'cancelled';
      throw new ChannelUnavailable('Shopify answered a cancellation without the order');
    }
    if (status === 422 && /already.*cancel/i.test(describe(body))) return 'already_cancelled';
    throw new ChannelRejected(`Shopify did not cancel order ${platformOrderId} (${status}): ${describe(body)}`, status);
  },
});
