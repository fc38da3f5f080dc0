import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type StoredObject = { id: string; properties: Record<string, string>; associations: { toId: string; typeId: number }[] };

export type TestHubSpotServer = {
  url: string;
  token: string;
  contacts: Map<string, StoredObject>;
  deals: Map<string, StoredObject>;
  /** Every request, as `METHOD path`. */
  requests: string[];
  /** The next `times` requests answer this status with HubSpot's error body for it. */
  failNext(status: 429 | 500 | 502, times?: number): void;
  /** Searches miss what was written since, as HubSpot's search index lags behind writes. */
  lagSearch(lagging: boolean): void;
  reset(): void;
  close(): Promise<void>;
};

/** What a search answers of each object when its body names no properties. */
const SEARCH_DEFAULTS = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
};

/**
 * Answers the CRM v3 objects API as HubSpot's reference shows: bearer auth
 * (401 INVALID_AUTHENTICATION otherwise); search with filterGroups (EQ) ->
 * 200 {total, results} with the default properties and those asked for;
 * create -> 201 {id, properties, createdAt, updatedAt, archived}; a contact
 * whose email exists -> 409 CONFLICT "Contact already exists. Existing ID:
 * <id>"; PATCH -> 200, 404 OBJECT_NOT_FOUND for an unknown id; 429
 * RATE_LIMIT and 5xx with their error bodies.
 */
export async function startHubSpotServer(): Promise<TestHubSpotServer> {
  const token = `pat-na1-${randomUUID()}`;
  const contacts = new Map<string, StoredObject>();
  const deals = new Map<string, StoredObject>();
  const requests: string[] = [];
  let failures: { status: number; times: number } | null = null;
  let searchable: { contacts: Set<string>; deals: Set<string> } | null = null;
  let nextId = 1000;

  const error = (status: number, category: string, message: string, extra: Record<string, unknown> = {}) => ({
    status: 'error',
    message,
    correlationId: randomUUID(),
    category,
    ...extra,
  });

  const objectBody = (object: StoredObject) => {
    const now = new Date().toISOString();
    return { id: object.id, properties: { ...object.properties, hs_object_id: object.id }, createdAt: now, updatedAt: now, archived: false };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const path = req.url ?? '';
      requests.push(`${req.method} ${path}`);
      if (req.headers.authorization !== `Bearer ${token}`) {
        return answer(401, error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication.'));
      }
      if (failures) {
        const { status } = failures;
        failures.times -= 1;
        if (failures.times <= 0) failures = null;
        if (status === 429) {
          res.setHeader('Retry-After', '1');
          return answer(429, { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: 'SECONDLY' });
        }
        return answer(status, error(status, 'INTERNAL_ERROR', 'internal error'));
      }
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>) : {};
      const match = /^\/crm\/v3\/objects\/(contacts|deals)(?:\/(search|\d+))?$/.exec(path);
      if (!match) return answer(404, error(404, 'OBJECT_NOT_FOUND', 'resource not found'));
      const [, type, rest] = match;
      const store = type === 'contacts' ? contacts : deals;

      if (req.method === 'POST' && rest === 'search') {
        const filter = body.filterGroups?.[0]?.filters?.[0] as { propertyName: string; operator: string; value: string } | undefined;
        const visible = [...store.values()].filter((o) => !searchable || searchable[type as 'contacts' | 'deals'].has(o.id));
        const results = visible.filter((o) => filter?.operator === 'EQ' && (o.properties[filter.propertyName] ?? '').toLowerCase() === String(filter.value).toLowerCase());
        // A search answers the type's default properties and those the body names, as HubSpot's does.
        const shown = new Set([...SEARCH_DEFAULTS[type as 'contacts' | 'deals'], ...((body.properties ?? []) as string[])]);
        const picked = (object: StoredObject) => {
          const full = objectBody(object);
          return { ...full, properties: Object.fromEntries(Object.entries(full.properties).filter(([name]) => shown.has(name))) };
        };
        return answer(200, { total: results.length, results: results.slice(0, body.limit ?? 10).map(picked) });
      }
      if (req.method === 'POST' && rest === undefined) {
        const properties = body.properties as Record<string, string>;
        if (type === 'contacts') {
          const existing = [...contacts.values()].find((c) => c.properties.email?.toLowerCase() === properties.email?.toLowerCase());
          if (existing) return answer(409, error(409, 'CONFLICT', `Contact already exists. Existing ID: ${existing.id}`));
        }
        const associations = ((body.associations ?? []) as { to: { id: string }; types: { associationCategory: string; associationTypeId: number }[] }[]).map((a) => ({
          toId: a.to.id,
          typeId: a.types[0]!.associationTypeId,
        }));
        if (associations.some((a) => !contacts.has(a.toId))) return answer(400, error(400, 'VALIDATION_ERROR', 'One or more associations are invalid'));
        const object = { id: String(nextId++), properties, associations };
        store.set(object.id, object);
        return answer(201, objectBody(object));
      }
      if (req.method === 'PATCH' && rest !== undefined) {
        const object = store.get(rest);
        if (!object) return answer(404, error(404, 'OBJECT_NOT_FOUND', 'resource not found'));
        object.properties = { ...object.properties, ...(body.properties as Record<string, string>) };
        return answer(200, objectBody(object));
      }
      answer(405, error(405, 'METHOD_NOT_ALLOWED', 'method not allowed'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    contacts,
    deals,
    requests,
    failNext(status, times = 1) {
      failures = { status, times };
    },
    lagSearch(lagging) {
      searchable = lagging ? { contacts: new Set(contacts.keys()), deals: new Set(deals.keys()) } : null;
    },
    reset() {
      contacts.clear();
      deals.clear();
      requests.length = 0;
      failures = null;
      searchable = null;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const unusedToken = () => `pat-na1-${randomBytes(8).toString('hex')}`;
