import { createLogger, Logger } from '../observability/logger';
import { FinishedJobs } from './finished-jobs';
import {
  DEFAULT_CLOSE_TIMEOUT_MS,
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
  InvalidJob,
  UnrecoverableJobError,
  normalizeConcurrency,
  normalizeJob,
  retryDelayMs,
  toError,
} from './job-queue';
import { settleWithin } from './settle-within';

export type InlineJobQueueOptions = {
  /** How many finished job keys are remembered for dedupe. Default 100k. */
  rememberFinished?: number;
  /** How long close() waits for running handlers. Default 10 s. */
  closeTimeoutMs?: number;
  logger?: Logger;
};

type PendingJob = NormalizedJob & {
  key: string;
  /** Number of the next (or current) attempt, from 1. */
  attempt: number;
  retryTimer?: NodeJS.Timeout;
};

type Lane = {
  handler?: JobHandler;
  concurrency: number;
  waiting: PendingJob[];
  running: number;
  pumpScheduled: boolean;
};

type State = 'created' | 'started' | 'closing' | 'closed';

const keyOf = (name: string, id: string) => `${name}\u0000${id}`;

/**
 * In-process jobs for the embedded mode: no Redis, not durable (see the port).
 * Each job name is a lane with its own handler, FIFO and concurrency limit;
 * retries wait on timers; finished ids are remembered in a bounded window.
 */
export class InlineJobQueue implements JobQueue {
  private readonly lanes = new Map<string, Lane>();
  /** Every job waiting, delayed or running, by key. */
  private readonly pending = new Map<string, PendingJob>();
  private readonly delayed = new Set<PendingJob>();
  private readonly running = new Set<Promise<void>>();
  private readonly finished: FinishedJobs;
  private readonly closeTimeoutMs: number;
  private readonly logger: Logger;
  private failedHook: FailedJobHook | undefined;
  private idleWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private state: State = 'created';
  private closing: Promise<void> | undefined;

  constructor(options: InlineJobQueueOptions = {}) {
    this.finished = new FinishedJobs(options.rememberFinished ?? 100_000);
    this.closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    this.logger = (options.logger ?? createLogger()).child({ component: 'inline-job-queue' });
  }

  async enqueue(job: JobRequest): Promise<void> {
    this.accept(job);
  }

  async enqueueMany(jobs: readonly JobRequest[], options: EnqueueOptions = {}): Promise<void> {
    // Validate the whole batch first so a bad job rejects it without half-enqueuing.
    const normalized = jobs.map(normalizeJob);
    for (const job of normalized) {
      const key = keyOf(job.name, job.id);
      if (options.rerunFailed && this.finished.outcomeOf(key) === 'failed') this.finished.forget(key);
      this.accept(job);
    }
  }

  process(name: string, handler: JobHandler, options?: ProcessOptions): void {
    if (this.state === 'closing' || this.state === 'closed') throw new JobQueueClosed();
    const lane = this.lane(name);
    if (lane.handler) throw new Error(`a handler for job ${name} is already registered`);
    lane.handler = handler;
    lane.concurrency = normalizeConcurrency(options);
    this.schedulePump(name, lane);
  }

  onFailed(hook: FailedJobHook): void {
    this.failedHook = hook;
  }

  async start(): Promise<void> {
    if (this.state === 'closing' || this.state === 'closed') throw new JobQueueClosed();
    this.state = 'started';
    for (const [name, lane] of this.lanes) this.schedulePump(name, lane);
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(this.stranded());
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  async counts(): Promise<JobCounts> {
    let waiting = 0;
    let active = 0;
    for (const lane of this.lanes.values()) {
      waiting += lane.waiting.length;
      active += lane.running;
    }
    return {
      waiting,
      active,
      delayed: this.delayed.size,
      failed: this.finished.count('failed'),
      completed: this.finished.count('completed'),
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.state = 'closing';
    const drained = await settleWithin(Promise.allSettled([...this.running]), this.closeTimeoutMs);
    if (!drained) {
      this.logger.warn({ running: this.running.size, timeoutMs: this.closeTimeoutMs }, 'closed with handlers still running');
    }
    for (const job of this.delayed) clearTimeout(job.retryTimer);
    this.delayed.clear();
    this.state = 'closed';
    if (this.pending.size > 0) {
      this.logger.info({ pending: this.pending.size }, 'closed with jobs pending; they are re-derived at the next start');
    }
    this.settleIdleWaiters();
  }

  private accept(request: JobRequest): void {
    if (this.state === 'closed') throw new JobQueueClosed();
    const job = normalizeJob(request);
    const key = keyOf(job.name, job.id);
    if (this.pending.has(key) || this.finished.has(key)) return;
    // A copy as a queue in Redis would hand over: plain JSON, immune to later mutation by the caller.
    const text = JSON.stringify(job.data);
    if (text === undefined) throw new InvalidJob(`${job.name}/${job.id}: data is not JSON`);
    const pending: PendingJob = { ...job, data: JSON.parse(text) as Json, key, attempt: 1 };
    this.pending.set(key, pending);
    const lane = this.lane(job.name);
    lane.waiting.push(pending);
    this.schedulePump(job.name, lane);
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { concurrency: 1, waiting: [], running: 0, pumpScheduled: false };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  /** Handlers start on a later turn of the event loop, never inside enqueue's stack. */
  private schedulePump(name: string, lane: Lane): void {
    if (this.state !== 'started' || lane.pumpScheduled || !lane.handler || lane.waiting.length === 0) return;
    lane.pumpScheduled = true;
    setImmediate(() => {
      lane.pumpScheduled = false;
      this.pump(name, lane);
    });
  }

  private pump(name: string, lane: Lane): void {
    const handler = lane.handler;
    if (!handler) return;
    while (this.state === 'started' && lane.running < lane.concurrency) {
      const job = lane.waiting.shift();
      if (!job) return;
      lane.running += 1;
      const run = this.run(job, handler).finally(() => {
        lane.running -= 1;
        this.running.delete(run);
        this.pump(name, lane);
        this.settleIdleWaiters();
      });
      this.running.add(run);
    }
  }

  private async run(job: PendingJob, handler: JobHandler): Promise<void> {
    const attempt = job.attempt;
    try {
      await handler(job.data, { id: job.id, attempt });
      this.pending.delete(job.key);
      this.finished.remember(job.key, 'completed');
    } catch (thrown) {
      const error = toError(thrown);
      if (error instanceof UnrecoverableJobError || attempt >= job.attempts) {
        await this.reportFailure(job, error, attempt);
        this.pending.delete(job.key);
        this.finished.remember(job.key, 'failed');
      } else {
        this.scheduleRetry(job, error, attempt);
      }
    }
  }

  private scheduleRetry(job: PendingJob, error: Error, failedAttempt: number): void {
    const delayMs = retryDelayMs(job.backoffMs, failedAttempt, job.maxBackoffMs);
    this.logger.debug({ job: job.name, id: job.id, attempt: failedAttempt, delayMs, err: error }, 'job attempt failed; retrying');
    job.attempt = failedAttempt + 1;
    if (this.state === 'closed') return; // stays pending; nothing runs after close
    this.delayed.add(job);
    job.retryTimer = setTimeout(() => {
      this.delayed.delete(job);
      job.retryTimer = undefined;
      const lane = this.lane(job.name);
      lane.waiting.push(job);
      this.schedulePump(job.name, lane);
    }, delayMs);
  }

  private async reportFailure(job: PendingJob, error: Error, attempts: number): Promise<void> {
    this.logger.warn({ job: job.name, id: job.id, attempts, err: error }, 'job failed');
    if (!this.failedHook) return;
    try {
      await this.failedHook({ name: job.name, id: job.id, data: job.data, error, attempts });
    } catch (hookError) {
      this.logger.error({ job: job.name, id: job.id, err: hookError }, 'onFailed hook threw');
    }
  }

  private isIdle(): boolean {
    return this.pending.size === 0 && this.running.size === 0;
  }

  private settleIdleWaiters(): void {
    if (this.idleWaiters.length === 0) return;
    const idle = this.isIdle();
    if (!idle && this.state !== 'closed') return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) {
      if (idle) waiter.resolve();
      else waiter.reject(this.stranded());
    }
  }

  /** idle() can never resolve once closed with work left: say so rather than hang. */
  private stranded(): Error {
    return new JobQueueClosed(`closed with ${this.pending.size} jobs pending`);
  }
}
