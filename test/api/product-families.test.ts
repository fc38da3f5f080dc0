import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, locationBody, placeOrder, productBody, withoutAppend } from '../support/api-fixtures';

/* Products with variants end to end: each variant is a SKU everywhere a SKU works, and reads group them by product. */

let api: TestApi;

const options = [
  { name: 'Size', values: ['S', 'M', 'L'] },
  { name: 'Colour', values: ['Red', 'Blue'] },
];
const variant = (Size: string, Colour: string, unitPrice = 1500, extra: Record<string, unknown> = {}) => ({
  name: `T-shirt ${Size} ${Colour}`,
  unitPrice,
  optionValues: { Size, Colour },
  ...extra,
});

beforeAll(async () => {
  api = await openTestApi();
  await api.as('admin').put('/locations/pf-east').send(locationBody(1, 'East')).expect(201);
  await api.as('admin').put('/locations/pf-west').send(locationBody(2, 'West')).expect(201);
});
afterAll(() => api.close());

describe('product families', () => {
  it('registers a product with options (201), changes its name (200) and appends nothing for the same PUT', async () => {
    const created = await api.as('admin').put('/product-families/TEE').send({ name: 'T-shirt', currency: 'USD', options }).expect(201);
    expect(created.body).toEqual({ productId: 'TEE', name: 'T-shirt', currency: 'USD', options, revision: 0, position: expect.any(String) });
    expect(created.headers.location).toBe('/product-families/TEE');
    const renamed = await api.as('admin').put('/product-families/TEE').send({ name: 'Tee', currency: 'USD', options }).expect(200);
    expect(renamed.body.revision).toBe(1);
    const same = await withoutAppend(api, api.as('admin').put('/product-families/TEE').send({ name: 'Tee', currency: 'USD', options }));
    expect(same.status).toBe(200);
  });

  it('adds variants, each a catalog product of its own, and reads the product with them', async () => {
    const added = await api.as('admin').put('/product-families/TEE/variants/TEE-M-RED').send(variant('M', 'Red', 1500, { externalSkus: { shopify: '44012345678901234' } })).expect(201);
    expect(added.body).toEqual({
      productId: 'TEE',
      sku: 'TEE-M-RED',
      name: 'T-shirt M Red',
      unitPrice: 1500,
      currency: 'USD',
      active: true,
      optionValues: { Size: 'M', Colour: 'Red' },
      externalSkus: { shopify: '44012345678901234' },
      revision: 2,
      position: expect.any(String),
    });
    const second = await api.as('admin').put('/product-families/TEE/variants/TEE-L-BLUE').send(variant('L', 'Blue', 1700)).expect(201);

    const family = await api.as('analyst').get('/product-families/TEE').set('OMS-Min-Position', second.body.position).expect(200);
    expect(family.body).toEqual({
      productId: 'TEE',
      name: 'Tee',
      currency: 'USD',
      options,
      variants: [
        { sku: 'TEE-M-RED', name: 'T-shirt M Red', unitPrice: 1500, active: true, optionValues: { Size: 'M', Colour: 'Red' }, externalSkus: { shopify: '44012345678901234' } },
        { sku: 'TEE-L-BLUE', name: 'T-shirt L Blue', unitPrice: 1700, active: true, optionValues: { Size: 'L', Colour: 'Blue' }, externalSkus: {} },
      ],
      updatedAt: expect.any(String),
    });
    const product = await api.as('analyst').get('/products/TEE-L-BLUE').expect(200);
    expect(product.body).toMatchObject({ sku: 'TEE-L-BLUE', unitPrice: 1700, productId: 'TEE', optionValues: { Size: 'L', Colour: 'Blue' } });
    const list = await api.as('auditor').get('/product-families').expect(200);
    expect(list.body.items.map((f: { productId: string }) => f.productId)).toContain('TEE');

    const repriced = await api.as('admin').put('/product-families/TEE/variants/TEE-L-BLUE').send(variant('L', 'Blue', 1800)).expect(200);
    expect(repriced.body).toMatchObject({ unitPrice: 1800, revision: 3 });
  });

  it.each([
    ['the combination of another variant', 'TEE-M-RED-2', variant('M', 'Red'), 409, 'PRODUCT_FAMILY.COMBINATION_TAKEN'],
    ['a value the option does not have', 'TEE-XL', variant('XL', 'Red'), 400, 'PRODUCT_FAMILY.INVALID_OPTION_VALUES'],
    ['another currency than the product', 'TEE-S-RED', { ...variant('S', 'Red'), currency: 'EUR' }, 409, 'PRODUCT_FAMILY.CURRENCY_MISMATCH'],
    ['a storefront id another variant goes by', 'TEE-S-RED', variant('S', 'Red', 1500, { externalSkus: { shopify: '44012345678901234' } }), 409, 'PRODUCT_FAMILY.EXTERNAL_SKU_TAKEN'],
    ['an unknown field', 'TEE-S-RED', { ...variant('S', 'Red'), colour: 'Red' }, 400, undefined],
  ])('refuses %s and changes nothing', async (_, sku, body, status, code) => {
    const res = await withoutAppend(api, api.as('admin').put(`/product-families/TEE/variants/${sku}`).send(body));
    expectProblem(res, status);
    if (code) expect(res.body.code).toBe(code);
  });

  it('refuses a SKU that is a variant of another product (409), and a variant of an unknown product (404)', async () => {
    await api.as('admin').put('/product-families/HOODIE').send({ name: 'Hoodie', currency: 'USD', options }).expect(201);
    const res = await withoutAppend(api, api.as('admin').put('/product-families/HOODIE/variants/TEE-M-RED').send(variant('M', 'Red')));
    expectProblem(res, 409);
    expect(res.body.code).toBe('PRODUCT.IN_OTHER_FAMILY');
    expectProblem(await withoutAppend(api, api.as('admin').put('/product-families/NOPE/variants/NOPE-1').send(variant('M', 'Red'))), 404);
  });

  it("refuses a change of a variant's currency through PUT /products (409)", async () => {
    const res = await withoutAppend(api, api.as('admin').put('/products/TEE-M-RED').send({ ...productBody(1500, 'T-shirt M Red'), currency: 'EUR' }));
    expectProblem(res, 409);
    expect(res.body.code).toBe('PRODUCT.FAMILY_CURRENCY_FIXED');
  });

  it('answers 404 for the reads of an unknown product family', async () => {
    for (const path of ['/product-families/NOPE', '/product-families/NOPE/inventory', '/product-families/NOPE/forecast', '/inventory?productId=NOPE']) {
      expectProblem(await api.as('analyst').get(path), 404);
    }
  });
});

describe('variant SKUs in stock, orders and reads grouped by product', () => {
  it('receives stock and takes orders per variant SKU, and sums them per product', async () => {
    await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'pf-east', sku: 'TEE-M-RED', quantity: 5 }).expect(201);
    await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'pf-west', sku: 'TEE-M-RED', quantity: 3 }).expect(201);
    await api.as('warehouse').post('/inventory/receipts').send({ locationId: 'pf-east', sku: 'TEE-L-BLUE', quantity: 4 }).expect(201);
    const { orderId } = await placeOrder(api, { lines: [{ sku: 'TEE-L-BLUE', quantity: 2 }] }, 'client');
    await api.settled();
    const order = await api.as('admin').get(`/orders/${orderId}`).expect(200);
    expect(order.body).toMatchObject({ status: 'allocated', lines: [{ sku: 'TEE-L-BLUE', unitPrice: 1800, allocated: [{ locationId: 'pf-east', quantity: 2 }] }] });

    const inventory = await api.as('analyst').get('/product-families/TEE/inventory').expect(200);
    expect(inventory.body.productId).toBe('TEE');
    expect(inventory.body.totals).toEqual({ onHand: 12, reserved: 2, available: 10, atp: 10 });
    expect(inventory.body.variants.map((v: { sku: string; optionValues: object; totals: object }) => [v.sku, v.optionValues, v.totals])).toEqual([
      ['TEE-M-RED', { Size: 'M', Colour: 'Red' }, { onHand: 8, reserved: 0, available: 8, atp: 8 }],
      ['TEE-L-BLUE', { Size: 'L', Colour: 'Blue' }, { onHand: 4, reserved: 2, available: 2, atp: 2 }],
    ]);
    expect(inventory.body.variants[0].locations.map((row: { locationId: string }) => row.locationId).sort()).toEqual(['pf-east', 'pf-west']);

    const rows = await api.as('analyst').get('/inventory?productId=TEE').expect(200);
    expect(rows.body.items.map((row: { sku: string; locationId: string }) => `${row.sku}@${row.locationId}`).sort()).toEqual([
      'TEE-L-BLUE@pf-east',
      'TEE-M-RED@pf-east',
      'TEE-M-RED@pf-west',
    ]);
  });

  it('forecasts each variant on its own demand and sums the product', async () => {
    const res = await api.as('analyst').get('/product-families/TEE/forecast?horizon=7').expect(200);
    const [red, blue] = res.body.variants;
    expect([red.sku, blue.sku]).toEqual(['TEE-M-RED', 'TEE-L-BLUE']);
    expect(blue.optionValues).toEqual({ Size: 'L', Colour: 'Blue' });
    const alone = await api.as('analyst').get('/forecasts/TEE-L-BLUE?horizon=7').expect(200);
    expect({ ...blue, optionValues: undefined }).toEqual({ ...alone.body, optionValues: undefined });
    expect(res.body).toMatchObject({ productId: 'TEE', locationId: null, atp: red.atp + blue.atp });
    expect(res.body.forecast).toHaveLength(7);
    res.body.forecast.forEach((day: { date: string; quantity: number }, index: number) => {
      expect(day.date).toBe(blue.forecast[index].date);
      expect(day.quantity).toBeCloseTo(red.forecast[index].quantity + blue.forecast[index].quantity, 2);
    });
    const demand = res.body.history.reduce((sum: number, day: { demand: number }) => sum + day.demand, 0);
    expect(demand).toBe(2);
  });
});
