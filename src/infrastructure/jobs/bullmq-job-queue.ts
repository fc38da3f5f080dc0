import { BackoffOptions, Job, JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createLogger, Logger } from '../observability/logger';
import { fromBullJobId, toBullJobId, toQueueName } from './bullmq-names';
import {
  EnqueueOptions,
  FailedJobHook,
  Json,
  JobCounts,
  JobHandler,
  JobQueue,
  JobQueueClosed,
  JobRequest,
  NormalizedJob,
  ProcessOptions,
  UnrecoverableJobError,
  normalizeConcurrency,
  normalizeJob,
  retryDelayMs,
  toError,
} from './job-queue';
import { settleWithin, sleep } from './settle-within';

/** BullMQ's exponential backoff with a ceiling (its own has none); the ceiling travels in the job's backoff options. */
const CAPPED_EXPONENTIAL = 'oms-capped-exponential';
type CappedBackoff = { type: typeof CAPPED_EXPONENTIAL; delay: number; maxDelay: number };

const cappedBackoffOptions = (delay: number, maxDelay: number): BackoffOptions => {
  const options: CappedBackoff = { type: CAPPED_EXPONENTIAL, delay, maxDelay };
  return options;
};

const cappedBackoff = (attemptsMade: number, type?: string, _error?: Error, job?: { opts: JobsOptions }): number => {
  const backoff = job?.opts.backoff as CappedBackoff | undefined;
  if (type !== CAPPED_EXPONENTIAL || !backoff) throw new Error(`unknown backoff strategy ${String(type)}`);
  return retryDelayMs(backoff.delay, attemptsMade, backoff.maxDelay);
};

/** BullMQ's KeepJobs, in our units. A job is dropped once it is older than `ageSeconds` OR beyond the newest `count`. */
export type Retention = { ageSeconds: number; count: number };

export type BullMqJobQueueOptions = {
  /** redis://[user:password@]host:port[/db] (rediss:// for TLS). */
  url: string;
  /** Namespaces every key of these queues. Default 'oms-jobs'. */
  prefix?: string;
  /** Queues counted by counts() and idle() even before this process enqueues or processes them. */
  jobNames?: readonly string[];
  /** Default 24 h and the newest 100k per job name: the dedupe window for completed ids. */
  keepCompleted?: Retention;
  /** Default 7 days and the newest 10k per job name. */
  keepFailed?: Retention;
  /**
   * How long close() waits for running handlers. Default 7 s: shorter than
   * the 10 s a container is given between SIGTERM and SIGKILL, so the
   * process closes its connections itself rather than being killed mid-close.
   */
  closeTimeoutMs?: number;
  /**
   * How a dead worker's jobs are found (BullMQ's lock and stall check): a
   * job's lock lasts `lockDurationMs` unless renewed; every `stalledIntervalMs`
   * a worker moves jobs with expired locks back to waiting, up to
   * `maxStalledCount` times, then fails them. Defaults 30 s, 30 s, 1.
   */
  stall?: { lockDurationMs?: number; stalledIntervalMs?: number; maxStalledCount?: number };
  /** How often idle() looks at the queues. Default 20 ms. */
  idlePollMs?: number;
  logger?: Logger;
};

type Registration = { handler: JobHandler; concurrency: number };
type State = 'created' | 'started' | 'closing' | 'closed';

const DAY_SECONDS = 24 * 60 * 60;

/** Below the default stop grace period of Docker and Kubernetes (10 s; 30 s for Kubernetes pods). */
export const BULLMQ_CLOSE_TIMEOUT_MS = 7_000;

/**
 * JobQueue on BullMQ (Redis): durable, shared by every API and worker process.
 *
 * One Queue and one Worker per job name rather than one queue of named jobs:
 * a Worker's concurrency applies to its whole queue, so per-name concurrency
 * needs per-name queues; it also keeps a backlog of one kind (notifications)
 * from delaying another (payments), gives per-name counts for metrics, and
 * lets a worker process take only some names. The cost is one blocking Redis
 * connection per processed name, a handful in this system.
 *
 * Dedupe uses BullMQ's custom job ids, which hold only while the job's hash
 * exists: finished jobs are kept for `keepCompleted` / `keepFailed` (pruned by
 * BullMQ whenever another job of that name finishes). Longer windows cost Redis
 * memory (a few hundred bytes per job plus its data); past the window an id
 * can run again, which handlers tolerate because they are idempotent anyway.
 *
 * onFailed runs inside the processor on the last attempt, before BullMQ marks
 * the job failed. A job BullMQ fails on its own (stalled more than
 * `maxStalledCount` times, i.e. its worker died mid-run repeatedly) never
 * reaches the processor: BullMQ fails it when a worker next takes it, and
 * that worker's 'failed' event reports it (after it is marked failed: a crash
 * in between loses that report, and the rerun at recovery covers it).
 * Recovery enqueues with `rerunFailed`, which retries a retained failed job
 * of the same id rather than treating the id as a duplicate.
 *
 * Connections: one ioredis client shared by the Queues (producers) and one,
 * with `maxRetriesPerRequest: null` as BullMQ requires, shared by the Workers,
 * each of which also duplicates it for its blocking reads. Both are ours to quit.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly prefix: string;
  private readonly keepCompleted: Retention;
  private readonly keepFailed: Retention;
  private readonly closeTimeoutMs: number;
  private readonly idlePollMs: number;
  private readonly logger: Logger;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();
  private readonly registrations = new Map<string, Registration>();
  private producer: Redis | undefined;
  private consumer: Redis | undefined;
  private failedHook: FailedJobHook | undefined;
  /** Reports of stall failures still running, for close() to wait for. */
  private readonly stallReports = new Set<Promise<void>>();
  private state: State = 'created';
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullMqJobQueueOptions) {
    this.prefix = options.prefix ?? 'oms-jobs';
    this.keepCompleted = options.keepCompleted ?? { ageSeconds: DAY_SECONDS, count: 100_000 };
    this.keepFailed = options.keepFailed ?? { ageSeconds: 7 * DAY_SECONDS, count: 10_000 };
    this.closeTimeoutMs = options.closeTimeoutMs ?? BULLMQ_CLOSE_TIMEOUT_MS;
    this.idlePollMs = options.idlePollMs ?? 20;
    this.logger = (options.logger ?? createLogger()).child({ component: 'bullmq-job-queue', prefix: this.prefix });
    for (const name of options.jobNames ?? []) this.queueFor(name);
  }

  async enqueue(request: JobRequest): Promise<void> {
    this.assertOpen();
    const job = normalizeJob(request);
    await this.queueFor(job.name).add(job.name, job.data, this.jobOptions(job));
  }

  async enqueueMany(requests: readonly JobRequest[], options: EnqueueOptions = {}): Promise<void> {
    this.assertOpen();
    const byName = new Map<string, NormalizedJob[]>();
    for (const job of requests.map(normalizeJob)) {
      const batch = byName.get(job.name) ?? [];
      batch.push(job);
      byName.set(job.name, batch);
    }
    // Atomic per job name (one addBulk each), not across names.
    await Promise.all(
      [...byName].map(([name, jobs]) =>
        this.queueFor(name).addBulk(jobs.map((job) => ({ name, data: job.data, opts: this.jobOptions(job) }))),
      ),
    );
    if (options.rerunFailed) await Promise.all([...byName].map(([name, jobs]) => this.rerunFailed(name, jobs)));
  }

  /** addBulk kept a failed job of the same id as it was: move it back to waiting with fresh attempts. */
  private async rerunFailed(name: string, jobs: readonly NormalizedJob[]): Promise<void> {
    const queue = this.queueFor(name);
    for (const { id } of jobs) {
      const job = await queue.getJob(toBullJobId(id));
      if (!job || (await job.getState()) !== 'failed') continue;
      try {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        this.logger.info({ job: name, id }, 'failed job run again on recovery');
      } catch (error) {
        // Another process retried it first, or retention removed it meanwhile.
        this.logger.debug({ job: name, id, err: error }, 'failed job not retried');
      }
    }
  }

  process(name: string, handler: JobHandler, options?: ProcessOptions): void {
    if (this.state === 'closing' || this.state === 'closed') throw new JobQueueClosed();
    if (this.registrations.has(name)) throw new Error(`a handler for job ${name} is already registered`);
    this.registrations.set(name, { handler, concurrency: normalizeConcurrency(options) });
    this.queueFor(name);
    if (this.state === 'started') this.startWorker(name);
  }

  onFailed(hook: FailedJobHook): void {
    this.failedHook = hook;
  }

  async start(): Promise<void> {
    if (this.state === 'closing' || this.state === 'closed') throw new JobQueueClosed();
    if (this.state === 'started') return;
    this.state = 'started';
    for (const name of this.registrations.keys()) this.startWorker(name);
    await Promise.all([...this.workers.values()].map((worker) => worker.waitUntilReady()));
  }

  async idle(): Promise<void> {
    for (;;) {
      this.assertOpen();
      if ((await this.unsettledJobs()) === 0) return;
      await sleep(this.idlePollMs);
    }
  }

  async counts(): Promise<JobCounts> {
    const total: JobCounts = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
    const perQueue = await Promise.all(
      [...this.queues.values()].map((queue) =>
        queue.getJobCounts('waiting', 'prioritized', 'waiting-children', 'active', 'delayed', 'failed', 'completed'),
      ),
    );
    for (const counts of perQueue) {
      const count = (type: string) => counts[type] ?? 0;
      total.waiting += count('waiting') + count('prioritized') + count('waiting-children');
      total.active += count('active');
      total.delayed += count('delayed');
      total.failed += count('failed');
      total.completed += count('completed');
    }
    return total;
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /** Queue names this instance uses, as BullMQ sees them (for obliterating test queues). */
  queueNames(): string[] {
    return [...this.queues.values()].map((queue) => queue.name);
  }

  private async shutDown(): Promise<void> {
    this.state = 'closing';
    const workers = [...this.workers.values()];
    // worker.close() stops fetching, waits for running handlers, then closes its blocking connection.
    const drained = await settleWithin(Promise.all(workers.map((worker) => worker.close())), this.closeTimeoutMs);
    if (!drained) {
      // Their locks expire and another worker picks the jobs up as stalled.
      this.logger.warn({ timeoutMs: this.closeTimeoutMs }, 'closed with handlers still running');
      await Promise.allSettled(workers.map((worker) => worker.disconnect()));
    }
    await settleWithin(Promise.allSettled([...this.stallReports]), this.closeTimeoutMs);
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    await Promise.allSettled([this.producer, this.consumer].map((client) => client && this.release(client, drained)));
    this.state = 'closed';
  }

  private async release(client: Redis, gracefully: boolean): Promise<void> {
    if (client.status === 'end') return;
    if (!gracefully) {
      client.disconnect();
      return;
    }
    try {
      await client.quit();
    } catch {
      client.disconnect();
    }
  }

  private assertOpen(): void {
    if (this.state === 'closed') throw new JobQueueClosed();
  }

  private jobOptions(job: NormalizedJob): JobsOptions {
    return {
      jobId: toBullJobId(job.id),
      attempts: job.attempts,
      backoff: job.maxBackoffMs === undefined ? { type: 'exponential', delay: job.backoffMs } : cappedBackoffOptions(job.backoffMs, job.maxBackoffMs),
      removeOnComplete: { age: this.keepCompleted.ageSeconds, count: this.keepCompleted.count },
      removeOnFail: { age: this.keepFailed.ageSeconds, count: this.keepFailed.count },
    };
  }

  private queueFor(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(toQueueName(name), { connection: this.producerConnection(), prefix: this.prefix });
      queue.on('error', (err) => this.logger.error({ job: name, err }, 'queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private startWorker(name: string): void {
    const registration = this.registrations.get(name);
    if (!registration || this.workers.has(name)) return;
    const worker = new Worker<Json, void, string>(toQueueName(name), (job) => this.runJob(name, registration.handler, job), {
      connection: this.consumerConnection(),
      prefix: this.prefix,
      concurrency: registration.concurrency,
      autorun: false,
      settings: { backoffStrategy: cappedBackoff },
      ...(this.options.stall?.lockDurationMs !== undefined ? { lockDuration: this.options.stall.lockDurationMs } : {}),
      ...(this.options.stall?.stalledIntervalMs !== undefined ? { stalledInterval: this.options.stall.stalledIntervalMs } : {}),
      ...(this.options.stall?.maxStalledCount !== undefined ? { maxStalledCount: this.options.stall.maxStalledCount } : {}),
    });
    worker.on('error', (err) => this.logger.error({ job: name, err }, 'worker error'));
    worker.on('failed', (job, err) => {
      // Failed by BullMQ itself for stalling too often: the processor never ran, so nobody reported it yet.
      if (job && job.deferredFailure !== undefined && err.name === 'UnrecoverableError' && err.message === job.deferredFailure) {
        const report = this.reportFailure({ name, id: fromBullJobId(job.id ?? ''), data: job.data, error: new Error(`stalled: ${err.message}`), attempts: job.attemptsMade });
        this.stallReports.add(report);
        void report.finally(() => this.stallReports.delete(report));
      }
    });
    this.workers.set(name, worker);
    worker.run().catch((err: unknown) => this.logger.error({ job: name, err }, 'worker stopped'));
  }

  private async runJob(name: string, handler: JobHandler, job: Job<Json, void, string>): Promise<void> {
    const id = fromBullJobId(job.id ?? '');
    const attempt = job.attemptsMade + 1;
    try {
      await handler(job.data, { id, attempt });
    } catch (thrown) {
      const error = toError(thrown);
      const unrecoverable = error instanceof UnrecoverableJobError;
      if (unrecoverable || attempt >= (job.opts.attempts ?? 1)) {
        // Reported while the job is still active, so idle() and close() wait for the hook,
        // and a crash before the job is marked failed means a rerun (at least once), not a lost report.
        await this.reportFailure({ name, id, data: job.data, error, attempts: attempt });
      } else {
        this.logger.debug({ job: name, id, attempt, err: error }, 'job attempt failed; retrying');
      }
      throw unrecoverable ? new UnrecoverableError(error.message) : error;
    }
  }

  private async reportFailure(failure: Parameters<FailedJobHook>[0]): Promise<void> {
    this.logger.warn({ job: failure.name, id: failure.id, attempts: failure.attempts, err: failure.error }, 'job failed');
    if (!this.failedHook) return;
    try {
      await this.failedHook(failure);
    } catch (hookError) {
      this.logger.error({ job: failure.name, id: failure.id, err: hookError }, 'onFailed hook threw');
    }
  }

  /** Waiting + delayed + active over every known queue, read in one MULTI: a handler that enqueues a follow-up into another queue and completes cannot slip between two reads. */
  private async unsettledJobs(): Promise<number> {
    if (this.queues.size === 0) return 0;
    const multi = this.producerConnection().multi();
    for (const queue of this.queues.values()) {
      const key = (type: string): string => {
        const found = queue.keys[type];
        if (found === undefined) throw new Error(`BullMQ queue has no ${type} key`);
        return found;
      };
      multi
        .llen(key('wait'))
        .llen(key('active'))
        .zcard(key('prioritized'))
        .zcard(key('delayed'))
        .zcard(key('waiting-children'));
    }
    const replies = (await multi.exec()) ?? [];
    let total = 0;
    for (const [error, count] of replies) {
      if (error) throw error;
      total += Number(count);
    }
    return total;
  }

  private producerConnection(): Redis {
    this.producer ??= this.connect('producer', { maxRetriesPerRequest: 3 });
    return this.producer;
  }

  private consumerConnection(): Redis {
    this.consumer ??= this.connect('consumer', { maxRetriesPerRequest: null });
    return this.consumer;
  }

  private connect(role: string, options: { maxRetriesPerRequest: number | null }): Redis {
    const client = new Redis(this.options.url, { ...options, connectionName: `oms-${role}` });
    client.on('error', (err) => this.logger.warn({ role, err }, 'redis connection error'));
    return client;
  }
}
