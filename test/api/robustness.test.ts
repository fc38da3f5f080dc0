import fc from 'fast-check';
import { RouteDefinition } from '../../src/http/route';
import { openTestApi, TestApi } from '../support/api-app';
import { orderBody, seedCatalog } from '../support/api-fixtures';

/*
 * "A 5xx means a bug": whatever arrives (odd path values, unknown or
 * ill-typed query parameters, any JSON body, a valid order with one field
 * replaced by anything), every route answers below 500, and every refusal
 * is a problem document.
 */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await seedCatalog(api, { products: { 'SKU-1': 1999 }, locations: ['wh-1'] });
});
afterAll(() => api.close());

const segment = fc.oneof(
  fc.constantFrom('SKU-1', 'wh-1', 'F1', 'c-1', '0190a0b0-0000-7000-8000-000000000001', '..', '%00', '%E0%A4%A', 'a'.repeat(300), ' '),
  fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);
const queryValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('true', '-1', '1e309', 'NaN', '2026-13-45'));
const queryName = fc.constantFrom('limit', 'cursor', 'status', 'channel', 'after', 'at', 'revision', 'horizon', 'alpha', 'groupBy', 'lowStock', 'from', 'x');
const query = fc.array(fc.tuple(queryName, queryValue), { maxLength: 4 });

const concrete = (route: RouteDefinition, values: string[]) => {
  let i = 0;
  return route.path.replace(/\{\w+\}/g, () => values[i++ % values.length]!);
};

const check = (status: number, body: unknown, contentType: string | undefined) => {
  expect(status).toBeLessThan(500);
  if (status >= 400) {
    expect(contentType).toMatch(/^application\/problem\+json/);
    expect(body).toEqual(expect.objectContaining({ status, title: expect.any(String) }));
  }
};

describe('no input makes the API answer 5xx', () => {
  it('holds for every route with odd path values, queries and JSON bodies', async () => {
    for (const route of api.routes) {
      await fc.assert(
        fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 3 }), query, fc.jsonValue({ maxDepth: 3 }), async (values, params, body) => {
          const search = new URLSearchParams(params).toString();
          const url = `${concrete(route, values)}${search ? `?${search}` : ''}`;
          let request = api.as('admin')[route.method](url);
          if (route.method !== 'get') request = request.set('Content-Type', 'application/json').send(JSON.stringify(body));
          const res = await request;
          check(res.status, res.body, res.headers['content-type']);
        }),
        { numRuns: 15 },
      );
    }
  });

  it('holds for a valid order with any one field replaced by anything', async () => {
    const valid = orderBody() as Record<string, unknown>;
    const fields = [...Object.keys(valid), 'customer.email', 'lines.0.quantity', 'lines.0.unitPrice', 'shippingAddress.country', 'payment.token'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 2 }), async (field, value) => {
        const body = structuredClone(valid);
        const keys = field.split('.');
        let target: Record<string, unknown> = body;
        for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
        target[keys[keys.length - 1]!] = value;
        const res = await api.as('admin').post('/orders').send(body);
        check(res.status, res.body, res.headers['content-type']);
      }),
      { numRuns: 200 },
    );
  });
});
