import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { orderStreamId } from '../../src/domain/order';
import { BullMqJobQueue } from '../../src/infrastructure/jobs/bullmq-job-queue';
import { silentLogger } from '../../src/infrastructure/observability/logger';
import { makeTempDir } from '../support/temp-dir';
import { openWebhooks, ORDER_A, placed, verifies } from '../support/webhook-harness';
import { startReceiver } from '../support/webhook-receiver';
import { redisUnavailableReason, redisUrl } from './job-queue-redis';

const url = redisUrl();
const unavailable = redisUnavailableReason(url);

/** Webhook retries on BullMQ use a backoff strategy of this code's own (doubling, with a ceiling): BullMQ must find it. */
(unavailable ? describe.skip : describe)('outbound webhooks on BullMQ', () => {
  const prefix = `oms-test-${uuidv7()}`;
  const temp = makeTempDir('oms-webhooks-bullmq-');

  afterAll(async () => {
    const redis = new Redis(url, { maxRetriesPerRequest: 3 });
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await temp.remove();
  });

  it('retries a failing receiver through Redis with the capped backoff, then delivers the order’s webhooks in order', async () => {
    const receiver = await startReceiver();
    const clock = { ms: Date.parse('2026-03-01T00:00:00.000Z') };
    const jobs = new BullMqJobQueue({ url, prefix, idlePollMs: 10, closeTimeoutMs: 5_000, logger: silentLogger() });
    const oms = await openWebhooks(temp.dir, clock, { jobs });
    try {
      const { secret } = await oms.subscriptions.create({ url: receiver.url, events: ['order.placed', 'order.validated'] });
      receiver.answerWith((_webhook, index) => (index < 3 ? 500 : 200));
      await oms.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A));
      await oms.append(orderStreamId(ORDER_A), 'OrderValidated', { validatedAt: '2026-01-01T00:00:01.000Z' });
      await oms.settled();

      expect(receiver.received.map((w) => w.parsed.type)).toEqual(['order.placed', 'order.placed', 'order.placed', 'order.placed', 'order.validated']);
      expect(receiver.received.every((w) => verifies(secret, w))).toBe(true);
    } finally {
      await oms.close();
      await receiver.close();
    }
  });
});
