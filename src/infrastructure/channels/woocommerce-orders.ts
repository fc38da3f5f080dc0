import { callChannel, describe } from './channel-http';
import { ChannelCancelOutcome, ChannelRejected, ChannelUnavailable, PlatformOrders } from './channel-orders';

export type WooCommerceOrdersOptions = {
  /** The WordPress site, e.g. https://shop.example.com (the REST API lives under /wp-json/wc/v3). */
  url: string;
  /** A REST API key with read/write permission. */
  consumerKey: string;
  consumerSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/**
 * Cancels orders by setting their status (`PUT /wp-json/wc/v3/orders/{id}`,
 * HTTP Basic with the consumer key and secret). WooCommerce answers the
 * order either way, so its status before the call cannot be told apart: a
 * repeat is simply `cancelled` again.
 */
export const wooCommerceOrders = (options: WooCommerceOrdersOptions): PlatformOrders => ({
  cancel: async ({ platformOrderId }): Promise<ChannelCancelOutcome> => {
    const url = `${options.url.replace(/\/+$/, '')}/wp-json/wc/v3/orders/${encodeURIComponent(platformOrderId)}`;
    const credentials = Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64');
    const { status, body } = await callChannel(
      'WooCommerce',
      url,
      {
        method: 'PUT',
        headers: { Authorization: `Basic ${credentials}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ status: 'cancelled' }),
      },
      { fetch: options.fetch ?? fetch, timeoutMs: options.timeoutMs ?? 30_000 },
    );
    if (status === 200) {
      const answered = typeof body === 'object' && body !== null && 'status' in body ? body.status : undefined;
      if (answered === 'cancelled') return 'cancelled';
      throw new ChannelUnavailable(`WooCommerce answered the order with status ${String(answered)}`);
    }
    throw new ChannelRejected(`WooCommerce did not cancel order ${platformOrderId} (${status}): ${describe(body)}`, status);
  },
});
