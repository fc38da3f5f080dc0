import Database from 'better-sqlite3';
import { MessagePort } from 'node:worker_threads';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamNotFound,
  SubscribeOptions,
  Subscription,
} from './event-store';
import { CommitBatcher } from './commit-batcher';
import { EventWriter, RemoteEventWriter } from './event-writer-client';
import { LogSubscription } from './log-subscription';
import { OtherWriterWatch } from './other-writer-watch';
import { OtherWriters } from './other-writers';
import { RecentEvents } from './recent-events';
import { AppendOutcome, AppendRequest, openEventsDatabase, SqliteEventWriter } from './sqlite-event-writer';
import { StreamChanges } from './stream-changes';

/** This handle writes the file itself, on its own connection, in this thread. */
const localWriter = (db: Database.Database): EventWriter => {
  const writer = new SqliteEventWriter(db);
  return { write: async (batch) => writer.write(batch), close: () => undefined };
};

/** SQLite's largest integer: no position lies beyond it, and a larger bigint cannot be bound to a statement. */
const MAX_POSITION = 2n ** 63n - 1n;

/** position, stream_id, revision, type, data, metadata: read as arrays, as a replay reads millions of them. */
type EventRow = [position: bigint, streamId: string, revision: bigint, type: string, data: string, metadata: string];

export type SqliteEventStoreOptions = {
  /** A file path, or ':memory:' for a throwaway store. */
  filename: string;
  /**
   * A port to the process's writer thread (startEventWriterThread): appends
   * go there and share its group commits. Without one this handle writes itself.
   */
  writer?: MessagePort;
  /**
   * How often to look for events appended by another process when no change
   * notification arrived; the file watcher normally wakes subscribers first.
   */
  crossProcessCheckMs?: number;
};

/**
 * The embedded event store, composed of: the commit batcher (appends in one
 * turn of the event loop share one durable transaction), the recent events
 * (what this handle appended, served to subscribers from memory), and the
 * other-writer detection (which streams other threads or processes appended
 * to, for caches of stream states: see OtherWriters). What is left here is
 * reading the file and following its head.
 */
export class SqliteEventStore implements EventStore, OtherWriters {
  private readonly db: Database.Database;
  private head: bigint;
  private readonly batcher: CommitBatcher;
  private readonly recent = new RecentEvents();
  private readonly changes = new StreamChanges();
  private readonly watch: OtherWriterWatch | null;
  private readonly headWaiters = new Set<() => void>();
  private readonly writer: EventWriter;
  private closed = false;

  private readonly statements: {
    streamHead: Database.Statement<[string], { revision: bigint }>;
    readForwards: Database.Statement<[string, number, number], EventRow>;
    readBackwards: Database.Statement<[string, number, number], EventRow>;
    readAll: Database.Statement<[bigint, number], EventRow>;
    headPosition: Database.Statement<[], { position: bigint | null }>;
    streamsBetween: Database.Statement<[bigint, bigint], string>;
  };

  constructor(options: SqliteEventStoreOptions) {
    this.db = openEventsDatabase(options.filename);
    this.statements = {
      streamHead: this.db.prepare('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      readForwards: this.rows('WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
      readBackwards: this.rows('WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      readAll: this.rows('WHERE position > ? ORDER BY position ASC LIMIT ?'),
      headPosition: this.db.prepare('SELECT MAX(position) AS position FROM events'),
      streamsBetween: this.db.prepare('SELECT DISTINCT stream_id FROM events WHERE position > ? AND position <= ?').pluck() as Database.Statement<[bigint, bigint], string>,
    };
    this.writer = options.writer ? new RemoteEventWriter(options.writer) : localWriter(this.db);
    this.batcher = new CommitBatcher(this.writer, (batch, outcomes) => this.committed(batch, outcomes));
    this.head = this.readHeadPosition();
    this.watch = OtherWriterWatch.start({
      filename: options.filename,
      checkMs: options.crossProcessCheckMs ?? 1000,
      look: () => this.refreshHead(),
    });
  }

  append(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return this.batcher.append({ streamId, events, expectedRevision: options.expectedRevision ?? 'any' });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.statements.readBackwards.all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER, maxCount)
        : this.statements.readForwards.all(streamId, options.fromRevision ?? 0, maxCount);
    if (rows.length === 0 && this.statements.streamHead.get(streamId) === undefined) throw new StreamNotFound(streamId);
    return rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? 1000;
    if (after >= MAX_POSITION) return []; // e.g. ?after= at the top of the 64-bit range a client may send
    const remembered = this.recent.page(after, maxCount);
    if (remembered === null) return this.readFile(after, maxCount);
    if (remembered.length === maxCount) return remembered;
    // Others may have appended after our newest: the rest of the page comes from the file.
    return [...remembered, ...this.readFile(remembered[remembered.length - 1]!.position, maxCount - remembered.length)];
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    return new LogSubscription({
      after: options.after ?? 0n,
      batchSize: options.batchSize ?? 500,
      read: (after, maxCount) => this.readAll({ after, maxCount }),
      waitBeyond: (position) => this.waitBeyond(position),
    });
  }

  async headPosition(): Promise<bigint> {
    return this.head;
  }

  changeMarker(): number {
    return this.changes.changeMarker();
  }

  appendedElsewhereSince(streamId: string, marker: number): boolean {
    return this.changes.appendedElsewhereSince(streamId, marker);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.batcher.drain();
    this.writer.close();
    this.closed = true;
    this.watch?.close();
    this.wakeWaiters();
    this.db.close();
  }

  private rows<Params extends unknown[]>(where: string): Database.Statement<Params, EventRow> {
    return this.db.prepare<Params, EventRow>(`SELECT position, stream_id, revision, type, data, metadata FROM events ${where}`).raw(true);
  }

  private readFile(after: bigint, maxCount: number): StoredEvent[] {
    const events = this.statements.readAll.all(after, maxCount).map(toStoredEvent);
    this.learnFrom(events);
    // Kept for the other subscribers only when it reaches the head: a catch-up's pages are read once.
    if (events.length > 0 && events[events.length - 1]!.position >= this.head) this.recent.rememberRead(after, events);
    return events;
  }

  /**
   * Events read past the head this handle knew were appended through other
   * handles: their streams count as changed before anyone acts on them, or a
   * reader (the process manager) would decide on a cached state older than the
   * event it is handling.
   */
  private learnFrom(events: readonly StoredEvent[]): void {
    const last = events[events.length - 1];
    if (!last || last.position <= this.head) return;
    this.appendedElsewhere(this.head, last.position);
    this.head = last.position;
    this.wakeWaiters();
  }

  /** Our commit moves the head; a gap before it means another process appended in between. */
  private committed(batch: readonly AppendRequest[], outcomes: readonly AppendOutcome[]): void {
    if (this.closed) return;
    let first: bigint | null = null;
    let last = this.head;
    for (const [index, outcome] of outcomes.entries()) {
      if (!outcome.ok || outcome.result.position <= this.head) continue;
      const start = outcome.result.position - BigInt(batch[index]!.events.length) + 1n;
      if (first === null || start < first) first = start;
      if (outcome.result.position > last) last = outcome.result.position;
    }
    if (first === null) return;
    if (first > this.head + 1n) this.appendedElsewhere(this.head, first - 1n);
    this.head = last;
    this.recent.remember(batch, outcomes);
    this.wakeWaiters();
    this.watch?.committed();
  }

  /**
   * Another handle (thread or process) appended the events in (after, upTo]:
   * the streams they belong to are marked changed, so cached states of those
   * streams, and only those, are read again.
   */
  private appendedElsewhere(after: bigint, upTo: bigint): void {
    this.recent.forget();
    this.changes.appendedElsewhere(this.statements.streamsBetween.all(after, upTo));
  }

  private readHeadPosition(): bigint {
    return this.statements.headPosition.get()?.position ?? 0n;
  }

  /** Looks for appends made through other handles (other processes) since we last looked. */
  private refreshHead(): void {
    if (this.closed) return;
    const head = this.readHeadPosition();
    if (head > this.head) {
      this.appendedElsewhere(this.head, head);
      this.head = head;
      this.wakeWaiters();
    }
  }

  private wakeWaiters(): void {
    const waiters = [...this.headWaiters];
    this.headWaiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves once the log holds an event after `position`, or the store closes. */
  private waitBeyond(position: bigint): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.head > position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => resolve(!this.closed);
      this.headWaiters.add(wake);
    });
  }
}

const toStoredEvent = ([position, streamId, revision, type, data, metadata]: EventRow): StoredEvent => ({
  streamId,
  revision: Number(revision),
  position,
  type,
  data: JSON.parse(data),
  metadata: JSON.parse(metadata),
});
