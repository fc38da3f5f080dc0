import { callChannel } from './channel-http';
import { ChannelCancelOutcome, ChannelRejected, PlatformOrders } from './channel-orders';
import { magentoMessage } from './magento-message';

export type MagentoOrdersOptions = {
  /** The store's base URL (the REST API lives under /rest/V1). */
  baseUrl: string;
  /** An integration's access token allowed to manage sales orders, sent as a bearer token. */
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/**
 * Cancels orders with `POST /rest/V1/orders/{entity_id}/cancel`, which
 * answers `true`, or `false` for an order Magento will not cancel (invoiced,
 * shipped, or cancelled already: Magento does not say which).
 */
export const magentoOrders = (options: MagentoOrdersOptions): PlatformOrders => ({
  cancel: async ({ platformOrderId }): Promise<ChannelCancelOutcome> => {
    const url = `${options.baseUrl.replace(/\/+$/, '')}/rest/V1/orders/${encodeURIComponent(platformOrderId)}/cancel`;
    const { status, body } = await callChannel(
      'Magento',
      url,
      { method: 'POST', headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' } },
      { fetch: options.fetch ?? fetch, timeoutMs: options.timeoutMs ?? 30_000, describeBody: magentoMessage },
    );
    if (status === 200 && body === true) return 'cancelled';
    if (status === 200 && body === false) {
      throw new ChannelRejected(`Magento will not cancel order ${platformOrderId}: it is invoiced, shipped or cancelled already`, status);
    }
    throw new ChannelRejected(`Magento did not cancel order ${platformOrderId} (${status}): ${magentoMessage(body)}`, status);
  },
});
