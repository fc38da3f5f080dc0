import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '../../infrastructure/observability/logger';
import { MagentoPuller } from './magento-puller';

/**
 * The Magento pull as background work: pull until Magento has nothing newer,
 * wait the poll interval, pull again, until stopped. A refused request
 * (a revoked token) is logged and tried again at the next interval rather
 * than ending the loop: it is fixed in Magento, not here.
 */
export class MagentoSync {
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly puller: MagentoPuller,
    private readonly options: { pollMs: number; logger: Logger },
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
        await this.puller.pullOnce(signal);
      } catch (error) {
        if (!signal.aborted) this.options.logger.error({ err: error }, 'magento pull failed; trying again at the next interval');
      }
      await sleep(this.options.pollMs, signal);
    }
  }
}

/** Waits, or less if `signal` aborts first; never throws. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal }).catch(() => undefined);
