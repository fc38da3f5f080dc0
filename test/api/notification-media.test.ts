import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, newOrderId, orderBody, seedCatalog, withoutAppend } from '../support/api-fixtures';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  await seedCatalog(api, { products: { 'SKU-1': 1999 } });
});
afterAll(() => api.close());

const withCustomer = (customer: Record<string, unknown>) => {
  const body = orderBody({ orderId: newOrderId() });
  return { ...body, customer: { ...body.customer, ...customer } };
};

describe('customer.notify on POST /orders', () => {
  it.each(['email', 'sms', 'both'])('keeps notify=%s with the order', async (notify) => {
    const body = withCustomer({ notify, phone: '+447700900123' });
    await api.as('admin').post('/orders').send(body).expect(201);
    const history = await api.as('auditor').get(`/orders/${body.orderId}/history`).expect(200);
    expect(history.body.events[0]).toMatchObject({ type: 'OrderPlaced', data: { customer: { notify, phone: '+447700900123' } } });
    await api.settled();
    const order = await api.as('admin').get(`/orders/${body.orderId}`).expect(200);
    expect(order.body.customer).toMatchObject({ notify, phone: '+447700900123' });
  });

  it.each([
    ['sms', null],
    ['both', '555 0100'],
    ['sms', '+1 555 555 0100'],
  ])('refuses notify=%s with phone %p: 400 naming customer.phone, nothing appended', async (notify, phone) => {
    const res = await withoutAppend(api, api.as('admin').post('/orders').send(withCustomer({ notify, phone })));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ path: 'body.customer.phone', message: expect.stringContaining('E.164') }]);
  });

  it('refuses a medium it does not know', async () => {
    const res = await withoutAppend(api, api.as('admin').post('/orders').send(withCustomer({ notify: 'pigeon' })));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.customer.notify' })]);
  });
});
