import { EventStoreUnavailable } from '../../src/infrastructure/eventstore/event-store';
import { productBody } from '../support/api-fixtures';
import { openTestApi, TestApi } from '../support/api-app';

/*
 * An event store without a leader for a moment (an election, a node down)
 * is not a bug: the client is told to come back, with Retry-After, and
 * nothing was written.
 */
describe('an event store that cannot take writes now', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi();
  });
  afterAll(() => api.close());

  it('answers 503 with Retry-After and a stable code, never 500, and the retry succeeds', async () => {
    const append = jest.spyOn(api.oms.events, 'append').mockRejectedValueOnce(new EventStoreUnavailable('no leader', 2));
    const refused = await api.as('admin').put('/products/SKU-NO-LEADER').send(productBody(1500, 'Lamp'));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 503, code: 'EVENTSTORE.UNAVAILABLE' });
    append.mockRestore();

    await api.as('admin').put('/products/SKU-NO-LEADER').send(productBody(1500, 'Lamp')).expect(201);
  });
});
