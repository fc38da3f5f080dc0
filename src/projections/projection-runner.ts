import { DocumentStore } from '../infrastructure/documents/document-store';
import { EventStore, StoredEvent, Subscription } from '../infrastructure/eventstore/event-store';
import { Logger } from '../infrastructure/observability/logger';
import { BatchView } from './batch-view';
import { Projection } from './projection';

export type ProjectionStatus = { position: bigint; lag: bigint };

export type RunnerState = 'idle' | 'running' | 'stopped' | 'failed';

export type ReplayProgress = { position: bigint; head: bigint; events: number; seconds: number };

type PositionWaiter = { position: bigint; resolve: (reached: boolean) => void };

/**
 * Runs a set of projections over the global log. Each batch is applied to
 * every projection that has not yet seen it, and the resulting document
 * changes commit together with the checkpoints, so delivering a batch twice
 * changes nothing.
 */
export class ProjectionRunner {
  private readonly positions = new Map<string, bigint>();
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private waiters: PositionWaiter[] = [];
  private state: RunnerState = 'idle';
  private failure: Error | null = null;

  constructor(
    private readonly deps: {
      events: EventStore;
      documents: DocumentStore;
      projections: readonly Projection[];
      logger: Logger;
      batchSize?: number;
      onBatch?: (events: number, seconds: number) => void;
    },
  ) {}

  get projections(): readonly Projection[] {
    return this.deps.projections;
  }

  /** Loads checkpoints and follows the log from the oldest of them. */
  async start(): Promise<void> {
    await this.prepare();
    this.state = 'running';
    this.subscription = this.deps.events.subscribe({ after: this.position(), batchSize: this.batchSize() });
    this.loop = this.follow(this.subscription);
  }

  async stop(): Promise<void> {
    if (this.state === 'running') this.state = 'stopped';
    await this.subscription?.close();
    await this.loop;
    this.resolveWaiters(true);
  }

  /** Drops the projections' read models and replays the whole log into them. */
  async rebuild(onProgress?: (progress: ReplayProgress) => void): Promise<ReplayProgress> {
    const { documents, projections } = this.deps;
    await documents.ensureCollections(projections.flatMap((p) => p.collections));
    await documents.reset(
      projections.flatMap((p) => p.collections.map((c) => c.name)),
      projections.map((p) => p.name),
    );
    return this.catchUp(onProgress);
  }

  /** Applies everything up to the log's current head, then returns. */
  async catchUp(onProgress?: (progress: ReplayProgress) => void): Promise<ReplayProgress> {
    await this.prepare();
    const head = await this.deps.events.headPosition();
    const started = process.hrtime.bigint();
    let events = 0;
    const progress = (): ReplayProgress => ({
      position: this.position(),
      head,
      events,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
    while (this.position() < head) {
      const batch = await this.deps.events.readAll({ after: this.position(), maxCount: this.batchSize() });
      if (batch.length === 0) break;
      await this.applyBatch(batch);
      events += batch.length;
      onProgress?.(progress());
    }
    return progress();
  }

  /** The position every projection has reached. */
  position(): bigint {
    let lowest: bigint | null = null;
    for (const position of this.positions.values()) if (lowest === null || position < lowest) lowest = position;
    return lowest ?? 0n;
  }

  async status(): Promise<Record<string, ProjectionStatus>> {
    const head = await this.deps.events.headPosition();
    return Object.fromEntries(
      [...this.positions].map(([name, position]) => [name, { position, lag: head > position ? head - position : 0n }]),
    );
  }

  health(): { state: RunnerState; error: string | null } {
    return { state: this.state, error: this.failure?.message ?? null };
  }

  /** Resolves true once every projection has applied `position`, false after the timeout. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.position() >= position) return Promise.resolve(true);
    if (this.state !== 'running') return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: PositionWaiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private async prepare(): Promise<void> {
    const { documents, projections } = this.deps;
    await documents.ensureCollections(projections.flatMap((p) => p.collections));
    const checkpoints = await documents.listCheckpoints();
    for (const projection of projections) this.positions.set(projection.name, checkpoints[projection.name] ?? 0n);
  }

  private async follow(subscription: Subscription): Promise<void> {
    try {
      for await (const batch of subscription) await this.applyBatch(batch);
    } catch (error) {
      this.state = 'failed';
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.deps.logger.error({ err: this.failure }, 'projection runner stopped on an error');
      this.resolveWaiters(false);
    }
  }

  private async applyBatch(batch: StoredEvent[]): Promise<void> {
    const started = process.hrtime.bigint();
    const view = new BatchView(this.deps.documents);
    const last = batch[batch.length - 1]!.position;
    const behind = this.deps.projections.filter((p) => this.positions.get(p.name)! < last);
    for (const event of batch) {
      for (const projection of behind) {
        if (event.position > this.positions.get(projection.name)! && projection.eventTypes.has(event.type)) {
          await projection.apply(event, view);
        }
      }
    }
    await this.deps.documents.commit({
      writes: view.writes(),
      checkpoint: behind.map((p) => ({ name: p.name, position: last })),
    });
    for (const projection of behind) this.positions.set(projection.name, last);
    this.deps.onBatch?.(batch.length, Number(process.hrtime.bigint() - started) / 1e9);
    this.resolveWaiters();
  }

  private resolveWaiters(force?: boolean): void {
    if (this.waiters.length === 0) return;
    const reached = this.position();
    const still: PositionWaiter[] = [];
    for (const waiter of this.waiters) {
      if (force !== undefined) waiter.resolve(force && reached >= waiter.position);
      else if (reached >= waiter.position) waiter.resolve(true);
      else still.push(waiter);
    }
    this.waiters = still;
  }

  private batchSize(): number {
    return this.deps.batchSize ?? 2000;
  }
}
