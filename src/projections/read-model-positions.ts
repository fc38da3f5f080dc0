import { DocumentStore } from '../infrastructure/documents/document-store';

type Waiter = { position: bigint; resolve: (reached: boolean) => void; timer: NodeJS.Timeout };

/** How often to look again when the store cannot say that checkpoints moved. */
const FALLBACK_RECHECK_MS = 50;

/**
 * Where the read models stand, for any process: the lowest checkpoint of the
 * named projections, read from the document store. A reader waiting for a
 * position (OMS-Min-Position) is woken when the store says a checkpoint
 * moved, wherever the projections run.
 */
export class ReadModelPositions {
  private waiters: Waiter[] = [];
  private stopWatching: (() => void) | null = null;
  private fallbackTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly documents: DocumentStore,
    private readonly projectionNames: readonly string[],
  ) {}

  async position(): Promise<bigint> {
    const checkpoints = await this.documents.listCheckpoints();
    let lowest: bigint | null = null;
    for (const name of this.projectionNames) {
      const position = checkpoints[name] ?? 0n;
      if (lowest === null || position < lowest) lowest = position;
    }
    return lowest ?? 0n;
  }

  async waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if ((await this.position()) >= position) return true;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => this.settle(waiter, false), timeoutMs),
      };
      this.waiters.push(waiter);
      this.watch();
      void this.recheck();
    });
  }

  private watch(): void {
    if (this.stopWatching || this.fallbackTimer) return;
    if (this.documents.watchCheckpoints) this.stopWatching = this.documents.watchCheckpoints(() => void this.recheck());
    else this.fallbackTimer = setInterval(() => void this.recheck(), FALLBACK_RECHECK_MS);
  }

  private async recheck(): Promise<void> {
    if (this.waiters.length === 0) return;
    const reached = await this.position();
    for (const waiter of [...this.waiters]) if (reached >= waiter.position) this.settle(waiter, true);
  }

  private settle(waiter: Waiter, reached: boolean): void {
    if (!this.waiters.includes(waiter)) return;
    clearTimeout(waiter.timer);
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(reached);
    if (this.waiters.length === 0) {
      this.stopWatching?.();
      this.stopWatching = null;
      if (this.fallbackTimer) clearInterval(this.fallbackTimer);
      this.fallbackTimer = null;
    }
  }
}
