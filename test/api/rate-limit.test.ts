import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, orderBody, withoutAppend } from '../support/api-fixtures';

/*
 * OMS_RATE_LIMIT_PER_MINUTE=10: a bucket of 10 requests per key that refills
 * one every 6 s, so the 11th request in a row is refused.
 */

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi({ rateLimitPerMinute: 10 });
});
afterAll(() => api.close());

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a key has spent its burst, and appends nothing', async () => {
    for (let i = 0; i < 10; i++) await api.as('client').get('/orders').expect(200);
    const res = await withoutAppend(api, api.as('client').post('/orders').send(orderBody()));
    expectProblem(res, 429);
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('limits each key on its own', async () => {
    await api.as('analyst').get('/orders').expect(200);
  });

  it('does not limit public routes or count requests without a valid key', async () => {
    for (let i = 0; i < 15; i++) await api.request.get('/health').expect(200);
    for (let i = 0; i < 15; i++) await api.as('not-a-key-of-ours').get('/orders').expect(401);
    await api.as('auditor').get('/audit/events').expect(200);
  });
});
