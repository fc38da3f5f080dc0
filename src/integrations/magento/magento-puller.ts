import { Logger } from '../../infrastructure/observability/logger';
import { ChannelUnavailable } from '../../infrastructure/channels/channel-orders';
import { MagentoClient, MagentoCursor } from './magento-client';
import { MagentoOrderKey } from './magento-order';

export interface MagentoCursorStore {
  load(): Promise<MagentoCursor | null>;
  save(cursor: MagentoCursor): Promise<void>;
}

export type MagentoPullerDependencies = {
  client: MagentoClient;
  cursors: MagentoCursorStore;
  /** Records one pulled order in the OMS; safe to repeat (the same platform order is one OMS order). */
  intake(order: MagentoOrderKey): Promise<unknown>;
  /** Where a first pull starts, as Magento writes times (UTC). */
  startAt: () => string;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger: Logger;
  /** Waits after 429/5xx: the first, doubling up to the last. */
  backoff?: { firstMs: number; maxMs: number };
};

const DEFAULT_BACKOFF = { firstMs: 1_000, maxMs: 60_000 };

/**
 * Pulls every order updated since the stored cursor, page by page, and moves
 * the cursor past each page once its orders are recorded. A crash between
 * the two pulls that page again, which the intake makes harmless; the
 * cursor never passes an order not yet recorded, so none is skipped.
 */
export class MagentoPuller {
  constructor(private readonly deps: MagentoPullerDependencies) {}

  /** Pulls until Magento has nothing newer; answers how many orders it handed to the intake. */
  async pullOnce(signal?: AbortSignal): Promise<number> {
    let cursor = await this.cursor();
    let pulled = 0;
    while (!signal?.aborted) {
      const page = await this.withBackoff(() => this.deps.client.ordersAfter(cursor), signal);
      if (page.length === 0) break;
      for (const order of page) await this.deps.intake(order);
      const last = page[page.length - 1]!;
      cursor = { updatedAt: last.updated_at, entityId: last.entity_id };
      await this.deps.cursors.save(cursor);
      pulled += page.length;
      this.deps.logger.info({ pulled, cursor }, 'magento orders pulled');
    }
    return pulled;
  }

  private async cursor(): Promise<MagentoCursor> {
    const stored = await this.deps.cursors.load();
    if (stored) return stored;
    // Entity ids start at 1: from 0, the first second's orders are all after the cursor.
    const first = { updatedAt: this.deps.startAt(), entityId: 0 };
    await this.deps.cursors.save(first);
    return first;
  }

  private async withBackoff<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { firstMs, maxMs } = this.deps.backoff ?? DEFAULT_BACKOFF;
    for (let waitMs = firstMs; ; waitMs = Math.min(waitMs * 2, maxMs)) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof ChannelUnavailable) || signal?.aborted) throw error;
        const delay = error.retryAfterSeconds === null ? waitMs : Math.min(Math.max(error.retryAfterSeconds * 1000, waitMs), maxMs);
        this.deps.logger.warn({ err: error, retryInMs: delay }, 'magento unavailable, retrying');
        await this.deps.sleep(delay, signal);
      }
    }
  }
}
