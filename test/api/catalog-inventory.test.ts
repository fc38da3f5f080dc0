import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, locationBody, placeOrder, productBody, withoutAppend } from '../support/api-fixtures';

/* Catalog, locations, inventory and planning endpoints end to end. */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
});
afterAll(() => api.close());

describe('products', () => {
  it('registers a product (201), changes it (200), and a PUT of the same appends nothing', async () => {
    const created = await api.as('admin').put('/products/SKU-CAT').send(productBody(1500, 'Lamp')).expect(201);
    expect(created.body).toEqual({ sku: 'SKU-CAT', name: 'Lamp', unitPrice: 1500, currency: 'USD', active: true, revision: 0, position: expect.any(String) });
    expect(created.headers.location).toBe('/products/SKU-CAT');
    expect(created.headers.etag).toBe('"0"');

    const changed = await api.as('admin').put('/products/SKU-CAT').send({ ...productBody(1700, 'Lamp'), active: false }).expect(200);
    expect(changed.body).toMatchObject({ unitPrice: 1700, active: false });
    expect(changed.body.revision).toBeGreaterThan(0);

    const same = await withoutAppend(api, api.as('admin').put('/products/SKU-CAT').send({ ...productBody(1700, 'Lamp'), active: false }));
    expect(same.status).toBe(200);
    expect(same.body.revision).toBe(changed.body.revision);
  });

  it('keeps the active flag when a change leaves it out', async () => {
    await api.as('admin').put('/products/SKU-KEEP').send({ ...productBody(100), active: false }).expect(201);
    const res = await api.as('admin').put('/products/SKU-KEEP').send(productBody(200)).expect(200);
    expect(res.body.active).toBe(false);
  });

  it('reads a product and lists products, filtered by active', async () => {
    const put = await api.as('admin').put('/products/SKU-LIST').send(productBody(900, 'Chair')).expect(201);
    const one = await api.as('analyst').get('/products/SKU-LIST').set('OMS-Min-Position', put.body.position).expect(200);
    expect(one.body).toMatchObject({ sku: 'SKU-LIST', name: 'Chair', unitPrice: 900, currency: 'USD', active: true });
    const active = await api.as('analyst').get('/products?active=true').expect(200);
    expect(active.body.items.map((p: { sku: string }) => p.sku)).toContain('SKU-LIST');
    expect(active.body.items.map((p: { sku: string }) => p.sku)).not.toContain('SKU-KEEP');
    expect(active.body).toHaveProperty('nextCursor');
    expectProblem(await api.as('analyst').get('/products/SKU-NONE'), 404);
  });

  it('refuses an invalid product', async () => {
    const res = await withoutAppend(api, api.as('admin').put('/products/SKU-BAD').send({ name: '', unitPrice: -1, currency: 'usd' }));
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.unitPrice', 'body.currency']));
  });
});

describe('locations', () => {
  it('registers (201) and changes (200) a location, and lists locations by priority', async () => {
    const created = await api.as('admin').put('/locations/loc-b').send(locationBody(5, 'B')).expect(201);
    expect(created.body).toMatchObject({ locationId: 'loc-b', name: 'B', kind: 'warehouse', priority: 5, active: true, revision: 0 });
    expect(created.headers.location).toBe('/locations/loc-b');
    await api.as('admin').put('/locations/loc-a').send({ ...locationBody(1, 'A'), kind: 'store' }).expect(201);
    const changed = await api.as('admin').put('/locations/loc-b').send({ ...locationBody(0, 'B'), active: false }).expect(200);
    expect(changed.body).toMatchObject({ priority: 0, active: false });

    await api.settled();
    const list = await api.as('warehouse').get('/locations').expect(200);
    expect(list.body.items.map((l: { locationId: string }) => l.locationId)).toEqual(['loc-b', 'loc-a']);
    const active = await api.as('warehouse').get('/locations?active=true').expect(200);
    expect(active.body.items.map((l: { locationId: string }) => l.locationId)).toEqual(['loc-a']);
  });

  it('refuses a location id that does not match the pattern (404) and an unknown kind (400)', async () => {
    expectProblem(await withoutAppend(api, api.as('admin').put('/locations/Loc_A').send(locationBody())), 404);
    expectProblem(await withoutAppend(api, api.as('admin').put('/locations/loc-c').send({ ...locationBody(), kind: 'depot' })), 400);
  });
});

describe('inventory', () => {
  it('receives, adjusts and sets policy, each answering the stock level', async () => {
    await api.as('admin').put('/products/SKU-INV').send(productBody(100)).expect(201);
    const received = await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'loc-a', sku: 'SKU-INV', quantity: 20, reference: 'PO-1' }).expect(201);
    expect(received.body).toMatchObject({ locationId: 'loc-a', sku: 'SKU-INV', onHand: 20, reserved: 0, available: 20, atp: 20, revision: 0 });
    expect(received.headers['oms-position']).toBe(received.body.position);

    const adjusted = await api.as('warehouse').post('/inventory/adjustments').send({ locationId: 'loc-a', sku: 'SKU-INV', delta: -4, reason: 'damaged' }).expect(201);
    expect(adjusted.body).toMatchObject({ onHand: 16, available: 16 });

    const policy = await api.as('warehouse').put('/inventory/loc-a/SKU-INV/policy').send({ safetyStock: 5, lowStockThreshold: 12, leadTimeDays: 4, bin: 'B-07' }).expect(200);
    expect(policy.body).toMatchObject({ onHand: 16, atp: 11, safetyStock: 5, lowStockThreshold: 12, leadTimeDays: 4, bin: 'B-07' });

    await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'loc-b', sku: 'SKU-INV', quantity: 3 }).expect(201);
    const low = await api.as('warehouse').post('/inventory/adjustments').send({ locationId: 'loc-a', sku: 'SKU-INV', delta: -6, reason: 'count' }).expect(201);

    const view = await api.as('analyst').get('/inventory/SKU-INV').set('OMS-Min-Position', low.body.position).expect(200);
    expect(view.body.sku).toBe('SKU-INV');
    expect(view.body.totals).toEqual({ onHand: 13, reserved: 0, available: 13, atp: 8 });
    const rows = Object.fromEntries(view.body.locations.map((row: { locationId: string }) => [row.locationId, row]));
    expect(rows['loc-a']).toMatchObject({ onHand: 10, reserved: 0, available: 10, atp: 5, safetyStock: 5, lowStock: true, bin: 'B-07' });
    expect(rows['loc-b']).toMatchObject({ onHand: 3, reserved: 0, available: 3, atp: 3, safetyStock: 0, lowStock: false, bin: null });

    const lowRows = await api.as('analyst').get('/inventory?lowStock=true&locationId=loc-a').expect(200);
    expect(lowRows.body.items).toEqual([expect.objectContaining({ sku: 'SKU-INV', locationId: 'loc-a' })]);
    const none = await api.as('analyst').get('/inventory?lowStock=true&locationId=loc-b').expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('refuses a zero adjustment and a non-positive receipt (400)', async () => {
    expectProblem(await withoutAppend(api, api.as('warehouse').post('/inventory/adjustments').send({ locationId: 'loc-a', sku: 'SKU-INV', delta: 0, reason: 'x' })), 400);
    expectProblem(await withoutAppend(api, api.as('warehouse').post('/inventory/receipts').send({ locationId: 'loc-a', sku: 'SKU-INV', quantity: 0 })), 400);
  });

  it('answers a catalog SKU no location has stocked with zero totals and no rows (200), and a SKU the catalog does not know with 404', async () => {
    const registered = await api.as('admin').put('/products/SKU-NO-STOCK').send(productBody(100)).expect(201);
    const view = await api.as('analyst').get('/inventory/SKU-NO-STOCK').set('OMS-Min-Position', registered.body.position).expect(200);
    expect(view.body).toEqual({ sku: 'SKU-NO-STOCK', totals: { onHand: 0, reserved: 0, available: 0, atp: 0 }, locations: [] });
    const unknown = await api.as('analyst').get('/inventory/SKU-NEVER');
    expectProblem(unknown, 404);
    expect(unknown.body.code).toBe('RESOURCE.NOT_FOUND');
  });

  it.each([
    ['a receipt for a SKU the catalog does not know', 'post', '/inventory/receipts', { locationId: 'loc-a', sku: 'SKU-PHANTOM', quantity: 5 }],
    ['a receipt at a location never registered', 'post', '/inventory/receipts', { locationId: 'loc-nowhere', sku: 'SKU-INV', quantity: 5 }],
    ['an adjustment for a SKU the catalog does not know', 'post', '/inventory/adjustments', { locationId: 'loc-a', sku: 'SKU-PHANTOM', delta: 5, reason: 'found' }],
    ['an adjustment at a location never registered', 'post', '/inventory/adjustments', { locationId: 'loc-nowhere', sku: 'SKU-INV', delta: 5, reason: 'found' }],
    ['a policy for a SKU the catalog does not know', 'put', '/inventory/loc-a/SKU-PHANTOM/policy', { safetyStock: 1, lowStockThreshold: 1, leadTimeDays: 1 }],
    ['a policy at a location never registered', 'put', '/inventory/loc-nowhere/SKU-INV/policy', { safetyStock: 1, lowStockThreshold: 1, leadTimeDays: 1 }],
  ] as const)('refuses %s with 404 and creates no stock', async (_what, method, url, body) => {
    const res = await withoutAppend(api, api.as('warehouse')[method](url).send(body));
    expectProblem(res, 404);
    expect(res.body.code).toBe('RESOURCE.NOT_FOUND');
    const rows = await api.as('analyst').get('/inventory?limit=500').expect(200);
    const phantom = rows.body.items.filter((row: { sku: string; locationId: string }) => row.sku === 'SKU-PHANTOM' || row.locationId === 'loc-nowhere');
    expect(phantom).toEqual([]);
  });

  it('answers 404 for the pick list of a location never registered, 200 for a known one', async () => {
    const res = await api.as('warehouse').get('/locations/nope/pick-list');
    expectProblem(res, 404);
    expect(res.body.code).toBe('RESOURCE.NOT_FOUND');
    await api.as('warehouse').get('/locations/loc-a/pick-list').expect(200);
  });
});

describe('planning', () => {
  it('answers 404 for a forecast of a SKU the catalog does not know, or at a location never registered', async () => {
    expectProblem(await api.as('analyst').get('/forecasts/NOPE'), 404);
    expectProblem(await api.as('analyst').get('/forecasts/SKU-INV?locationId=loc-nowhere'), 404);
  });

  it('forecasts a SKU with the fields docs/api.md lists', async () => {
    await placeOrder(api, { lines: [{ sku: 'SKU-INV', quantity: 2, unitPrice: 100 }] });
    await api.settled();
    const res = await api.as('analyst').get('/forecasts/SKU-INV?horizon=14').expect(200);
    expect(res.body).toMatchObject({
      sku: 'SKU-INV',
      method: expect.any(String),
      params: expect.any(Object),
      history: expect.any(Array),
      safetyStock: expect.any(Number),
      reorderPoint: expect.any(Number),
      leadTimeDays: 4,
      atp: 6, // 8 after the inventory tests, less the 2 this order reserved
      suggestedReorderQuantity: expect.any(Number),
      // one day of history: it starts the smoothing, so no day has been forecast to measure yet
      accuracy: { mape: null },
    });
    expect(res.body).toHaveProperty('daysOfCover');
    expect(res.body.forecast).toHaveLength(14);
    for (const day of res.body.forecast) expect(day).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), quantity: expect.any(Number) });

    const holt = await api.as('analyst').get('/forecasts/SKU-INV?method=holt&alpha=0.3&beta=0.1&horizon=7&locationId=loc-a').expect(200);
    expect(holt.body).toMatchObject({ method: 'holt', params: { alpha: 0.3, beta: 0.1 } });
    expect(holt.body.forecast).toHaveLength(7);
  });

  it('lists what to reorder, a page at a time', async () => {
    const res = await api.as('analyst').get('/replenishment?limit=10').expect(200);
    expect(res.body).toEqual({ items: expect.any(Array), nextCursor: null });
    await api.as('analyst').get('/replenishment?limit=0').expect(400);
  });

  it('reports order analytics grouped by day, channel or status', async () => {
    await api.settled();
    for (const groupBy of ['day', 'channel', 'status']) {
      const res = await api.as('analyst').get(`/analytics/orders?groupBy=${groupBy}`).expect(200);
      expect(res.body).toMatchObject({ groupBy, from: expect.any(String), to: expect.any(String) });
    }
    const byChannel = await api.as('analyst').get('/analytics/orders?groupBy=channel').expect(200);
    expect(JSON.stringify(byChannel.body)).toContain('web');
  });
});
