/**
 * The base of every error a port's adapter throws (payments, carrier,
 * notifier): a stable `code`, and whether retrying the same call (same
 * idempotency key) may succeed. Jobs decide retry or give up from
 * `transient` alone, whichever port failed.
 */
export abstract class PortError extends Error {
  abstract readonly code: string;
  /** True when retrying the same call (same idempotency key) may succeed. */
  abstract readonly transient: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Whether a job should retry after this error (with the same idempotency key): only a port's transient error. */
export const isTransient = (error: unknown): boolean => error instanceof PortError && error.transient;
