import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '../observability/logger';

/** Waits, or less if `signal` aborts first; never throws. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal }).catch(() => undefined);

/** When the last pass ended, and the last that succeeded (ISO 8601). */
export type PassTimes = { lastPassAt: string | null; lastSuccessAt: string | null };

/**
 * Background work that runs one pass, waits the interval, and runs the next,
 * until stopped (for what is asked for rather than pushed: a store's new
 * orders, a carrier's scans). A failed pass is logged and the next interval
 * tries again: what failed is fixed elsewhere, not by stopping here, so the
 * work never reports itself failed, only its last error.
 */
export class PollingWork {
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  /** The last pass's failure; null once a pass succeeds. */
  private error: string | null = null;
  private times: PassTimes = { lastPassAt: null, lastSuccessAt: null };

  constructor(
    private readonly pass: (signal: AbortSignal) => Promise<unknown>,
    private readonly options: { intervalMs: number; logger: Logger; what: string },
  ) {}

  /** Never `failed`: a failed pass is retried at the next interval, and shows as `error` meanwhile. */
  health(): { state: string; error: string | null } {
    return { state: this.state, error: this.error };
  }

  passTimes(): PassTimes {
    return this.times;
  }

  async start(): Promise<void> {
    this.state = 'running';
    const abort = new AbortController();
    this.abort = abort;
    this.loop = this.run(abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = null;
    this.state = 'stopped';
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.pass(signal);
        if (signal.aborted) break; // cut short: not a pass to report
        const at = new Date().toISOString();
        this.error = null;
        this.times = { lastPassAt: at, lastSuccessAt: at };
      } catch (error) {
        if (signal.aborted) break;
        this.options.logger.error({ err: error }, `${this.options.what} failed; trying again at the next interval`);
        this.error = error instanceof Error ? error.message : String(error);
        this.times = { ...this.times, lastPassAt: new Date().toISOString() };
      }
      await sleep(this.options.intervalMs, signal);
    }
  }
}
