import { startMagentoServer } from '../integrations/magento/magento-server';
import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, placeOrder, seedCatalog } from '../support/api-fixtures';

/* Health, metrics, the OpenAPI document and the docs page. */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await seedCatalog(api, { products: { 'SKU-1': 1999 } });
  await placeOrder(api);
  await api.settled();
});
afterAll(() => api.close());

describe('GET /health', () => {
  it('answers without a key: status, stores, jobs and each projection with position and lag', async () => {
    const res = await api.request.get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      eventStore: expect.objectContaining({ adapter: 'sqlite', head: expect.stringMatching(/^\d+$/) }),
      documents: expect.objectContaining({ adapter: 'sqlite' }),
      jobs: expect.objectContaining({ adapter: expect.any(String) }),
      projections: expect.any(Object),
    });
    const projections = Object.entries(res.body.projections as Record<string, { position: string; lag: number }>);
    expect(projections.length).toBeGreaterThan(0);
    for (const [name, projection] of projections) {
      expect({ name, projection }).toEqual({ name, projection: expect.objectContaining({ position: expect.stringMatching(/^\d+$/), lag: expect.any(Number) }) });
      expect(projection.lag).toBe(0);
      expect(projection.position).toBe(res.body.eventStore.head);
    }
  });
});

describe('GET /health, the other followers of the log', () => {
  it('shows the webhook dispatcher with its position, lag and state, and the CRM sync only when it is configured', async () => {
    const res = await api.request.get('/health').expect(200);
    expect(Object.keys(res.body.followers)).toEqual(['webhooks']);
    expect(res.body.followers.webhooks).toEqual({
      position: expect.stringMatching(/^\d+$/),
      lag: expect.any(Number),
      state: 'running',
      error: null,
      leaseHeld: true,
    });
    expect(BigInt(res.body.followers.webhooks.position)).toBeLessThanOrEqual(BigInt(res.body.eventStore.head));
  });

  it('adds the CRM sync once HubSpot is configured', async () => {
    const withCrm = await openTestApi({ env: { OMS_HUBSPOT_TOKEN: 'pat-na1-not-a-real-token' } });
    try {
      await withCrm.settled();
      const res = await withCrm.request.get('/health').expect(200);
      expect(Object.keys(res.body.followers).sort()).toEqual(['crm', 'webhooks']);
      expect(res.body.followers.crm).toMatchObject({ state: 'running', error: null, leaseHeld: true, lag: expect.any(Number) });
    } finally {
      await withCrm.close();
    }
  });
});

describe('GET /health, the pollers', () => {
  it('shows each configured poller’s last pass and last error, and a failing one leaves the status ok', async () => {
    // A Magento store that refuses the token: every pull fails at once, and is tried again at the next interval.
    const magento = await startMagentoServer('the-token-magento-expects');
    const polling = await openTestApi({ env: { OMS_TRACKING_POLL_SECONDS: '3600', OMS_MAGENTO_URL: magento.url, OMS_MAGENTO_TOKEN: 'a-token-magento-refuses' } });
    try {
      let body: { status: string; pollers: Record<string, { state: string; error: string | null; lastPassAt: string | null; lastSuccessAt: string | null; leaseHeld: boolean }> };
      for (let i = 0; ; i++) {
        body = (await polling.request.get('/health').expect(200)).body;
        if (body.pollers.tracking?.lastPassAt && body.pollers.magento?.lastPassAt) break;
        if (i > 1_000) throw new Error('the pollers never reported a pass');
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(body.status).toBe('ok');
      expect(body.pollers.tracking).toEqual({ state: 'running', error: null, lastPassAt: expect.any(String), lastSuccessAt: body.pollers.tracking!.lastPassAt, leaseHeld: true });
      expect(body.pollers.magento).toEqual({ state: 'running', error: expect.stringContaining('401'), lastPassAt: expect.any(String), lastSuccessAt: null, leaseHeld: true });
      expect(JSON.stringify(body)).not.toContain('a-token-magento-refuses');
    } finally {
      await polling.close();
      await magento.close();
    }
  });

  it('shows none when none is configured', async () => {
    expect((await api.request.get('/health').expect(200)).body.pollers).toEqual({});
  });
});

describe('GET /metrics', () => {
  it('is Prometheus text with the request, command, append and projection-lag metrics', async () => {
    const res = await api.request.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    for (const name of ['oms_http_request_duration_seconds', 'oms_commands_total', 'oms_event_append_duration_seconds', 'oms_projection_lag_events']) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
    expect(res.text).toMatch(/oms_commands_total\{type="PlaceOrder",outcome="ok"\} \d+/);
    expect(res.text).toMatch(/oms_http_request_duration_seconds_count\{method="POST",route="\/orders",status="201"\} \d+/);
    expect(res.text).toMatch(/oms_projection_lag_events\{projection="\w+"\} \d+/);
    expect(res.text).toMatch(/oms_event_append_duration_seconds_count \d+/);
  });

  it('counts refusals under their route and status', async () => {
    await api.as('analyst').post('/orders').send({}).expect(403);
    const res = await api.request.get('/metrics').expect(200);
    expect(res.text).toMatch(/oms_http_request_duration_seconds_count\{method="POST",route="\/orders",status="403"\} \d+/);
  });

  it('needs the token when OMS_METRICS_TOKEN is set', async () => {
    const guarded = await openTestApi({ env: { OMS_METRICS_TOKEN: 'metrics-secret-token' } });
    try {
      expectProblem(await guarded.request.get('/metrics'), 401);
      expectProblem(await guarded.request.get('/metrics').set('Authorization', 'Bearer wrong'), 401);
      await guarded.request.get('/metrics').set('Authorization', 'Bearer metrics-secret-token').expect(200);
      await guarded.request.get('/health').expect(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 and describes every route of the table, no more and no less', async () => {
    const res = await api.request.get('/openapi.json').expect(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });

    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(api.routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('gives each operation a unique id, its parameters, body schema and responses', async () => {
    const doc = (await api.request.get('/openapi.json').expect(200)).body;
    const ids = new Set<string>();
    for (const route of api.routes) {
      const op = doc.paths[route.path][route.method];
      expect(ids.has(op.operationId)).toBe(false);
      ids.add(op.operationId);
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
        expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name, in: 'path', required: true })]));
      }
      expect(op.responses[String(route.success.status)]).toBeDefined();
      if (route.body) expect(op.requestBody.content['application/json'].schema).toEqual(expect.objectContaining({ type: 'object' }));
      if (route.roles === 'public') {
        expect(op.security).toEqual([]);
      } else {
        expect(op['x-roles']).toEqual(route.roles);
        for (const status of ['401', '403', '429']) expect(op.responses[status]).toBeDefined();
      }
      if (route.method === 'post') {
        expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
      }
      if (route.method === 'get') {
        expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'OMS-Min-Position', in: 'header' })]));
      }
    }
    // every $ref points at something that is there
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(doc.components.schemas[ref]).toBeDefined();
  });

  it('documents the POST /orders body from the same schema that validates it', async () => {
    const doc = (await api.request.get('/openapi.json').expect(200)).body;
    const schema = doc.paths['/orders'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['channel', 'customer', 'currency', 'lines', 'shippingAddress', 'payment']));
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('GET /docs', () => {
  // That it renders every route is docs-page.test.ts's job, in a browser.
  it('is an HTML page that loads its scripts from this server alone', async () => {
    const res = await api.request.get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/^<!doctype html>/i);
    const sources = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^\/docs\/assets\//);
  });
});
