import {
  InvalidJob,
  JobFailure,
  JobMeta,
  JobQueue,
  Json,
  UnrecoverableJobError,
} from '../../src/infrastructure/jobs/job-queue';

export type OpenJobQueue = () => Promise<{
  queue: JobQueue;
  /** Runs after queue.close(): removes whatever the adapter left behind. */
  cleanup: () => Promise<void>;
}>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

const waitFor = async (condition: () => boolean, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
};

/** Records every call of a handler; `behaviour` decides what each call does. */
const recorder = (behaviour: (data: Json, meta: JobMeta) => Promise<void> | void = () => undefined) => {
  const calls: Array<{ data: Json; meta: JobMeta; at: number }> = [];
  const handler = async (data: Json, meta: JobMeta) => {
    calls.push({ data, meta, at: Date.now() });
    await behaviour(data, meta);
  };
  return { calls, handler };
};

/** One suite, run against every JobQueue adapter. Backoffs are small so it stays fast. */
export const jobQueueContract = (adapterName: string, open: OpenJobQueue) => {
  describe(`JobQueue contract: ${adapterName}`, () => {
    let queue: JobQueue;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ queue, cleanup } = await open());
    });
    afterEach(async () => {
      await queue.close();
      await cleanup();
    });

    it('runs a job once with its data, as attempt 1', async () => {
      const send = recorder();
      queue.process('notify.send', send.handler);
      await queue.start();
      const data = { to: 'ada@example.com', lines: [1, 2.5, 'three', null], nested: { ok: true } };
      await queue.enqueue({ name: 'notify.send', id: 'order-1:confirmation', data });
      await queue.idle();
      expect(send.calls.map(({ data, meta }) => ({ data, meta }))).toEqual([
        { data, meta: { id: 'order-1:confirmation', attempt: 1 } },
      ]);
      expect(await queue.counts()).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 1 });
    });

    it('never runs the handler inside the enqueue call', async () => {
      const send = recorder();
      queue.process('notify.send', send.handler);
      await queue.start();
      const accepted = queue.enqueue({ name: 'notify.send', id: 'n-1', data: {} });
      expect(send.calls).toHaveLength(0);
      await accepted;
      await queue.idle();
      expect(send.calls).toHaveLength(1);
    });

    it('holds jobs enqueued before start() until then', async () => {
      const send = recorder();
      queue.process('notify.send', send.handler);
      await queue.enqueue({ name: 'notify.send', id: 'early', data: {} });
      await sleep(50);
      expect(send.calls).toHaveLength(0);
      expect((await queue.counts()).waiting).toBe(1);
      await queue.start();
      await queue.idle();
      expect(send.calls).toHaveLength(1);
    });

    it('dedupes by id: twice while pending runs once, again after completion is a no-op, the first data wins', async () => {
      const send = recorder();
      queue.process('notify.send', send.handler);
      await queue.enqueue({ name: 'notify.send', id: 'same', data: { version: 1 } });
      await queue.enqueue({ name: 'notify.send', id: 'same', data: { version: 2 } });
      await queue.start();
      await queue.idle();
      await queue.enqueue({ name: 'notify.send', id: 'same', data: { version: 3 } });
      await queue.idle();
      await sleep(30);
      expect(send.calls.map((call) => call.data)).toEqual([{ version: 1 }]);
    });

    it('scopes ids by job name', async () => {
      const send = recorder();
      const label = recorder();
      queue.process('notify.send', send.handler);
      queue.process('carrier.label', label.handler);
      await queue.start();
      await queue.enqueue({ name: 'notify.send', id: 'order-7', data: {} });
      await queue.enqueue({ name: 'carrier.label', id: 'order-7', data: {} });
      await queue.idle();
      expect([send.calls.length, label.calls.length]).toEqual([1, 1]);
    });

    it('retries a failing handler with exponential backoff until it succeeds', async () => {
      const backoffMs = 80;
      const flaky = recorder((_data, meta) => {
        if (meta.attempt < 3) throw new Error(`gateway timeout ${meta.attempt}`);
      });
      const failures: JobFailure[] = [];
      queue.onFailed((failure) => void failures.push(failure));
      queue.process('payment.authorize', flaky.handler);
      await queue.start();
      await queue.enqueue({ name: 'payment.authorize', id: 'pay-1', data: { amount: 10 }, backoffMs });
      await queue.idle();

      expect(flaky.calls.map((call) => call.meta.attempt)).toEqual([1, 2, 3]);
      const [first, second, third] = flaky.calls.map((call) => call.at) as [number, number, number];
      const firstGap = second - first;
      const secondGap = third - second;
      expect(firstGap).toBeGreaterThanOrEqual(backoffMs - 5);
      expect(secondGap).toBeGreaterThanOrEqual(2 * backoffMs - 5);
      expect(secondGap).toBeGreaterThan(firstGap);
      expect(failures).toEqual([]);
      expect(await queue.counts()).toMatchObject({ failed: 0, completed: 1, delayed: 0 });
    });

    it('fails a job after its attempts, telling onFailed once with the last error', async () => {
      const broken = recorder((_data, meta) => {
        throw new Error(`carrier down (attempt ${meta.attempt})`);
      });
      const failures: JobFailure[] = [];
      queue.onFailed(async (failure) => {
        await sleep(20); // a hook that issues a command takes a moment; idle() waits for it
        failures.push(failure);
      });
      queue.process('carrier.label', broken.handler);
      await queue.start();
      await queue.enqueue({ name: 'carrier.label', id: 'label:order-9', data: { orderId: 'order-9' }, attempts: 3, backoffMs: 10 });
      await queue.idle();

      expect(broken.calls).toHaveLength(3);
      expect(failures).toHaveLength(1);
      const [failure] = failures;
      expect(failure).toMatchObject({ name: 'carrier.label', id: 'label:order-9', data: { orderId: 'order-9' }, attempts: 3 });
      expect(failure!.error).toBeInstanceOf(Error);
      expect(failure!.error.message).toBe('carrier down (attempt 3)');
      expect(await queue.counts()).toMatchObject({ failed: 1, completed: 0, waiting: 0, delayed: 0, active: 0 });

      // A failed id is remembered too: enqueuing it again does not rerun it.
      await queue.enqueue({ name: 'carrier.label', id: 'label:order-9', data: { orderId: 'order-9' } });
      await queue.idle();
      expect(broken.calls).toHaveLength(3);
    });

    it('runs a failed job again, with fresh attempts, when recovery enqueues it with rerunFailed', async () => {
      let outage = true;
      const flaky = recorder(() => {
        if (outage) throw new Error('gateway down');
      });
      queue.process('payment.capture', flaky.handler);
      await queue.start();
      const job = { name: 'payment.capture', id: 'capture:order-3', data: { orderId: 'order-3' }, attempts: 2, backoffMs: 5 };
      await queue.enqueue(job);
      await queue.idle();
      expect(flaky.calls).toHaveLength(2);

      outage = false;
      await queue.enqueueMany([job, { ...job, id: 'capture:order-4' }], { rerunFailed: true });
      await queue.idle();
      expect(flaky.calls.map((call) => [call.meta.id, call.meta.attempt])).toEqual([
        ['capture:order-3', 1],
        ['capture:order-3', 2],
        expect.anything(),
        expect.anything(),
      ]);
      expect(flaky.calls.slice(2).map((call) => [call.meta.id, call.meta.attempt]).sort()).toEqual([
        ['capture:order-3', 1],
        ['capture:order-4', 1],
      ]);
      expect(await queue.counts()).toMatchObject({ failed: 0, completed: 2 });
      // A completed id stays done, rerunFailed or not.
      await queue.enqueueMany([job], { rerunFailed: true });
      await queue.idle();
      expect(flaky.calls).toHaveLength(4);
    });

    it('fails at once, without retrying, on UnrecoverableJobError', async () => {
      const declined = recorder(() => {
        throw new UnrecoverableJobError('card declined');
      });
      const failures: JobFailure[] = [];
      queue.onFailed((failure) => void failures.push(failure));
      queue.process('payment.authorize', declined.handler);
      await queue.start();
      await queue.enqueue({ name: 'payment.authorize', id: 'pay-2', data: {}, attempts: 5, backoffMs: 10 });
      await queue.idle();

      expect(declined.calls).toHaveLength(1);
      expect(failures).toHaveLength(1);
      expect(failures[0]!.error).toBeInstanceOf(UnrecoverableJobError);
      expect(failures[0]!.error.message).toBe('card declined');
      expect(failures[0]!.attempts).toBe(1);
    });

    it('reports a thrown non-Error as an Error', async () => {
      const failures: JobFailure[] = [];
      queue.onFailed((failure) => void failures.push(failure));
      queue.process('notify.send', async () => {
        throw 'smtp refused'; // eslint-disable-line no-throw-literal
      });
      await queue.start();
      await queue.enqueue({ name: 'notify.send', id: 'n-9', data: {}, attempts: 1 });
      await queue.idle();
      expect(failures.map((failure) => failure.error.message)).toEqual(['smtp refused']);
    });

    it('keeps a failing onFailed hook from stalling the queue', async () => {
      queue.onFailed(() => {
        throw new Error('event store unavailable');
      });
      const send = recorder();
      queue.process('notify.fail', async () => {
        throw new UnrecoverableJobError('no');
      });
      queue.process('notify.send', send.handler);
      await queue.start();
      await queue.enqueue({ name: 'notify.fail', id: 'f-1', data: {} });
      await queue.enqueue({ name: 'notify.send', id: 's-1', data: {} });
      await queue.idle();
      expect(send.calls).toHaveLength(1);
      expect(await queue.counts()).toMatchObject({ failed: 1, completed: 1 });
    });

    it('never runs more handlers of a name at once than its concurrency', async () => {
      let running = 0;
      let mostAtOnce = 0;
      const slow = recorder(async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await sleep(30);
        running -= 1;
      });
      queue.process('carrier.label', slow.handler, { concurrency: 2 });
      await queue.enqueueMany(Array.from({ length: 8 }, (_, i) => ({ name: 'carrier.label', id: `l-${i}`, data: { i } })));
      await queue.start();
      await queue.idle();
      expect(slow.calls).toHaveLength(8);
      expect(mostAtOnce).toBe(2);
    });

    it('enqueues a batch across names, deduping within it and against earlier jobs', async () => {
      const send = recorder();
      const label = recorder();
      queue.process('notify.send', send.handler);
      queue.process('carrier.label', label.handler);
      await queue.enqueue({ name: 'notify.send', id: 'n-1', data: { first: true } });
      await queue.enqueueMany([
        { name: 'notify.send', id: 'n-1', data: { first: false } },
        { name: 'notify.send', id: 'n-2', data: {} },
        { name: 'notify.send', id: 'n-2', data: {} },
        { name: 'carrier.label', id: 'l-1', data: {} },
        { name: 'carrier.label', id: 'l-2', data: {} },
      ]);
      await queue.start();
      await queue.idle();
      expect(send.calls.map((call) => call.meta.id).sort()).toEqual(['n-1', 'n-2']);
      expect(send.calls.find((call) => call.meta.id === 'n-1')?.data).toEqual({ first: true });
      expect(label.calls.map((call) => call.meta.id).sort()).toEqual(['l-1', 'l-2']);
    });

    it('rejects an invalid job and leaves the rest of its batch unqueued', async () => {
      await expect(queue.enqueue({ name: 'notify.send', id: '', data: {} })).rejects.toBeInstanceOf(InvalidJob);
      await expect(queue.enqueue({ name: 'notify.send', id: 'x', data: {}, attempts: 0 })).rejects.toBeInstanceOf(InvalidJob);
      await expect(
        queue.enqueueMany([
          { name: 'notify.send', id: 'ok', data: {} },
          { name: 'notify.send', id: 'bad', data: {}, backoffMs: -1 },
        ]),
      ).rejects.toBeInstanceOf(InvalidJob);
      expect(await queue.counts()).toMatchObject({ waiting: 0 });
    });

    it('allows one handler per name', () => {
      queue.process('notify.send', async () => undefined);
      expect(() => queue.process('notify.send', async () => undefined)).toThrow(/already registered/);
    });

    it('resolves idle() at once when nothing is pending', async () => {
      await queue.start();
      await queue.idle();
    });

    it('resolves idle() only after every job, retry and follow-up job has settled', async () => {
      const followUps = recorder(async () => sleep(20));
      const flaky = recorder(async (_data, meta) => {
        if (meta.attempt === 1) throw new Error('try again');
        // The outcome of a job may lead to another job, enqueued before this one completes.
        await queue.enqueue({ name: 'notify.send', id: `after-${meta.id}`, data: {} });
      });
      queue.process('payment.capture', flaky.handler);
      queue.process('notify.send', followUps.handler);
      await queue.start();
      await queue.enqueueMany([
        { name: 'payment.capture', id: 'c-1', data: {}, backoffMs: 30 },
        { name: 'payment.capture', id: 'c-2', data: {}, backoffMs: 30 },
      ]);
      let settled = false;
      const idle = queue.idle().then(() => (settled = true));
      await sleep(10);
      expect(settled).toBe(false);
      await idle;
      expect(flaky.calls).toHaveLength(4);
      expect(followUps.calls.map((call) => call.meta.id).sort()).toEqual(['after-c-1', 'after-c-2']);
      expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 4 });
    });

    it('closes gracefully: waits for a running handler, then runs nothing more', async () => {
      const release = deferred();
      let finished = false;
      const slow = recorder(async (_data, meta) => {
        if (meta.id !== 'first') return;
        await release.promise;
        finished = true;
      });
      queue.process('carrier.label', slow.handler, { concurrency: 1 });
      await queue.enqueue({ name: 'carrier.label', id: 'first', data: {} });
      await queue.enqueue({ name: 'carrier.label', id: 'second', data: {} });
      await queue.start();
      await waitFor(() => slow.calls.length === 1);

      let closed = false;
      const closing = queue.close().then(() => (closed = true));
      await sleep(50);
      expect(closed).toBe(false);
      release.resolve();
      await closing;
      expect(finished).toBe(true);
      await sleep(100);
      expect(slow.calls.map((call) => call.meta.id)).toEqual(['first']);
    });
  });
};
