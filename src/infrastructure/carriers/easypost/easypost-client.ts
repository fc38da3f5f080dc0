import { z } from 'zod';
import { AddressRejected, CarrierRejected, CarrierUnavailable } from '../carrier';
import { EasyPostErrorBody } from './easypost-objects';
import { parseJsonOr } from '../../parse-json';

export const EASYPOST_API_URL = 'https://api.easypost.com/v2';

export type EasyPostClientOptions = {
  apiKey: string;
  /** Default EASYPOST_API_URL; tests point it at a local server. */
  baseUrl?: string;
  /** How long one call may take before it counts as an outage. Default 15 s. */
  timeoutMs?: number;
};

/** Statuses after which the same call may pass later: rate limited, or EasyPost (or a carrier behind it) unwell. */
const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** EasyPost's field names, as ours: an address error names which of our fields to fix. */
const OUR_ADDRESS_FIELDS: Record<string, string> = {
  street1: 'line1',
  street2: 'line2',
  city: 'city',
  state: 'region',
  zip: 'postalCode',
  country: 'country',
  name: 'name',
};

/**
 * EasyPost's REST API over fetch: HTTP Basic auth with the API key as the
 * user name, JSON both ways. Every failure becomes a CarrierError: what a
 * retry may cure (429, 5xx, no answer) is CarrierUnavailable, an address
 * EasyPost cannot use is AddressRejected, anything else it refuses is
 * CarrierRejected. The key never appears in an error or a log line.
 */
export class EasyPostClient {
  private readonly authorization: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: EasyPostClientOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`;
    this.baseUrl = (options.baseUrl ?? EASYPOST_API_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** The parsed answer, or null for a 404 when `notFound: 'null'`. */
  async call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    options: { body?: unknown; notFound?: 'null' } = {},
  ): Promise<T | null> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new CarrierUnavailable(`EasyPost did not answer ${method} ${path}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      const parsed = schema.safeParse(parseJsonOr(text, null));
      if (!parsed.success) throw new CarrierUnavailable(`EasyPost answered ${method} ${path} with a body this adapter cannot read`);
      return parsed.data;
    }
    if (response.status === 404 && options.notFound === 'null') return null;
    throw errorFor(response.status, method, path, parseJsonOr(text, null));
  }
}

const errorFor = (status: number, method: string, path: string, body: unknown) => {
  const parsed = EasyPostErrorBody.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : `HTTP.${status}`;
  const message = parsed.success ? parsed.data.error.message : `HTTP ${status}`;
  const fieldErrors = parsed.success
    ? (parsed.data.error.errors ?? []).map((e) => (typeof e === 'string' ? { field: null, message: e } : { field: e.field ?? null, message: e.message ?? null }))
    : [];
  if (TRANSIENT_STATUSES.has(status)) return new CarrierUnavailable(`EasyPost ${method} ${path}: ${status} ${code}: ${message}`);
  if (code.startsWith('ADDRESS.')) {
    // EasyPost verifies the destination; an error that names no field is about the address as a whole.
    const named = fieldErrors.find((e) => e.field && OUR_ADDRESS_FIELDS[e.field]);
    const field = named?.field ? `shipTo.${OUR_ADDRESS_FIELDS[named.field]}` : 'shipTo';
    return new AddressRejected(field, `${named?.message ?? message} (${code})`);
  }
  return new CarrierRejected('refused', `EasyPost refused ${method} ${path}: ${status} ${code}: ${message}`, {
    status,
    code,
    errors: fieldErrors,
  });
};
