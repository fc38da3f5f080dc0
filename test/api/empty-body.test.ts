import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, placeOrder, seedCatalog, withoutAppend } from '../support/api-fixtures';
import { allocateOrder, labelFulfillment } from '../support/api-workflow';

/*
 * Most HTTP clients send `{}` when a POST has nothing to say: for an endpoint
 * that takes no body, `{}` and no body at all are the same request.
 */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await seedCatalog(api, { products: { 'SKU-1': 1999 }, locations: ['wh-1'] });
});
afterAll(() => api.close());

describe('an empty JSON body where none is taken', () => {
  it('takes {} on release like no body', async () => {
    const { orderId } = await placeOrder(api);
    await api.as('admin').post(`/orders/${orderId}/hold`).send({ reason: 'check address' }).expect(200);
    const released = await api.as('admin').post(`/orders/${orderId}/release`).send({}).expect(200);
    expect(released.body).toMatchObject({ orderId, onHold: false });
  });

  it('takes {} on every fulfilment step', async () => {
    const { orderId } = await placeOrder(api);
    await allocateOrder(api.oms, orderId);
    const base = `/orders/${orderId}/fulfillments/F1`;
    expect((await api.as('warehouse').post(`${base}/picked`).send({}).expect(200)).body.status).toBe('picking');
    expect((await api.as('warehouse').post(`${base}/packed`).send({}).expect(200)).body.status).toBe('packed');
    await labelFulfillment(api.oms, orderId, 'F1');
    expect((await api.as('warehouse').post(`${base}/shipped`).send({}).expect(200)).body.status).toBe('shipped');
    expect((await api.as('admin').post(`${base}/delivered`).send({}).expect(200)).body.status).toBe('delivered');
  });

  it('still refuses a body with fields, naming them, and changes nothing', async () => {
    const { orderId } = await placeOrder(api);
    const res = await withoutAppend(api, api.as('admin').post(`/orders/${orderId}/release`).send({ reason: 'x' }));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ path: 'body.reason', message: 'unknown field' }]);
  });

  it('still refuses a body that is not an object', async () => {
    const { orderId } = await placeOrder(api);
    const res = await withoutAppend(api, api.as('admin').post(`/orders/${orderId}/release`).set('Content-Type', 'application/json').send('[]'));
    expectProblem(res, 400);
  });
});

it('documents the step commands as taking no body or {}', async () => {
  const document = (await api.request.get('/openapi.json').expect(200)).body;
  for (const step of ['picked', 'packed', 'shipped', 'delivered']) {
    const requestBody = document.paths[`/orders/{orderId}/fulfillments/{fulfillmentId}/${step}`].post.requestBody;
    expect(requestBody).toMatchObject({ required: false, content: { 'application/json': { schema: { type: 'object', maxProperties: 0 } } } });
  }
  expect(document.paths['/orders/{orderId}/release'].post.requestBody.required).toBe(false);
});
