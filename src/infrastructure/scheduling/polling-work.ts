import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '../observability/logger';

/** Waits, or less if `signal` aborts first; never throws. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal }).catch(() => undefined);

/**
 * Background work that runs one pass, waits the interval, and runs the next,
 * until stopped (for what is asked for rather than pushed: a store's new
 * orders, a carrier's scans). A failed pass is logged and the next interval
 * tries again: what failed is fixed elsewhere, not by stopping here.
 */
export class PollingWork {
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly pass: (signal: AbortSignal) => Promise<unknown>,
    private readonly options: { intervalMs: number; logger: Logger; what: string },
  ) {}

  async start(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.loop = this.run(abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.pass(signal);
      } catch (error) {
        if (!signal.aborted) this.options.logger.error({ err: error }, `${this.options.what} failed; trying again at the next interval`);
      }
      await sleep(this.options.intervalMs, signal);
    }
  }
}
