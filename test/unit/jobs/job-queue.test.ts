import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  InvalidJob,
  UnrecoverableJobError,
  normalizeConcurrency,
  normalizeJob,
  retryDelayMs,
  toError,
} from '../../../src/infrastructure/jobs/job-queue';

describe('JobQueue port helpers', () => {
  it('fills in 5 attempts and a 200 ms first backoff', () => {
    expect(normalizeJob({ name: 'n', id: 'i', data: null })).toEqual({
      name: 'n',
      id: 'i',
      data: null,
      attempts: DEFAULT_ATTEMPTS,
      backoffMs: DEFAULT_BACKOFF_MS,
    });
    expect([DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS]).toEqual([5, 200]);
  });

  it.each([
    [{ name: '', id: 'i', data: 1 }],
    [{ name: 'n', id: '', data: 1 }],
    [{ name: 'n', id: 'i', data: 1, attempts: 0 }],
    [{ name: 'n', id: 'i', data: 1, attempts: 1.5 }],
    [{ name: 'n', id: 'i', data: 1, backoffMs: -1 }],
    [{ name: 'n', id: 'i', data: 1, backoffMs: Number.NaN }],
    [{ name: 'n', id: 'i', data: 1, backoffMs: 100, maxBackoffMs: 50 }],
  ])('refuses %j', (job) => {
    expect(() => normalizeJob(job)).toThrow(InvalidJob);
  });

  it('doubles the retry delay after each failure, as BullMQ exponential backoff does', () => {
    expect([1, 2, 3, 4].map((failed) => retryDelayMs(200, failed))).toEqual([200, 400, 800, 1600]);
    expect(retryDelayMs(0, 3)).toBe(0);
  });

  it('never waits longer than the ceiling a job names', () => {
    expect([1, 2, 3, 4, 5].map((failed) => retryDelayMs(5_000, failed, 30_000))).toEqual([5_000, 10_000, 20_000, 30_000, 30_000]);
  });

  it('defaults concurrency to 8 and refuses less than 1', () => {
    expect(normalizeConcurrency()).toBe(8);
    expect(normalizeConcurrency({ concurrency: 2 })).toBe(2);
    expect(() => normalizeConcurrency({ concurrency: 0 })).toThrow(RangeError);
  });

  it('turns whatever a handler throws into an Error', () => {
    const error = new UnrecoverableJobError('declined');
    expect(toError(error)).toBe(error);
    expect(error.code).toBe('JOBS.UNRECOVERABLE');
    expect(toError('boom').message).toBe('boom');
    expect(toError({ status: 502 }).message).toBe('{"status":502}');
    expect(toError(undefined).message).toBe('undefined');
    expect(toError(10n).message).toBe('10');
  });
});
