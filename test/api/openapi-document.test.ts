import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { RouteDefinition } from '../../src/http/route';
import { openTestApi, TestApi } from '../support/api-app';
import { placeOrder, seedCatalog } from '../support/api-fixtures';
import { allocateOrder } from '../support/api-workflow';
import { makeTempDir } from '../support/temp-dir';

/*
 * The OpenAPI document describes every answer, passes Redocly's recommended
 * ruleset (redocly.yaml) with no error and no warning, and the schemas it
 * gives for the reads are the shapes the reads really answer.
 */

let api: TestApi;
let document: { paths: Record<string, Record<string, { tags: string[]; responses: Record<string, { content?: unknown }> }>>; tags: { name: string }[] };
const temp = makeTempDir('oms-openapi-');

beforeAll(async () => {
  api = await openTestApi();
  document = (await api.request.get('/openapi.json').expect(200)).body;
});
afterAll(async () => {
  await api.close();
  await temp.remove();
});

const NOT_JSON = new Set(['GET /metrics', 'GET /docs', 'DELETE /webhooks/subscriptions/{subscriptionId}']);

describe('the OpenAPI document', () => {
  it('passes the recommended ruleset with no error and no warning', async () => {
    const file = path.join(temp.dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    // Redocly is an ES module: linted by the same script a person runs, in its own node.
    const lint = await promisify(execFile)(process.execPath, [path.resolve(__dirname, '../../scripts/lint-openapi.mjs'), file]).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    expect(JSON.parse(lint.stdout)).toEqual([]);
  });

  it('gives a body schema for every JSON success, and a 404 wherever a path names a resource', () => {
    for (const [route, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${route}`;
        const [status, success] = Object.entries(operation.responses).find(([code]) => code.startsWith('2'))!;
        if (!NOT_JSON.has(name)) expect({ name, status, content: success.content }).toEqual({ name, status, content: expect.anything() });
        if (route.includes('{')) expect({ name, has404: '404' in operation.responses }).toEqual({ name, has404: true });
      }
    }
  });

  it('declares every tag its operations use', () => {
    const declared = new Set(document.tags.map((tag) => tag.name));
    const used = Object.values(document.paths).flatMap((operations) => Object.values(operations).flatMap((operation) => operation.tags));
    for (const tag of used) expect(declared).toContain(tag);
  });
});

describe('the read schemas', () => {
  const schemaOf = (method: string, route: string): z.ZodType => {
    const definition = api.routes.find((r: RouteDefinition) => r.method === method && r.path === route)!;
    return definition.success.schema!;
  };
  /** Parsing strips what the schema does not name: equal means the body has no field the document hides. */
  const expectShape = (method: string, route: string, body: unknown) => {
    const parsed = schemaOf(method, route).safeParse(body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(body);
  };

  it('are what the reads answer', async () => {
    await seedCatalog(api, { products: { 'SKU-DOC': 1250 }, locations: ['wh-doc'] });
    await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'wh-doc', sku: 'SKU-DOC', quantity: 5 }).expect(201);
    const { orderId } = await placeOrder(api, { lines: [{ sku: 'SKU-DOC', quantity: 2 }] });
    await allocateOrder(api.oms, orderId, 'wh-doc', 'B-2');
    await api.settled();
    const as = (role: 'admin' | 'auditor' | 'warehouse', url: string) => api.as(role).get(url).expect(200).then((res) => res.body);

    expectShape('get', '/orders/{orderId}', await as('admin', `/orders/${orderId}`));
    expectShape('get', '/orders', await as('admin', '/orders'));
    expectShape('get', '/orders/{orderId}/history', await as('auditor', `/orders/${orderId}/history`));
    expectShape('get', '/orders/{orderId}/state', await as('auditor', `/orders/${orderId}/state?revision=1`));
    expectShape('get', '/audit/events', await as('auditor', '/audit/events'));
    expectShape('get', '/inventory/{sku}', await as('admin', '/inventory/SKU-DOC'));
    expectShape('get', '/inventory', await as('admin', '/inventory'));
    expectShape('get', '/locations/{locationId}/pick-list', await as('warehouse', '/locations/wh-doc/pick-list'));
    expectShape('get', '/products/{sku}', await as('admin', '/products/SKU-DOC'));
    expectShape('get', '/products', await as('admin', '/products'));
    expectShape('get', '/locations', await as('admin', '/locations'));
    expectShape('get', '/forecasts/{sku}', await as('admin', '/forecasts/SKU-DOC?method=holt'));
    expectShape('get', '/replenishment', await as('admin', '/replenishment'));
    expectShape('get', '/analytics/orders', await as('admin', '/analytics/orders?groupBy=channel'));
    expectShape('get', '/health', (await api.request.get('/health')).body);
  });
});
