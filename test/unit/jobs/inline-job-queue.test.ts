import { InlineJobQueue } from '../../../src/infrastructure/jobs/inline-job-queue';
import { JobQueueClosed, Json } from '../../../src/infrastructure/jobs/job-queue';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('InlineJobQueue specifics', () => {
  it('hands the handler a JSON copy of the data, untouched by later changes', async () => {
    const queue = new InlineJobQueue();
    const seen: Json[] = [];
    queue.process('n', async (data) => void seen.push(data));
    const data = { items: ['a'] };
    await queue.enqueue({ name: 'n', id: '1', data });
    data.items.push('b');
    await queue.start();
    await queue.idle();
    expect(seen).toEqual([{ items: ['a'] }]);
    await queue.close();
  });

  it('dedupes finished ids within a bounded window only', async () => {
    const queue = new InlineJobQueue({ rememberFinished: 2 });
    const ran: string[] = [];
    queue.process('n', async (_data, meta) => void ran.push(meta.id));
    await queue.start();
    for (const id of ['a', 'b', 'c', 'a', 'c']) {
      await queue.enqueue({ name: 'n', id, data: null });
      await queue.idle();
    }
    expect(ran).toEqual(['a', 'b', 'c', 'a']);
    await queue.close();
  });

  it('stops waiting for a hung handler after closeTimeoutMs', async () => {
    const queue = new InlineJobQueue({ closeTimeoutMs: 100 });
    let started = false;
    queue.process('n', () => {
      started = true;
      return new Promise<void>(() => undefined);
    });
    await queue.enqueue({ name: 'n', id: 'hangs', data: null });
    await queue.start();
    while (!started) await sleep(5);
    const before = Date.now();
    await queue.close();
    expect(Date.now() - before).toBeGreaterThanOrEqual(95);
    expect(Date.now() - before).toBeLessThan(1_000);
  });

  it('drops a pending retry at close and runs nothing after', async () => {
    const queue = new InlineJobQueue();
    let calls = 0;
    queue.process('n', async () => {
      calls += 1;
      throw new Error('fails');
    });
    await queue.enqueue({ name: 'n', id: 'r', data: null, backoffMs: 50 });
    await queue.start();
    while (calls === 0) await sleep(5);
    await queue.close();
    expect((await queue.counts()).delayed).toBe(0);
    await sleep(120);
    expect(calls).toBe(1);
  });

  it('refuses work after close, and says so to idle() rather than hanging', async () => {
    const queue = new InlineJobQueue();
    await queue.enqueue({ name: 'no-handler', id: 'x', data: null });
    const idle = queue.idle();
    await queue.close();
    await expect(idle).rejects.toBeInstanceOf(JobQueueClosed);
    await expect(queue.idle()).rejects.toBeInstanceOf(JobQueueClosed);
    await expect(queue.enqueue({ name: 'n', id: 'y', data: null })).rejects.toBeInstanceOf(JobQueueClosed);
    expect(() => queue.process('n', async () => undefined)).toThrow(JobQueueClosed);
    await expect(queue.start()).rejects.toBeInstanceOf(JobQueueClosed);
  });

  it('runs a handler registered after start', async () => {
    const queue = new InlineJobQueue();
    await queue.start();
    await queue.enqueue({ name: 'late', id: '1', data: 1 });
    const seen: Json[] = [];
    queue.process('late', async (data) => void seen.push(data));
    await queue.idle();
    expect(seen).toEqual([1]);
    await queue.close();
  });
});
