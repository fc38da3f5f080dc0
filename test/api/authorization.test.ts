import { Role } from '../../src/http/auth/roles';
import { RouteDefinition } from '../../src/http/route';
import { openTestApi, TestApi, TestKeyName } from '../support/api-app';
import { expectProblem, withoutAppend } from '../support/api-fixtures';

/*
 * Every role against every route of the table the app is built from, so a
 * new route is covered the day it is added. Requests carry no body (or an
 * empty one): authorization runs before parsing, so an allowed role gets past
 * it (a 400 or 404 at worst) and nothing is ever changed.
 */

const EXAMPLE_PARAMS: Record<string, string> = {
  orderId: '0190a0b0-0000-7000-8000-000000000001',
  sku: 'SKU-1',
  locationId: 'wh-1',
  fulfillmentId: 'F1',
  customerId: 'c-1',
  productId: 'TEE',
  subscriptionId: '0190a0b0-0000-4000-8000-0000000000aa',
};

const concretePath = (route: RouteDefinition): string =>
  route.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = EXAMPLE_PARAMS[name];
    if (value === undefined) throw new Error(`add an example value for path parameter {${name}} (route ${route.path})`);
    return value;
  });

const describeRoute = (route: RouteDefinition) => `${route.method.toUpperCase()} ${route.path}`;

/** What docs/api.md grants, written out by hand so the route table is checked against the contract. */
const CONTRACT: Record<string, readonly Role[] | 'public'> = {
  'PUT /products/{sku}': ['admin'],
  'PUT /locations/{locationId}': ['admin'],
  'POST /inventory/receipts': ['warehouse', 'admin'],
  'POST /inventory/adjustments': ['warehouse', 'admin'],
  'PUT /inventory/{locationId}/{sku}/policy': ['warehouse', 'admin'],
  'GET /inventory/{sku}': ['analyst', 'auditor', 'admin'],
  'GET /inventory': ['analyst', 'auditor', 'admin'],
  'POST /orders': ['client', 'admin'],
  'POST /orders/{orderId}/cancel': ['client', 'admin'],
  'POST /orders/{orderId}/hold': ['client', 'admin'],
  'POST /orders/{orderId}/release': ['client', 'admin'],
  'POST /orders/{orderId}/fulfillments/{fulfillmentId}/picked': ['warehouse', 'admin'],
  'POST /orders/{orderId}/fulfillments/{fulfillmentId}/packed': ['warehouse', 'admin'],
  'POST /orders/{orderId}/fulfillments/{fulfillmentId}/shipped': ['warehouse', 'admin'],
  'POST /orders/{orderId}/fulfillments/{fulfillmentId}/delivered': ['warehouse', 'admin'],
  'GET /locations/{locationId}/pick-list': ['warehouse', 'auditor', 'admin'],
  'GET /orders/{orderId}': ['analyst', 'auditor', 'admin', 'client'],
  'GET /orders': ['analyst', 'auditor', 'admin', 'client'],
  'GET /customers/{customerId}/orders': ['analyst', 'auditor', 'admin', 'client'],
  'GET /forecasts/{sku}': ['analyst', 'auditor', 'admin'],
  'GET /replenishment': ['analyst', 'auditor', 'admin'],
  'GET /analytics/orders': ['analyst', 'auditor', 'admin'],
  'GET /orders/{orderId}/history': ['auditor', 'admin'],
  'GET /orders/{orderId}/state': ['auditor', 'admin'],
  'GET /audit/events': ['auditor', 'admin'],
  'GET /health': 'public',
  'GET /metrics': 'public',
  'GET /openapi.json': 'public',
  'POST /integrations/shopify/webhooks': 'public',
  'POST /integrations/woocommerce/webhooks': 'public',
  'POST /shipping/quotes': ['client', 'admin'],
  'POST /integrations/easypost/webhooks': 'public',
};

let api: TestApi;
let routes: RouteDefinition[];

beforeAll(async () => {
  api = await openTestApi();
  routes = api.routes;
});
afterAll(() => api.close());

/** Every role's key, and the client keys bound to a channel (they hold the client role, no more). */
const PRINCIPALS: { key: TestKeyName; role: Role }[] = [
  ...Role.options.map((role) => ({ key: role, role })),
  { key: 'clientWeb', role: 'client' },
  { key: 'clientMarket', role: 'client' },
];

const send = (route: RouteDefinition, key: TestKeyName | null) => {
  const agent = key ? api.as(key) : api.request;
  const request = agent[route.method](concretePath(route));
  return route.body ? request.send({}) : request;
};

describe('the route table', () => {
  it('grants every role docs/api.md names, and no more', () => {
    for (const [name, roles] of Object.entries(CONTRACT)) {
      const route = routes.find((r) => describeRoute(r) === name);
      expect({ name, found: route !== undefined }).toEqual({ name, found: true });
      const granted = route!.roles === 'public' ? 'public' : [...route!.roles].sort();
      expect({ name, roles: granted }).toEqual({ name, roles: roles === 'public' ? 'public' : [...roles].sort() });
    }
  });

  it('lets admin do everything that needs a key', () => {
    const withoutAdmin = routes.filter((r) => r.roles !== 'public' && !r.roles.includes('admin')).map(describeRoute);
    expect(withoutAdmin).toEqual([]);
  });
});

describe('every role and channel-bound key against every route', () => {
  it('refuses roles the route does not name with 403, and lets the others through', async () => {
    const outcomes: string[] = [];
    for (const route of routes) {
      for (const { key, role } of PRINCIPALS) {
        const allowed = route.roles === 'public' || route.roles.includes(role);
        const res = allowed ? await send(route, key) : await withoutAppend(api, send(route, key));
        if (allowed) {
          if ([401, 403].includes(res.status) || res.status >= 500) outcomes.push(`${describeRoute(route)} as ${key}: ${res.status}, expected allowed`);
        } else if (res.status !== 403) {
          outcomes.push(`${describeRoute(route)} as ${key}: ${res.status}, expected 403`);
        } else {
          expectProblem(res, 403);
        }
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('answers 401 without a key on every route that is not public, and serves public ones', async () => {
    const outcomes: string[] = [];
    for (const route of routes) {
      const res = route.roles === 'public' ? await send(route, null) : await withoutAppend(api, send(route, null));
      // A signed webhook needs no key: its signature authenticates it, and unsigned it is refused (404 while not enabled).
      const expected = route.roles === 'public' ? (route.rawBody ? (res.status === 404 ? 404 : 401) : 200) : 401;
      if (res.status !== expected) outcomes.push(`${describeRoute(route)} without a key: ${res.status}, expected ${expected}`);
      if (expected === 401) {
        expectProblem(res, 401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('answers 401 to an unknown key and to a header that is not a bearer token', async () => {
    for (const route of routes.filter((r) => r.roles !== 'public')) {
      const unknown = await withoutAppend(api, api.as('not-a-key-of-ours')[route.method](concretePath(route)));
      expectProblem(unknown, 401);
      const basic = await withoutAppend(api, api.request[route.method](concretePath(route)).set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`));
      expectProblem(basic, 401);
    }
  });
});
