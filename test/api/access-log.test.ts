import { Writable } from 'node:stream';
import pino from 'pino';
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import { createHttpApp } from '../../src/composition/http-app';
import { openOms, Oms } from '../../src/composition/oms';
import { ApiKeyRing } from '../../src/http/auth/api-key-ring';
import { TEST_KEYS, TEST_KEYS_SPEC } from '../support/api-app';
import { makeTempDir } from '../support/temp-dir';

/*
 * One access-log line per request on the OMS logger, with what an operator
 * needs to follow it and never the key; and one route label format, the
 * same for a success and a refusal on the same route.
 */

const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let oms: Oms;
let request: supertest.Agent;
let temp: ReturnType<typeof makeTempDir>;
const keyIdOf = (key: string) => ApiKeyRing.parse(TEST_KEYS_SPEC).authenticate(key)!.keyId;

beforeAll(async () => {
  temp = makeTempDir('oms-access-log-');
  oms = await openOms({
    config: loadConfig({ OMS_DATA_DIR: temp.dir }),
    keys: ApiKeyRing.parse(TEST_KEYS_SPEC),
    logger: pino({ level: 'info' }, capture),
  });
  const { app } = await createHttpApp(oms);
  await oms.start();
  request = supertest.agent(app);
});
afterAll(async () => {
  await oms.close();
  await temp.remove();
});

const accessLines = (correlationId: string) =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.correlationId === correlationId && 'status' in entry);

describe('the access log', () => {
  it('logs method, route template, status, duration, correlation id and key id, and never the key', async () => {
    await request
      .get('/orders/0198c6c2-0000-7000-8000-000000000001')
      .set('Authorization', `Bearer ${TEST_KEYS.analyst}`)
      .set('X-Correlation-Id', 'access-log-1')
      .expect(404);
    const entries = accessLines('access-log-1');
    expect(entries).toEqual([
      expect.objectContaining({
        method: 'GET',
        route: '/orders/{orderId}',
        status: 404,
        durationMs: expect.any(Number),
        correlationId: 'access-log-1',
        keyId: keyIdOf(TEST_KEYS.analyst),
      }),
    ]);
    const text = lines.join('\n');
    expect(text).not.toContain(TEST_KEYS.analyst);
    expect(text.toLowerCase()).not.toContain('authorization');
    expect(text).not.toContain('0198c6c2-0000-7000-8000-000000000001');
  });

  it('logs a request no route answers, and one refused for its key, without the key', async () => {
    await request.get('/nowhere').set('X-Correlation-Id', 'access-log-2').expect(404);
    expect(accessLines('access-log-2')).toEqual([expect.objectContaining({ method: 'GET', route: 'unmatched', status: 404, keyId: null })]);
    await request.get('/orders').set('Authorization', 'Bearer not-a-key-secret').set('X-Correlation-Id', 'access-log-3').expect(401);
    expect(accessLines('access-log-3')).toEqual([expect.objectContaining({ route: '/orders', status: 401, keyId: null })]);
    expect(lines.join('\n')).not.toContain('not-a-key-secret');
  });
});

describe('route labels of the request metrics', () => {
  it('are the same route template for a 200 and a 404 on the same route', async () => {
    const put = await request
      .put('/products/SKU-LABEL')
      .set('Authorization', `Bearer ${TEST_KEYS.admin}`)
      .send({ name: 'Label', unitPrice: 100, currency: 'USD' })
      .expect(201);
    await request.get('/products/SKU-LABEL').set('Authorization', `Bearer ${TEST_KEYS.admin}`).set('OMS-Min-Position', put.body.position).expect(200);
    await request.get('/products/SKU-NONE').set('Authorization', `Bearer ${TEST_KEYS.admin}`).expect(404);
    const { values } = await oms.metrics.httpRequestDuration.get();
    const productReads = values.filter((value) => value.labels.method === 'GET' && String(value.labels.route).startsWith('/products/'));
    expect(new Set(productReads.map((value) => `${value.labels.status} ${value.labels.route}`))).toEqual(
      new Set(['200 /products/{sku}', '404 /products/{sku}']),
    );
  });
});
