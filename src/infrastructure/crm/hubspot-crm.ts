import { parseJsonOr } from '../parse-json';
import { Crm, CrmOrder, CrmRejected, CrmUnavailable, LostOrder, RecordedOrder } from './crm';

export type HubSpotCrmOptions = {
  /** A private app's access token. */
  token: string;
  /** Default https://api.hubapi.com. */
  baseUrl?: string;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
};

/** The deal property that carries the OMS order id: a single-line text property created once in HubSpot (see the README). */
export const ORDER_ID_PROPERTY = 'oms_order_id';

/** HubSpot's own association type for a deal's contact. */
const DEAL_TO_CONTACT = 3;

type HubSpotObject = { id: string; properties?: Record<string, string | null> };
type SearchResults = { total: number; results: HubSpotObject[] };

/** Minor units as HubSpot's decimal amount in the currency's major unit ("19.99"), exactly. */
export const decimalAmount = (minor: number, currency: string): string => {
  let decimals = 2;
  try {
    decimals = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // an unknown currency code keeps two decimals
  }
  if (decimals === 0) return String(minor);
  const digits = String(minor).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
};

const nameParts = (name: string | null): { firstname?: string; lastname?: string } => {
  const words = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (words.length === 0) return {};
  if (words.length === 1) return { firstname: words[0]! };
  return { firstname: words.slice(0, -1).join(' '), lastname: words[words.length - 1]! };
};

const eq = (propertyName: string, value: string, properties: string[] = []) => ({
  filterGroups: [{ filters: [{ propertyName, operator: 'EQ', value }] }],
  properties,
  limit: 1,
});

/** The deal stage in HubSpot's default pipeline, and HubSpot's own property for why a deal was lost. */
const stageOf = (lostReason: string | null): Record<string, string> =>
  lostReason === null ? { dealstage: 'closedwon' } : { dealstage: 'closedlost', closed_lost_reason: lostReason };

/**
 * Records orders in HubSpot through the CRM v3 objects API: the contact is
 * searched by email, then updated or created (a create that races another
 * answers 409 with the existing id, which is then updated); the order is a
 * deal in the default pipeline, stage "closed won" (or "closed lost" with
 * its reason once cancelled or rejected), associated with the contact, and
 * found again by its `oms_order_id` before any create.
 */
export class HubSpotCrm implements Crm {
  private readonly baseUrl: string;

  constructor(private readonly options: HubSpotCrmOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://api.hubapi.com').replace(/\/+$/, '');
  }

  async recordOrder(order: CrmOrder): Promise<RecordedOrder> {
    const contactId = await this.upsertContact(order.customer);
    const stage = stageOf(order.lostReason);
    const found = await this.findDeal(order.orderId);
    if (found) {
      if (found.properties?.dealstage !== stage.dealstage) await this.updateDeal(found.id, stage);
      return { contactId, dealId: found.id, created: false };
    }
    const deal = await this.request<HubSpotObject>('POST', '/crm/v3/objects/deals', {
      properties: {
        dealname: `Order ${order.orderId} (${order.channel})`,
        amount: decimalAmount(order.amount, order.currency),
        deal_currency_code: order.currency,
        pipeline: 'default',
        ...stage,
        closedate: order.placedAt,
        [ORDER_ID_PROPERTY]: order.orderId,
      },
      associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: DEAL_TO_CONTACT }] }],
    });
    return { contactId, dealId: deal.id, created: true };
  }

  async markLost(order: LostOrder, dealId: string | null): Promise<{ dealId: string } | null> {
    const id = dealId ?? (await this.findDeal(order.orderId))?.id ?? null;
    if (id === null) return null;
    await this.updateDeal(id, stageOf(order.lostReason));
    return { dealId: id };
  }

  private async findDeal(orderId: string): Promise<HubSpotObject | null> {
    const found = await this.request<SearchResults>('POST', '/crm/v3/objects/deals/search', eq(ORDER_ID_PROPERTY, orderId, ['dealstage']));
    return found.results[0] ?? null;
  }

  private async updateDeal(dealId: string, properties: Record<string, string>): Promise<void> {
    await this.request('PATCH', `/crm/v3/objects/deals/${encodeURIComponent(dealId)}`, { properties });
  }

  private async upsertContact(customer: CrmOrder['customer']): Promise<string> {
    const properties = { email: customer.email, ...nameParts(customer.name), ...(customer.phone ? { phone: customer.phone } : {}) };
    const found = await this.request<SearchResults>('POST', '/crm/v3/objects/contacts/search', eq('email', customer.email));
    let id = found.results[0]?.id ?? null;
    if (id === null) {
      try {
        return (await this.request<HubSpotObject>('POST', '/crm/v3/objects/contacts', { properties })).id;
      } catch (error) {
        // Created meanwhile (search lags behind writes by seconds): HubSpot names the contact that has the email.
        const existing = error instanceof CrmRejected && error.status === 409 ? /Existing ID: *(\d+)/.exec(error.message)?.[1] : undefined;
        if (!existing) throw error;
        id = existing;
      }
    }
    await this.request('PATCH', `/crm/v3/objects/contacts/${encodeURIComponent(id)}`, { properties });
    return id;
  }

  private async request<T>(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.options.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new CrmUnavailable(`hubspot unreachable: ${error instanceof Error ? error.message : String(error)}`, null, { cause: error });
    }
    const text = await response.text();
    if (response.ok) return (text ? JSON.parse(text) : {}) as T;
    // Not JSON: the text as it came.
    const parsed = (parseJsonOr(text, null) ?? {}) as { message?: string; category?: string };
    const message = [parsed.category, parsed.message].filter(Boolean).join(': ') || text.slice(0, 500);
    const reason = `hubspot answered ${response.status} to ${method} ${path.replace(/\/\d+$/, '/{id}')}: ${message}`;
    if (response.status === 429 || response.status >= 500) throw new CrmUnavailable(reason, response.status);
    throw new CrmRejected(reason, response.status);
  }
}
