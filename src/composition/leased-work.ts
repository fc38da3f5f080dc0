import { DocumentStore, Lease } from '../infrastructure/documents/document-store';
import { Logger } from '../infrastructure/observability/logger';

export type Work = { start(): Promise<void>; stop(): Promise<void> };

export type LeasedWorkOptions = {
  /** How long a lease lasts without renewal: a dead holder is replaced after at most this. */
  ttlMs?: number;
  logger: Logger;
};

/**
 * Runs a piece of background work (the projections, the process manager) in
 * at most one process at a time: whoever holds the lease runs it, renewing
 * it every third of its time to live; the others stand by and take over when
 * it expires (its holder died) or is released (its holder stopped cleanly).
 */
export class LeasedWork {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly ttlMs: number;

  constructor(
    private readonly documents: DocumentStore,
    readonly lease: Lease,
    private readonly work: Work,
    private readonly options: LeasedWorkOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
  }

  get holding(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.renew();
    this.timer = setInterval(() => {
      this.tick = this.tick
        .then(() => this.renew())
        .catch((error: unknown) => this.options.logger.error({ err: error, lease: this.lease.name }, 'leased work failed'));
    }, Math.max(10, Math.floor(this.ttlMs / 3)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.tick;
    if (this.running) {
      this.running = false;
      await this.work.stop();
      await this.documents.releaseLease(this.lease);
    }
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    let held = false;
    try {
      held = await this.documents.tryLease(this.lease, this.ttlMs);
    } catch (error) {
      this.options.logger.warn({ err: error, lease: this.lease.name }, 'could not renew the lease');
    }
    if (held && !this.running) {
      this.options.logger.info({ lease: this.lease.name, holder: this.lease.holder }, 'lease taken: starting');
      this.running = true;
      await this.work.start();
    } else if (!held && this.running) {
      this.options.logger.warn({ lease: this.lease.name, holder: this.lease.holder }, 'lease lost: stopping');
      this.running = false;
      await this.work.stop();
    }
  }
}
