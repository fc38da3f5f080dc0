/**
 * The JobQueue port: side effects (payment gateway, carrier labels,
 * notifications, webhooks) run as jobs with retries and exponential backoff.
 * A job's outcome comes back as a command issued by its handler; a job that
 * finally fails is reported to the `onFailed` hook, which the composition
 * root turns into a command (e.g. record a payment failure) and a log line.
 *
 * Delivery is at least once: a handler can run again after a crash or a lost
 * lock, so handlers must be idempotent (gateway idempotency keys, commands
 * with deterministic event ids).
 *
 * Dedupe: a job is identified by (name, id). Enqueuing an id that is still
 * known — waiting, delayed, running, or finished (completed or failed) within
 * the adapter's retention window — is a no-op, whatever its data. To run a
 * finished job's work again, enqueue it under a new id (e.g. with a retry
 * generation appended).
 *
 * Durability differs by adapter: BullMQ keeps jobs in Redis across restarts;
 * the inline adapter keeps them in memory and loses waiting, delayed and
 * running jobs on a crash or shutdown. The process manager therefore
 * re-derives pending work from the event log at start and enqueues it again
 * under the same deterministic ids, which dedupe makes safe for both. That
 * recovery enqueues with `rerunFailed`: a job that finally failed (its worker
 * died mid-run too often, or the outage outlasted its attempts) runs again,
 * since the work is still needed; one still pending or completed is left alone.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type JobRequest = {
  /** Which handler runs it: one name per kind of side effect ('payment.authorize'). */
  name: string;
  /** Deterministic (derived from the causing event and the step), so re-enqueuing is a no-op. */
  id: string;
  data: Json;
  /** Total tries, the first included. Default 5. */
  attempts?: number;
  /** Delay before the first retry; each further retry waits twice as long. Default 200. */
  backoffMs?: number;
  /** The longest wait between two tries, however many failed before (long-lived retries: webhooks). Default none. */
  maxBackoffMs?: number;
};

export type JobMeta = {
  id: string;
  /** 1 on the first try. */
  attempt: number;
};

export type JobHandler = (data: Json, meta: JobMeta) => Promise<void>;

export type ProcessOptions = {
  /** Most handlers of this name running at once in this process. Default 8. */
  concurrency?: number;
};

export type JobFailure = {
  name: string;
  id: string;
  data: Json;
  /** What the last attempt threw. */
  error: Error;
  /** Attempts made, the failing one included. */
  attempts: number;
};

/** Told once per finally failed job (at least once across crashes); errors it throws are logged. */
export type FailedJobHook = (failure: JobFailure) => void | Promise<void>;

export type JobCounts = {
  waiting: number;
  active: number;
  delayed: number;
  /** Failed jobs still retained (for dedupe and inspection), not a running total. */
  failed: number;
  /** Completed jobs still retained for dedupe, not a running total. */
  completed: number;
};

export type EnqueueOptions = {
  /** Recovery: an id that finally failed (and is still retained) runs again, with fresh attempts, instead of being a no-op. */
  rerunFailed?: boolean;
};

export interface JobQueue {
  /** Resolves once the job is accepted (or recognised as a duplicate); never runs it in the caller's stack. */
  enqueue(job: JobRequest): Promise<void>;
  enqueueMany(jobs: readonly JobRequest[], options?: EnqueueOptions): Promise<void>;
  /** Registers the one handler for `name`; it runs after `start()`. */
  process(name: string, handler: JobHandler, options?: ProcessOptions): void;
  /** Sets the hook told about jobs that finally failed (attempts exhausted or unrecoverable). */
  onFailed(hook: FailedJobHook): void;
  /** Starts running handlers. Jobs enqueued before wait until then. */
  start(): Promise<void>;
  /** Resolves when no job is waiting, delayed or running (for tests and benchmarks). */
  idle(): Promise<void>;
  counts(): Promise<JobCounts>;
  /** Graceful: takes no new jobs, waits (bounded) for running handlers, then releases connections. */
  close(): Promise<void>;
}

/** Thrown by a handler to fail its job at once, without retrying (e.g. card declined). */
export class UnrecoverableJobError extends Error {
  readonly code: string = 'JOBS.UNRECOVERABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnrecoverableJobError';
  }
}

export class InvalidJob extends Error {
  readonly code = 'JOBS.INVALID_JOB';
  constructor(reason: string) {
    super(`invalid job: ${reason}`);
    this.name = 'InvalidJob';
  }
}

export class JobQueueClosed extends Error {
  readonly code = 'JOBS.QUEUE_CLOSED';
  constructor(detail?: string) {
    super(detail ? `job queue is closed: ${detail}` : 'job queue is closed');
    this.name = 'JobQueueClosed';
  }
}

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 200;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

export type NormalizedJob = Required<Omit<JobRequest, 'maxBackoffMs'>> & Pick<JobRequest, 'maxBackoffMs'>;

export const normalizeJob = (job: JobRequest): NormalizedJob => {
  if (typeof job.name !== 'string' || job.name.length === 0) throw new InvalidJob('name must be a non-empty string');
  if (typeof job.id !== 'string' || job.id.length === 0) throw new InvalidJob(`${job.name}: id must be a non-empty string`);
  const attempts = job.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1) throw new InvalidJob(`${job.name}/${job.id}: attempts must be an integer >= 1`);
  const backoffMs = job.backoffMs ?? DEFAULT_BACKOFF_MS;
  if (!Number.isFinite(backoffMs) || backoffMs < 0) throw new InvalidJob(`${job.name}/${job.id}: backoffMs must be >= 0`);
  const { maxBackoffMs } = job;
  if (maxBackoffMs !== undefined && (!Number.isFinite(maxBackoffMs) || maxBackoffMs < backoffMs)) {
    throw new InvalidJob(`${job.name}/${job.id}: maxBackoffMs must be >= backoffMs`);
  }
  return { name: job.name, id: job.id, data: job.data, attempts, backoffMs, ...(maxBackoffMs !== undefined ? { maxBackoffMs } : {}) };
};

export const normalizeConcurrency = (options?: ProcessOptions): number => {
  const concurrency = options?.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be an integer >= 1');
  return concurrency;
};

/** Wait before retry number `failedAttempts` (1 after the first failure); BullMQ's 'exponential' formula, capped when a cap is given. */
export const retryDelayMs = (backoffMs: number, failedAttempts: number, maxBackoffMs?: number): number => {
  const delay = Math.round(2 ** (failedAttempts - 1) * backoffMs);
  return maxBackoffMs === undefined ? delay : Math.min(delay, maxBackoffMs);
};

/** Handlers may throw anything; the port reports Errors. */
export const toError = (thrown: unknown): Error => {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  try {
    return new Error(JSON.stringify(thrown) ?? String(thrown));
  } catch {
    return new Error(String(thrown));
  }
};
