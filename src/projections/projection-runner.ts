import { Document, DocumentStore, Lease } from '../infrastructure/documents/document-store';
import { pacedBatches } from '../infrastructure/eventstore/commit-window';
import { EventStore, StoredEvent, Subscription } from '../infrastructure/eventstore/event-store';
import { Logger } from '../infrastructure/observability/logger';
import { BatchView } from './batch-view';
import { DocumentCache } from './document-cache';
import { Projection } from './projection';

/** Events read from the log at once. */
export const DEFAULT_BATCH_SIZE = 2000;
/**
 * A catch-up (a rebuild, a runner far behind) commits after this many events:
 * a document touched by several batches is then written once, not once per
 * batch. A live batch commits at once, so reads see it, unless the last
 * commit was a few milliseconds ago: then it joins the next (see commit-window).
 */
export const DEFAULT_EVENTS_PER_COMMIT = 20_000;

export type ProjectionStatus = { position: bigint; lag: bigint };

export type RunnerState = 'idle' | 'running' | 'stopped' | 'failed';

/** `position`: the last event applied (committed at the latest with the next commit); `head`: where the catch-up stops. */
export type ReplayProgress = { position: bigint; head: bigint; events: number; seconds: number };

type PositionWaiter = { position: bigint; resolve: (reached: boolean) => void };

/** Events applied to one view, to be committed together with the checkpoints. */
type Unit = { view: BatchView; last: bigint; events: number; started: bigint };

/** Lets timers, I/O and HTTP requests run: reads and commits on SQLite never leave the thread otherwise. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs a set of projections over the global log. Events are applied to every
 * projection that has not yet seen them, and the resulting document changes
 * commit together with the checkpoints, so delivering a batch twice changes
 * nothing.
 */
export class ProjectionRunner {
  private readonly positions = new Map<string, bigint>();
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private waiters: PositionWaiter[] = [];
  private state: RunnerState = 'idle';
  private failure: Error | null = null;
  /** Documents earlier commits touched, as stored; dropped whenever another writer may have changed them. */
  private readonly cache = new DocumentCache();
  private readonly completions: ReadonlyMap<string, (doc: Document) => Document>;
  private readonly byType = new Map<string, readonly number[]>();

  constructor(
    private readonly deps: {
      events: EventStore;
      documents: DocumentStore;
      projections: readonly Projection[];
      logger: Logger;
      batchSize?: number;
      /** For catch-up and rebuild: how many events one commit holds (capped by the store's maxEventsPerUnit). */
      eventsPerCommit?: number;
      /** When set, every commit is fenced by this lease: a runner that lost it writes nothing. */
      lease?: Lease;
      onBatch?: (events: number, seconds: number) => void;
      /** How often, at most, to commit while events keep coming (default COMMIT_WINDOW_MS; 0 commits every batch). */
      commitWindowMs?: number;
    },
  ) {
    this.completions = new Map(
      deps.projections.flatMap((projection) => projection.collections.flatMap((c) => (c.complete ? [[c.name, c.complete] as const] : []))),
    );
  }

  get projections(): readonly Projection[] {
    return this.deps.projections;
  }

  /** Loads checkpoints and follows the log from the oldest of them. */
  async start(): Promise<void> {
    await this.prepare();
    this.failure = null;
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

  /** Drops the projections' read models and replays the whole log (or the log up to `until`) into them. */
  async rebuild(onProgress?: (progress: ReplayProgress) => void, until?: bigint): Promise<ReplayProgress> {
    const { documents, projections } = this.deps;
    await documents.ensureCollections(projections.flatMap((p) => p.collections));
    await documents.reset(
      projections.flatMap((p) => p.collections.map((c) => c.name)),
      projections.map((p) => p.name),
    );
    this.cache.clear();
    return this.catchUp(onProgress, until);
  }

  /**
   * Applies everything up to the log's current head (or up to `until`, when
   * it is lower), then returns. Reads batch by batch and commits every
   * `eventsPerCommit` events.
   */
  async catchUp(onProgress?: (progress: ReplayProgress) => void, until?: bigint): Promise<ReplayProgress> {
    await this.prepare();
    const logHead = await this.deps.events.headPosition();
    const head = until !== undefined && until < logHead ? until : logHead;
    const started = process.hrtime.bigint();
    let events = 0;
    let applied = this.position();
    const progress = (position: bigint): ReplayProgress => ({
      position,
      head,
      events,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
    let unit: Unit | null = null;
    for (;;) {
      while (applied < head) {
        await yieldToEventLoop();
        const read = await this.deps.events.readAll({ after: applied, maxCount: this.batchSize() });
        const batch = read.length > 0 && read[read.length - 1]!.position > head ? read.filter((event) => event.position <= head) : read;
        if (batch.length === 0) break;
        unit ??= await this.beginUnit();
        await this.applyEvents(unit, batch);
        applied = unit.last;
        events += batch.length;
        if (unit.events >= this.eventsPerCommit()) {
          const committed = await this.commitUnit(unit);
          unit = null;
          if (!committed) applied = this.position(); // another runner got there first: go on from where it is
        }
        onProgress?.(progress(applied));
      }
      if (unit === null || (await this.commitUnit(unit))) break;
      unit = null;
      applied = this.position();
    }
    return progress(this.position());
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
    // Another runner may have written while this one was stopped.
    this.cache.clear();
  }

  /**
   * Another runner on the same read models (a second process, a restarted
   * worker whose predecessor is still draining) may have committed past what
   * this one remembers. Only the orders projection could tell a repeated event
   * by itself (per-document revisions); counters such as stock levels and
   * daily demand would count it twice, so the stored checkpoints win, and the
   * documents this runner remembers are forgotten. Answers whether another
   * writer is ahead.
   */
  private async catchUpWithOtherWriters(): Promise<boolean> {
    const stored = await this.deps.documents.listCheckpoints();
    let ahead = false;
    for (const projection of this.deps.projections) {
      const committed = stored[projection.name] ?? 0n;
      const mine = this.positions.get(projection.name)!;
      if (committed === mine) continue;
      // Lower: the read models were reset under this runner (a rebuild elsewhere); it goes on, but trusts no document it remembers.
      this.cache.clear();
      if (committed > mine) {
        ahead = true;
        this.positions.set(projection.name, committed);
      }
    }
    return ahead;
  }

  private async follow(subscription: Subscription): Promise<void> {
    try {
      // Stopped with a commit open, its batches are applied again at the next start, as after a crash.
      let open: { unit: Unit; batches: (readonly StoredEvent[])[] } | null = null;
      for await (const { batch, commit } of pacedBatches(subscription, this.deps.commitWindowMs)) {
        if (batch) {
          open ??= { unit: await this.beginUnit(), batches: [] };
          open.batches.push(batch);
          await this.applyEvents(open.unit, batch);
        }
        if (!open || (!commit && open.unit.events < this.eventsPerCommit())) continue;
        await this.commitBatches(open.unit, open.batches);
        open = null;
        await yieldToEventLoop();
      }
    } catch (error) {
      this.state = 'failed';
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.deps.logger.error({ err: this.failure }, 'projection runner stopped on an error');
      this.resolveWaiters(false);
    }
  }

  /** Commits a unit; when another writer got ahead meanwhile, applies the batches again without what it applied (until nothing is left). */
  private async commitBatches(first: Unit, batches: readonly (readonly StoredEvent[])[]): Promise<void> {
    let unit = first;
    while (!(await this.commitUnit(unit))) {
      unit = await this.beginUnit();
      for (const batch of batches) await this.applyEvents(unit, batch);
    }
  }

  private async beginUnit(): Promise<Unit> {
    await this.catchUpWithOtherWriters();
    return { view: new BatchView(this.deps.documents, this.cache, this.completions), last: 0n, events: 0, started: process.hrtime.bigint() };
  }

  private async applyEvents(unit: Unit, batch: readonly StoredEvent[]): Promise<void> {
    // A batch delivered again within one open commit must not be applied twice either.
    const from = this.deps.projections.map((p) => (unit.last > this.positions.get(p.name)! ? unit.last : this.positions.get(p.name)!));
    for (const event of batch) {
      for (const i of this.interested(event.type)) {
        if (event.position > from[i]!) await this.deps.projections[i]!.apply(event, unit.view);
      }
    }
    const last = batch[batch.length - 1]!.position;
    if (last > unit.last) unit.last = last;
    unit.events += batch.length;
  }

  /** Commits the unit's writes with the checkpoints; false (and nothing written) when another writer got ahead first. */
  private async commitUnit(unit: Unit): Promise<boolean> {
    const { documents, projections } = this.deps;
    if (await this.catchUpWithOtherWriters()) return false;
    const behind = projections.filter((p) => this.positions.get(p.name)! < unit.last);
    if (behind.length === 0) {
      this.resolveWaiters(); // others may have applied it all
      return true;
    }
    try {
      await documents.commit({
        writes: unit.view.writes(),
        checkpoint: behind.map((p) => ({ name: p.name, position: unit.last })),
        ...(this.deps.lease ? { lease: this.deps.lease } : {}),
      });
    } catch (error) {
      this.cache.clear(); // a commit that failed (a lease lost) may leave another writer in charge
      throw error;
    }
    for (const projection of behind) this.positions.set(projection.name, unit.last);
    this.cache.remember(unit.view.touched());
    this.deps.onBatch?.(unit.events, Number(process.hrtime.bigint() - unit.started) / 1e9);
    this.resolveWaiters();
    return true;
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

  /** The indexes of the projections that take events of this type. */
  private interested(type: string): readonly number[] {
    let indexes = this.byType.get(type);
    if (indexes === undefined) {
      indexes = this.deps.projections.flatMap((p, i) => (p.eventTypes.has(type) ? [i] : []));
      this.byType.set(type, indexes);
    }
    return indexes;
  }

  /** Never more than a unit may hold: a batch is committed whole. */
  private batchSize(): number {
    return Math.min(this.deps.batchSize ?? DEFAULT_BATCH_SIZE, this.eventsPerCommit());
  }

  /** What the runner was told, within what the store can commit in one unit. */
  private eventsPerCommit(): number {
    const wanted = this.deps.eventsPerCommit ?? DEFAULT_EVENTS_PER_COMMIT;
    const cap = this.deps.documents.maxEventsPerUnit;
    return Math.max(1, cap !== undefined ? Math.min(wanted, cap) : wanted);
  }
}
