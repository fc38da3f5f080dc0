import { DocumentStore, Lease } from '../infrastructure/documents/document-store';
import { Logger } from '../infrastructure/observability/logger';
import { ComponentState } from '../queries/health-report';

export type Work = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Work that stops itself on an error (a commit that found the file locked too long) says so here, to be started again. */
  health?(): { state: string; error: string | null };
};

/** The longest wait between restarts of work that keeps failing (a bad event fails it again at once). */
export const MAX_RESTART_DELAY_MS = 300_000;

export type LeasedWorkOptions = {
  /** How long a lease lasts without renewal: a dead holder is replaced after at most this. */
  ttlMs?: number;
  logger: Logger;
  /** The clock restarts are spaced by (tests). */
  now?: () => number;
};

/**
 * Runs a piece of background work (the projections, the process manager) in
 * at most one process at a time: whoever holds the lease runs it, renewing
 * it every third of its time to live; the others stand by and take over when
 * it expires (its holder died) or is released (its holder stopped cleanly).
 *
 * Work that stopped on an error while its lease is still held is started
 * again: left stopped, it would keep the lease, and with it every order,
 * stuck until someone restarted the process. Each restart resumes from the
 * work's checkpoint, as after a crash. A failure that comes back at once
 * waits twice as long each time, up to MAX_RESTART_DELAY_MS.
 */
export class LeasedWork {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly ttlMs: number;
  private restarts = 0;
  private nextRestartAt = 0;
  /** The last start threw: the work is not running although the lease is held. */
  private startFailed = false;

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

  /** The work's own state where it tells one, and whether this process holds the lease. */
  componentState(): ComponentState {
    const health = this.work.health?.() ?? { state: this.running ? 'running' : 'idle', error: null };
    return { state: health.state, error: health.error, leaseHeld: this.running };
  }

  /** How many times in a row the work was started again after failing (0 once a renewal finds it running). */
  get restartsInARow(): number {
    return this.restarts;
  }

  /** One renewal now, as the timer does (tests, and a caller that wants a failed piece restarted without waiting). */
  renewNow(): Promise<void> {
    const renewal = this.tick.then(() => this.renew());
    this.tick = renewal.catch((error: unknown) => this.options.logger.error({ err: error, lease: this.lease.name }, 'leased work failed'));
    return renewal;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.renew();
    // A failed renewal is logged by the chain renewNow keeps.
    this.timer = setInterval(() => void this.renewNow().catch(() => undefined), this.renewEveryMs());
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
      await this.startWork();
    } else if (!held && this.running) {
      this.options.logger.warn({ lease: this.lease.name, holder: this.lease.holder }, 'lease lost: stopping');
      this.running = false;
      await this.work.stop();
    } else if (held) {
      await this.restartIfFailed();
    }
  }

  private async startWork(): Promise<void> {
    this.startFailed = true;
    await this.work.start();
    this.startFailed = false;
  }

  private async restartIfFailed(): Promise<void> {
    const health = this.work.health?.();
    if (!this.startFailed && health?.state !== 'failed') {
      this.restarts = 0;
      return;
    }
    const now = (this.options.now ?? Date.now)();
    if (now < this.nextRestartAt) return;
    this.restarts += 1;
    this.nextRestartAt = now + Math.min(MAX_RESTART_DELAY_MS, this.renewEveryMs() * 2 ** (this.restarts - 1));
    const error = this.startFailed ? 'its last start failed' : health?.error;
    this.options.logger.warn({ lease: this.lease.name, error, restarts: this.restarts }, 'work stopped on an error: starting it again');
    await this.work.stop();
    await this.startWork();
  }

  private renewEveryMs(): number {
    return Math.max(10, Math.floor(this.ttlMs / 3));
  }
}
