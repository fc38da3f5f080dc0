import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { BullMqJobQueue } from '../../src/infrastructure/jobs/bullmq-job-queue';
import { Json } from '../../src/infrastructure/jobs/job-queue';
import { jobQueueContract } from './job-queue.contract';
import { redisUnavailableReason, redisUrl } from './job-queue-redis';

const url = redisUrl();
const unavailable = redisUnavailableReason(url);

/** Deletes every key under `prefix`: obliterates each queue found there, then sweeps what is left. */
const removePrefix = async (prefix: string): Promise<void> => {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  try {
    const metaKeys = await redis.keys(`${prefix}:*:meta`);
    const queueNames = metaKeys.map((key) => key.slice(prefix.length + 1, -':meta'.length));
    for (const name of queueNames) {
      const queue = new Queue(name, { connection: redis, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    const leftovers = await redis.keys(`${prefix}:*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
  } finally {
    await redis.quit();
  }
};

if (unavailable) {
  describe('JobQueue contract: bullmq', () => {
    // Logged while collecting: jest runs no beforeAll in a block whose tests are all skipped.
    process.stdout.write(`SKIPPED bullmq JobQueue contract: Redis at ${url} did not answer (${unavailable}); set REDIS_URL to run it\n`);
    it.skip('needs Redis', () => undefined);
  });
} else {
  jobQueueContract('bullmq', async () => {
    const prefix = `oms-test-${uuidv7()}`;
    const queue = new BullMqJobQueue({ url, prefix, idlePollMs: 10, closeTimeoutMs: 5_000 });
    return { queue, cleanup: () => removePrefix(prefix) };
  });
}

(unavailable ? describe.skip : describe)('BullMqJobQueue specifics', () => {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  let prefix: string;
  const opened: BullMqJobQueue[] = [];
  const open = (options: Partial<ConstructorParameters<typeof BullMqJobQueue>[0]> = {}) => {
    const queue = new BullMqJobQueue({ url, prefix, idlePollMs: 10, ...options });
    opened.push(queue);
    return queue;
  };

  beforeEach(() => {
    prefix = `oms-test-${uuidv7()}`;
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.close()));
    await removePrefix(prefix);
  });

  it('accepts ids BullMQ would refuse (colons, integers) and hands them back unchanged', async () => {
    const queue = open();
    const seen: string[] = [];
    queue.process('carrier:label', async (_data, meta) => void seen.push(meta.id));
    await queue.start();
    await queue.enqueueMany(['a:b:c', '42', '%3A', ':'].map((id) => ({ name: 'carrier:label', id, data: null })));
    await queue.enqueue({ name: 'carrier:label', id: '42', data: null });
    await queue.idle();
    expect(seen.sort()).toEqual(['%3A', '42', ':', 'a:b:c']);
  });

  it('lets one process enqueue and another process the jobs, both seeing the counts', async () => {
    const api = open({ jobNames: ['notify.send'] });
    const worker = open();
    const seen: Json[] = [];
    worker.process('notify.send', async (data) => void seen.push(data));
    await api.enqueue({ name: 'notify.send', id: 'n-1', data: { to: 'x' } });
    expect((await api.counts()).waiting).toBe(1);
    await worker.start();
    await api.idle();
    expect(seen).toEqual([{ to: 'x' }]);
    expect(await api.counts()).toMatchObject({ waiting: 0, completed: 1 });
  });

  it('stops waiting for a slow handler after closeTimeoutMs', async () => {
    const queue = open({ closeTimeoutMs: 100 });
    let started = false;
    queue.process('slow', async () => {
      started = true;
      await sleep(600);
    });
    await queue.enqueue({ name: 'slow', id: 's-1', data: null });
    await queue.start();
    while (!started) await sleep(5);
    const before = Date.now();
    await queue.close();
    expect(Date.now() - before).toBeLessThan(500);
    await sleep(700); // let the abandoned handler finish before the prefix is removed
  });
});
