import { callChannel } from '../../infrastructure/channels/channel-http';
import { ChannelRejected, ChannelUnavailable } from '../../infrastructure/channels/channel-orders';
import { magentoMessage } from '../../infrastructure/channels/magento-message';
import { MagentoOrderKey, MagentoOrderPage } from './magento-order';

/** Where a pull resumes: the last order handled, in (updated_at, entity_id) order. */
export type MagentoCursor = { updatedAt: string; entityId: number };

export type MagentoClientOptions = {
  /** The store's base URL, e.g. https://shop.example.com (the REST API lives under /rest/V1). */
  baseUrl: string;
  /** An integration's access token (System > Integrations), sent as a bearer token. */
  token: string;
  pageSize: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

type Filter = { field: string; value: string; condition: 'eq' | 'gt' };

/**
 * Reads orders from Magento 2 / Adobe Commerce with the REST orders search
 * (`GET /rest/V1/orders`). Pages are keyset pages on (updated_at, entity_id):
 * an offset (`currentPage`) shifts when an order is updated during a pull,
 * and the order pushed across a page boundary would be missed for good.
 */
export class MagentoClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: MagentoClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** The next page after `cursor`: first the rest of its second, then later seconds. */
  async ordersAfter(cursor: MagentoCursor): Promise<MagentoOrderKey[]> {
    const sameSecond = await this.search(
      [
        { field: 'updated_at', value: cursor.updatedAt, condition: 'eq' },
        { field: 'entity_id', value: String(cursor.entityId), condition: 'gt' },
      ],
      ['entity_id'],
    );
    if (sameSecond.length > 0) return sameSecond;
    return this.search([{ field: 'updated_at', value: cursor.updatedAt, condition: 'gt' }], ['updated_at', 'entity_id']);
  }

  private async search(filters: readonly Filter[], sortFields: readonly string[]): Promise<MagentoOrderKey[]> {
    const query = new URLSearchParams();
    // One filter group per filter: Magento ANDs groups (filters within a group are ORed).
    filters.forEach((filter, group) => {
      query.set(`searchCriteria[filter_groups][${group}][filters][0][field]`, filter.field);
      query.set(`searchCriteria[filter_groups][${group}][filters][0][value]`, filter.value);
      query.set(`searchCriteria[filter_groups][${group}][filters][0][condition_type]`, filter.condition);
    });
    sortFields.forEach((field, index) => {
      query.set(`searchCriteria[sortOrders][${index}][field]`, field);
      query.set(`searchCriteria[sortOrders][${index}][direction]`, 'ASC');
    });
    query.set('searchCriteria[pageSize]', String(this.options.pageSize));
    query.set('searchCriteria[currentPage]', '1');
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/rest/V1/orders?${query.toString()}`;
    const body = await this.get(url);
    const page = MagentoOrderPage.safeParse(body);
    if (!page.success) throw new ChannelRejected(`Magento answered an orders search that is not a page of orders: ${page.error.message}`, 200);
    return page.data.items;
  }

  /**
   * No answer, 429 and 5xx throw ChannelUnavailable (try again); a refusal
   * (a bad token, a missing ACL resource, a bad query) ChannelRejected.
   */
  private async get(url: string): Promise<unknown> {
    const { status, body } = await callChannel(
      'Magento',
      url,
      { method: 'GET', headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json' } },
      { fetch: this.fetch, timeoutMs: this.options.timeoutMs ?? 30_000, describeBody: magentoMessage },
    );
    if (status !== 200) throw new ChannelRejected(`Magento refused the orders search (${status}): ${magentoMessage(body)}`, status);
    // A proxy's HTML page in front of a store that is down, say.
    if (typeof body === 'string') throw new ChannelUnavailable('Magento answered something that is not JSON');
    return body;
  }
}
