import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { BroadcastChannel, MessagePort } from 'node:worker_threads';
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
import { EventWriter, RemoteEventWriter } from './event-writer-client';
import { LogSubscription } from './log-subscription';
import { AppendOutcome, openEventsDatabase, SqliteEventWriter } from './sqlite-event-writer';

/** This handle writes the file itself, on its own connection, in this thread. */
const localWriter = (db: Database.Database): EventWriter => {
  const writer = new SqliteEventWriter(db);
  return { write: async (batch) => writer.write(batch), close: () => undefined };
};

type PendingAppend = {
  streamId: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
};

/** Streams remembered as changed elsewhere before everything counts as possibly changed. */
const MAX_TRACKED_STREAMS = 100_000;

const FILE_WATCH_SETTLE_MS = 20;


/** How many of the newest appended events stay in memory for subscribers. */
const RECENT_EVENTS = 20_000;

/** SQLite's largest integer: no position lies beyond it, and a larger bigint cannot be bound to a statement. */
const MAX_POSITION = 2n ** 63n - 1n;

type EventRow = {
  position: bigint;
  stream_id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
};

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
 * The embedded event store. Appends that arrive in the same turn of the event
 * loop share one durable transaction (group commit): each keeps its own
 * revision check inside a savepoint and succeeds or fails alone, while the
 * fsync is paid once for all of them.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private refreshScheduled = false;
  private head: bigint;
  /** Counts what we learnt of appends made through other handles (threads, processes). */
  private changeSeq = 0;
  /** When we stopped tracking streams one by one (too many): every stream may have changed. */
  private unknownChangeAt = 0;
  /** Streams other handles appended to, with when we learnt it. */
  private streamChangedAt = new Map<string, number>();
  /**
   * The newest events this handle appended, contiguous by position: the
   * subscribers following the head (projections, process manager) read them
   * from here instead of querying and parsing them again.
   */
  private recent: StoredEvent[] = [];
  private readonly headWaiters = new Set<() => void>();
  private readonly watcher: fs.FSWatcher | null;
  /** Tells the other handles on this file in this process (other threads) that we committed. */
  private readonly siblings: BroadcastChannel | null;
  private readonly crossProcessTimer: NodeJS.Timeout | null;
  private closed = false;

  private readonly statements: {
    streamHead: Database.Statement<[string], { revision: bigint }>;
    readForwards: Database.Statement<[string, number, number], EventRow>;
    readBackwards: Database.Statement<[string, number, number], EventRow>;
    readAll: Database.Statement<[bigint, number], EventRow>;
    headPosition: Database.Statement<[], { position: bigint | null }>;
    streamsBetween: Database.Statement<[bigint, bigint], string>;
  };
  private readonly writer: EventWriter;
  /** The flushes handed to the writer and not yet answered, so close() can wait for them. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.db = openEventsDatabase(options.filename);

    this.statements = {
      streamHead: this.db.prepare('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      readForwards: this.db.prepare(
        'SELECT position, stream_id, revision, type, data, metadata FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
      ),
      readBackwards: this.db.prepare(
        'SELECT position, stream_id, revision, type, data, metadata FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      readAll: this.db.prepare(
        'SELECT position, stream_id, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position ASC LIMIT ?',
      ),
      headPosition: this.db.prepare('SELECT MAX(position) AS position FROM events'),
      streamsBetween: this.db.prepare('SELECT DISTINCT stream_id FROM events WHERE position > ? AND position <= ?').pluck() as Database.Statement<[bigint, bigint], string>,
    };
    this.writer = options.writer ? new RemoteEventWriter(options.writer) : localWriter(this.db);
    this.head = this.readHeadPosition();
    this.watcher = this.watchForOtherWriters();
    this.siblings = this.listenToSiblings();
    const checkMs = options.crossProcessCheckMs ?? 1000;
    this.crossProcessTimer = options.filename === ':memory:' ? null : setInterval(() => this.refreshHead(), checkMs);
    this.crossProcessTimer?.unref();
  }

  append(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expectedRevision: options.expectedRevision ?? 'any', resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
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
    const first = this.recent[0];
    if (first && after >= first.position - 1n && after < this.recent[this.recent.length - 1]!.position) {
      const start = Number(after - first.position + 1n);
      const remembered = this.recent.slice(start, start + maxCount);
      if (remembered.length === maxCount) return remembered;
      // Others may have appended after our newest: the rest of the page comes from the file.
      const rest = this.statements.readAll.all(remembered[remembered.length - 1]!.position, maxCount - remembered.length).map(toStoredEvent);
      this.learnFrom(rest);
      return [...remembered, ...rest];
    }
    const events = this.statements.readAll.all(after, maxCount).map(toStoredEvent);
    this.learnFrom(events);
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
    this.noteAppendedElsewhere(this.head, last.position);
    this.head = last.position;
    this.wakeWaiters();
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
    return this.changeSeq;
  }

  appendedElsewhereSince(streamId: string, marker: number): boolean {
    return this.unknownChangeAt > marker || (this.streamChangedAt.get(streamId) ?? 0) > marker;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.queue.length > 0) this.flush();
    await this.writing;
    this.writer.close();
    this.closed = true;
    this.watcher?.close();
    this.siblings?.close();
    if (this.crossProcessTimer) clearInterval(this.crossProcessTimer);
    this.wakeWaiters();
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const requests = batch.map(({ streamId, events, expectedRevision }) => ({ streamId, events, expectedRevision }));
    const written = this.writer.write(requests).then(
      (outcomes) => {
        batch.forEach((pending, index) => {
          const outcome = outcomes[index]!;
          if (outcome.ok) pending.resolve(outcome.result);
          else pending.reject(outcome.error);
        });
        if (!this.closed) this.advanceHeadPast(batch, outcomes);
      },
      (error: unknown) => {
        for (const pending of batch) pending.reject(error);
      },
    );
    this.writing = this.writing.then(() => written);
  }

  /** Our commit moves the head; a gap before it means another process appended in between. */
  private advanceHeadPast(batch: PendingAppend[], outcomes: AppendOutcome[]): void {
    let first: bigint | null = null;
    let last = this.head;
    for (const [index, outcome] of outcomes.entries()) {
      if (!outcome.ok || outcome.result.position <= this.head) continue;
      const start = outcome.result.position - BigInt(batch[index]!.events.length) + 1n;
      if (first === null || start < first) first = start;
      if (outcome.result.position > last) last = outcome.result.position;
    }
    if (first === null) return;
    if (first > this.head + 1n) this.noteAppendedElsewhere(this.head, first - 1n);
    this.head = last;
    this.remember(batch, outcomes);
    this.wakeWaiters();
    this.siblings?.postMessage(null);
  }

  /**
   * Another handle (thread or process) appended the events in (after, upTo]:
   * the streams they belong to are marked changed, so cached states of those
   * streams, and only those, are read again.
   */
  private noteAppendedElsewhere(after: bigint, upTo: bigint): void {
    this.changeSeq++;
    this.recent = [];
    if (this.streamChangedAt.size > MAX_TRACKED_STREAMS) {
      this.unknownChangeAt = this.changeSeq;
      this.streamChangedAt.clear();
    }
    for (const streamId of this.statements.streamsBetween.all(after, upTo)) this.streamChangedAt.set(streamId, this.changeSeq);
  }

  private remember(batch: PendingAppend[], outcomes: AppendOutcome[]): void {
    outcomes.forEach((outcome, index) => {
      if (!outcome.ok) return;
      const { streamId, events } = batch[index]!;
      const firstPosition = outcome.result.position - BigInt(events.length) + 1n;
      const newest = this.recent[this.recent.length - 1];
      if (newest && newest.position >= firstPosition) return; // an idempotent retry: stored long ago
      if (newest && newest.position + 1n !== firstPosition) this.recent = [];
      let revision = outcome.result.nextExpectedRevision - events.length;
      let position = firstPosition - 1n;
      for (const { type, data, metadata } of events) {
        this.recent.push({ type, data, metadata, streamId, revision: ++revision, position: ++position });
      }
    });
    if (this.recent.length > 2 * RECENT_EVENTS) this.recent = this.recent.slice(-RECENT_EVENTS);
  }

  private readHeadPosition(): bigint {
    return this.statements.headPosition.get()?.position ?? 0n;
  }

  /** Looks for appends made through other handles (other processes) since we last looked. */
  private refreshHead(): void {
    if (this.closed) return;
    const head = this.readHeadPosition();
    if (head > this.head) {
      this.noteAppendedElsewhere(this.head, head);
      this.head = head;
      this.wakeWaiters();
    }
  }

  /**
   * The file watcher also fires for other threads' commits; waiting a moment
   * lets their messages arrive first, so what they wrote is known by stream.
   */
  private scheduleRefresh(delayMs = FILE_WATCH_SETTLE_MS): void {
    if (this.refreshScheduled) return;
    this.refreshScheduled = true;
    setTimeout(() => {
      this.refreshScheduled = false;
      this.refreshHead();
    }, delayMs).unref();
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

  /** Handles in other threads of this process say when they commit: no need to wait for the file watcher. */
  private listenToSiblings(): BroadcastChannel | null {
    if (this.options.filename === ':memory:') return null;
    const channel = new BroadcastChannel(`oms-event-store:${path.resolve(this.options.filename)}`);
    channel.onmessage = () => this.scheduleRefresh(0);
    (channel as unknown as { unref?: () => void }).unref?.();
    return channel;
  }

  /** Another process appending to the same file touches the WAL; that wakes our subscribers. */
  private watchForOtherWriters(): fs.FSWatcher | null {
    if (this.options.filename === ':memory:') return null;
    const directory = path.dirname(path.resolve(this.options.filename));
    const walName = `${path.basename(this.options.filename)}-wal`;
    try {
      const watcher = fs.watch(directory, { persistent: false }, (_event, changed) => {
        if (changed === walName) this.scheduleRefresh();
      });
      watcher.on('error', () => undefined);
      return watcher;
    } catch {
      return null;
    }
  }
}

const toStoredEvent = (row: EventRow): StoredEvent => ({
  streamId: row.stream_id,
  revision: Number(row.revision),
  position: row.position,
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
});

