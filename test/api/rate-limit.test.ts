import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config';
import { openRequestLimits } from '../../src/composition/request-limits';
import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, orderBody, withoutAppend } from '../support/api-fixtures';
import { redisUnavailableReason, redisUrl } from '../contract/job-queue-redis';

/*
 * OMS_RATE_LIMIT_PER_MINUTE=10 and OMS_AUTH_FAILURES_PER_MINUTE=3: ten
 * requests a minute per key (and per address on the public routes), three
 * failed sign-ins a minute per address. Each limit is a window of a minute,
 * so the requests of one test all fall into one window (or, at worst, the
 * next, which only ever allows more): the counts below cannot be flaky
 * towards a false pass.
 */

let api: TestApi;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  api = await openTestApi({ rateLimitPerMinute: 10, authFailuresPerMinute: 3, logger: pino({ level: 'warn' }, sink) });
});
afterAll(() => api.close());

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a key has spent its requests, and appends nothing', async () => {
    for (let i = 0; i < 10; i++) await api.as('client').get('/orders').expect(200);
    const res = await withoutAppend(api, api.as('client').post('/orders').send(orderBody()));
    expectProblem(res, 429);
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('limits each key on its own', async () => {
    await api.as('analyst').get('/orders').expect(200);
  });

  it('limits the public routes per client address', async () => {
    for (let i = 0; i < 10; i++) await api.request.get('/health').expect(200);
    const res = await api.request.get('/health');
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('answers 429 instead of 401 once an address has failed to sign in too often, and valid keys still pass', async () => {
    const wrongKey = 'guessed-key-0123456789abcdefXYZ';
    for (let i = 0; i < 2; i++) expectProblem(await api.as(wrongKey).get('/orders'), 401);
    expectProblem(await api.request.get('/orders'), 401);
    const refused = await api.as(wrongKey).get('/orders');
    expectProblem(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await api.as('auditor').get('/audit/events').expect(200);
  });

  it('logs each failed sign-in as a warning with address, route and reason, and never the key', async () => {
    const failures = logLines.filter((line) => line.msg === 'failed sign-in');
    expect(failures.length).toBeGreaterThanOrEqual(4);
    expect(failures[0]).toMatchObject({ level: 40, route: 'GET /orders', reason: 'unknown', clientAddress: expect.stringMatching(/127\.0\.0\.1/) });
    expect(failures[0]!.presentedKeyId).toMatch(/^[0-9a-f]{12}$/);
    expect(failures.find((line) => line.reason === 'missing')).toBeDefined();
    const logged = JSON.stringify(logLines);
    // Not the key, nor any eight characters of it in a row.
    const wrongKey = 'guessed-key-0123456789abcdefXYZ';
    for (let start = 0; start + 8 <= wrongKey.length; start++) expect(logged).not.toContain(wrongKey.slice(start, start + 8));
  });
});

const redisDown = redisUnavailableReason(redisUrl());
if (redisDown) process.stdout.write(`SKIPPED rate limits shared on Redis: Redis at ${redisUrl()} did not answer (${redisDown})\n`);

(redisDown ? describe.skip : describe)('rate limits shared on Redis by two API processes', () => {
  const prefix = `oms-test-rate-limit-${uuidv7()}`;
  let first: TestApi;
  let second: TestApi;

  beforeAll(async () => {
    const config = loadConfig({ REDIS_URL: redisUrl(), OMS_RATE_LIMIT_PER_MINUTE: '4', OMS_AUTH_FAILURES_PER_MINUTE: '2' });
    const logger = pino({ level: 'silent' });
    first = await openTestApi({ limits: await openRequestLimits(config, logger, prefix) });
    second = await openTestApi({ limits: await openRequestLimits(config, logger, prefix) });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    const redis = new Redis(redisUrl());
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('counts a key’s requests to either process against one limit', async () => {
    await first.as('client').get('/orders').expect(200);
    await second.as('client').get('/orders').expect(200);
    await first.as('client').get('/orders').expect(200);
    await second.as('client').get('/orders').expect(200);
    expectProblem(await first.as('client').get('/orders'), 429);
    expectProblem(await second.as('client').get('/orders'), 429);
    await second.as('admin').get('/orders').expect(200);
  });

  it('counts failed sign-ins at either process against one limit per address', async () => {
    expectProblem(await first.as('guessed-key-0123456789abcdef').get('/orders'), 401);
    expectProblem(await second.as('guessed-key-0123456789abcdef').get('/orders'), 401);
    expectProblem(await first.as('guessed-key-0123456789abcdef').get('/orders'), 429);
  });
});
