import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { expectProblem, placeOrder } from '../support/api-fixtures';
import { openTestApi, TestApi } from '../support/api-app';
import { Receiver, startReceiver } from '../support/webhook-receiver';

const WAIT_LIMIT_MS = 10_000;

describe('webhook subscriptions over HTTP', () => {
  let api: TestApi;
  let receiver: Receiver;
  /** Every log line of the OMS, down to debug (failed attempts are logged there). */
  let logs = '';

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString('utf8');
        done();
      },
    });
    api = await openTestApi({ logger: pino({ level: 'debug' }, sink) });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await api.close();
    await receiver.close();
  });

  const subscribe = (body: Record<string, unknown>) => api.as('admin').post('/webhooks/subscriptions').send(body);

  it('answers the secret once at creation, never in a read, and delivers signed webhooks with a delivery log', async () => {
    const created = await subscribe({ url: receiver.url, events: ['order.placed'] }).expect(201);
    const { subscriptionId, secret } = created.body as { subscriptionId: string; secret: string };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.headers.location).toBe(`/webhooks/subscriptions/${subscriptionId}`);

    const one = await api.as('admin').get(`/webhooks/subscriptions/${subscriptionId}`).expect(200);
    expect(one.body).toEqual({
      subscriptionId,
      url: receiver.url,
      events: ['order.placed'],
      status: 'active',
      createdAt: expect.any(String),
      failingSince: null,
      pausedAt: null,
    });
    const list = await api.as('admin').get('/webhooks/subscriptions').expect(200);
    expect(list.body.items.map((s: { subscriptionId: string }) => s.subscriptionId)).toContain(subscriptionId);
    expect(JSON.stringify([one.body, list.body])).not.toContain(secret);

    const { orderId } = await placeOrder(api);
    const deadline = Date.now() + WAIT_LIMIT_MS;
    let log: { items: { eventType: string; status: string; attempt: number; responseStatus: number }[] } = { items: [] };
    while (log.items.length === 0 && Date.now() < deadline) {
      log = (await api.as('admin').get(`/webhooks/subscriptions/${subscriptionId}/deliveries`).expect(200)).body;
      if (log.items.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(log.items).toEqual([expect.objectContaining({ eventType: 'order.placed', attempt: 1, status: 'delivered', responseStatus: 200 })]);
    const [webhook] = receiver.received;
    expect(webhook!.parsed).toMatchObject({ type: 'order.placed', data: { orderId } });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(webhook!.headers['oms-signature']))!;
    expect(createHmac('sha256', secret).update(`${t}.${webhook!.body}`).digest('hex')).toBe(v1);

    // Nowhere else: not in a log line, an event, or any read answer.
    const everything = JSON.stringify((await api.as('admin').get('/audit/events?limit=500').expect(200)).body);
    expect(logs.length).toBeGreaterThan(0);
    expect([logs.includes(secret), everything.includes(secret)]).toEqual([false, false]);

    await api.as('admin').delete(`/webhooks/subscriptions/${subscriptionId}`).expect(204);
    expectProblem(await api.as('admin').get(`/webhooks/subscriptions/${subscriptionId}`), 404);
    expectProblem(await api.as('admin').get(`/webhooks/subscriptions/${subscriptionId}/deliveries`), 404);
    expectProblem(await api.as('admin').delete(`/webhooks/subscriptions/${subscriptionId}`), 404);
  });

  it('keeps a secret the caller chose, and never replays the answer that carried it', async () => {
    const secret = 'my-own-secret-0123456789';
    const first = await subscribe({ url: receiver.url, events: ['*'], secret }).set('Idempotency-Key', 'sub-1').expect(201);
    expect(first.body.secret).toBe(secret);
    const again = await subscribe({ url: receiver.url, events: ['*'], secret }).set('Idempotency-Key', 'sub-1').expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('resumes a subscription, active ones included (stuck deliveries are retried), and answers 404 for one that does not exist', async () => {
    const { subscriptionId } = (await subscribe({ url: receiver.url, events: ['stock.low'] }).expect(201)).body as { subscriptionId: string };
    const resumed = await api.as('admin').post(`/webhooks/subscriptions/${subscriptionId}/resume`).expect(200);
    expect(resumed.body).toMatchObject({ subscriptionId, status: 'active', failingSince: null, pausedAt: null });
    expectProblem(await api.as('admin').post('/webhooks/subscriptions/0190a0b0-0000-4000-8000-0000000000ff/resume'), 404);
    expectProblem(await api.as('admin').get('/webhooks/subscriptions/not-a-subscription-id'), 404);
  });

  it.each([
    ['an ftp URL', { url: 'ftp://example.com/hooks', events: ['order.placed'] }, 'body.url'],
    ['a URL with credentials', { url: 'https://user:pass@example.com/hooks', events: ['order.placed'] }, 'body.url'],
    ['a cloud metadata address', { url: 'http://169.254.169.254/latest/meta-data', events: ['order.placed'] }, 'body.url'],
    ['the unspecified address', { url: 'http://0.0.0.0:8080/hooks', events: ['order.placed'] }, 'body.url'],
    ['no URL at all', { url: 'not a url', events: ['order.placed'] }, 'body.url'],
    ['an unknown webhook type', { url: 'https://example.com/hooks', events: ['order.teleported'] }, 'body.events'],
    ['no webhook type', { url: 'https://example.com/hooks', events: [] }, 'body.events'],
    ['a short secret', { url: 'https://example.com/hooks', events: ['*'], secret: 'short' }, 'body.secret'],
  ])('refuses %s with a 400 naming the field, creating nothing', async (_name, body, field) => {
    const before = (await api.as('admin').get('/webhooks/subscriptions').expect(200)).body.items.length;
    const res = await subscribe(body);
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect((await api.as('admin').get('/webhooks/subscriptions').expect(200)).body.items.length).toBe(before);
  });
});

describe('webhook subscriptions with OMS_WEBHOOKS_REQUIRE_HTTPS=true', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi({ env: { OMS_WEBHOOKS_REQUIRE_HTTPS: 'true' } });
  });
  afterAll(async () => api.close());

  it('refuses plain http:// receivers and takes https:// ones', async () => {
    const res = await api.as('admin').post('/webhooks/subscriptions').send({ url: 'http://example.com/hooks', events: ['*'] });
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ path: 'body.url', message: expect.stringContaining('https://') }]);
    await api.as('admin').post('/webhooks/subscriptions').send({ url: 'https://example.com/hooks', events: ['*'] }).expect(201);
  });
});

describe('webhook subscriptions with OMS_WEBHOOKS_PUBLIC_ONLY=true', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi({ env: { OMS_WEBHOOKS_PUBLIC_ONLY: 'true' } });
  });
  afterAll(async () => api.close());

  it.each(['http://127.0.0.1:8080/hooks', 'http://localhost:8080/hooks', 'http://10.0.0.7/hooks', 'http://[::1]/hooks', 'https://192.168.1.20/hooks'])(
    'refuses a receiver on this machine or a private network: %s',
    async (url) => {
      const res = await api.as('admin').post('/webhooks/subscriptions').send({ url, events: ['*'] });
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ path: 'body.url', message: expect.stringContaining('which webhooks do not reach') }]);
    },
  );

  it('takes a receiver named by a public host name', async () => {
    await api.as('admin').post('/webhooks/subscriptions').send({ url: 'https://hooks.example.com/oms', events: ['*'] }).expect(201);
    expect((await api.as('admin').get('/webhooks/subscriptions').expect(200)).body.items).toHaveLength(1);
  });
});
