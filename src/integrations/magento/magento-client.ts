import { PortError } from '../../infrastructure/port-error';
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

/** Magento answered 429 or 5xx, or did not answer: the same request may succeed later. */
export class MagentoUnavailable extends PortError {
  readonly code = 'MAGENTO.UNAVAILABLE';
  readonly transient = true;
  constructor(
    message: string,
    /** Seconds Magento (or its proxy) asked us to wait, when it said. */
    readonly retryAfterSeconds: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Magento refused the request (a bad token, a missing ACL resource, a bad query): retrying will not help. */
export class MagentoRejected extends PortError {
  readonly code = 'MAGENTO.REJECTED';
  readonly transient = false;
}

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
    if (!page.success) throw new MagentoRejected(`Magento answered an orders search that is not a page of orders: ${page.error.message}`);
    return page.data.items;
  }

  private async get(url: string): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetch(url, {
        headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new MagentoUnavailable('Magento did not answer', null, { cause: error });
    }
    if (response.status === 429 || response.status >= 500) {
      throw new MagentoUnavailable(`Magento answered ${response.status}`, retryAfterOf(response.headers.get('retry-after')));
    }
    const text = await response.text();
    if (!response.ok) throw new MagentoRejected(`Magento refused the orders search (${response.status}): ${messageOf(text)}`);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new MagentoUnavailable('Magento answered something that is not JSON', null, { cause: error });
    }
  }
}

const retryAfterOf = (header: string | null): number | null => {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
};

/** Magento's error body: `{message, parameters}`, with `%1` (a list) or `%name` (an object) placeholders. */
const messageOf = (text: string): string => {
  try {
    const { message, parameters } = JSON.parse(text) as { message?: unknown; parameters?: unknown };
    if (typeof message !== 'string') return text.slice(0, 200);
    const named = (parameters ?? {}) as Record<string, unknown>;
    const listed = Array.isArray(parameters) ? parameters : Object.values(named);
    return message.replace(/%(\w+)/g, (whole, key: string) => {
      const value = /^\d+$/.test(key) ? listed[Number(key) - 1] : named[key];
      return value === undefined ? whole : String(value);
    });
  } catch {
    return text.slice(0, 200);
  }
};
