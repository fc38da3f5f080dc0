import Database from 'better-sqlite3';
import { openSqliteFile } from '../sqlite-file';
import fs from 'node:fs';
import path from 'node:path';
import {
  AppendResult,
  DuplicateEventId,
  ExpectedRevision,
  NewEvent,
  satisfiesExpectedRevision,
  WrongExpectedRevision,
} from './event-store';

export type AppendRequest = { streamId: string; events: NewEvent[]; expectedRevision: ExpectedRevision };

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    UNIQUE (stream_id, revision)
  );
`;

/** A connection to an events file, set up as every handle needs it: WAL, fully durable commits. */
export const openEventsDatabase = (filename: string): Database.Database => {
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
  const db = openSqliteFile(filename, { synchronous: 'FULL' });
  db.defaultSafeIntegers(true);
  db.exec(SCHEMA);
  return db;
};

/**
 * Writes batches of appends in one durable transaction (group commit): each
 * append keeps its own revision check inside a savepoint and succeeds or
 * fails alone, while the fsync is paid once for the batch. An append whose
 * events are already stored (a retry) answers the original result.
 */
export class SqliteEventWriter {
  private readonly statements;
  private readonly appendInSavepoint: (request: AppendRequest) => AppendResult;
  private readonly appendBatch: Database.Transaction<(batch: readonly AppendRequest[]) => AppendOutcome[]>;

  constructor(db: Database.Database) {
    this.statements = {
      streamHead: db.prepare<[string], { revision: bigint }>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      findEvent: db.prepare<[string], { stream_id: string; revision: bigint; position: bigint }>(
        'SELECT stream_id, revision, position FROM events WHERE event_id = ?',
      ),
      insert: db.prepare<[string, number, string, string, string, string]>(
        'INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
      ),
    };
    this.appendInSavepoint = db.transaction((request: AppendRequest) => this.appendOne(request));
    this.appendBatch = db.transaction((batch: readonly AppendRequest[]) =>
      batch.map((request): AppendOutcome => {
        try {
          return { ok: true, result: this.appendInSavepoint(request) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** One outcome per request; throws only when the whole transaction fails (and then nothing was written). */
  write(batch: readonly AppendRequest[]): AppendOutcome[] {
    return this.appendBatch.immediate(batch);
  }

  private appendOne({ streamId, events, expectedRevision }: AppendRequest): AppendResult {
    const firstEventId = events[0]!.metadata.eventId;
    const alreadyStored = this.statements.findEvent.get(firstEventId);
    if (alreadyStored) return this.originalResultOf(streamId, events, alreadyStored);

    const current = this.statements.streamHead.get(streamId);
    const actual = current === undefined ? 'no_stream' : Number(current.revision);
    if (!satisfiesExpectedRevision(expectedRevision, actual)) {
      throw new WrongExpectedRevision(streamId, expectedRevision, actual);
    }
    let revision = actual === 'no_stream' ? -1 : actual;
    let position = 0n;
    for (const event of events) {
      revision += 1;
      try {
        const info = this.statements.insert.run(
          streamId,
          revision,
          event.metadata.eventId,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        );
        position = BigInt(info.lastInsertRowid);
      } catch (error) {
        if (isUniqueViolation(error, 'events.event_id')) throw new DuplicateEventId(event.metadata.eventId);
        throw error;
      }
    }
    return { nextExpectedRevision: revision, position };
  }

  /** An append retried after it already landed answers as it did the first time. */
  private originalResultOf(
    streamId: string,
    events: NewEvent[],
    first: { stream_id: string; revision: bigint; position: bigint },
  ): AppendResult {
    if (first.stream_id !== streamId) throw new DuplicateEventId(events[0]!.metadata.eventId);
    let last = first;
    for (let index = 1; index < events.length; index++) {
      const eventId = events[index]!.metadata.eventId;
      const stored = this.statements.findEvent.get(eventId);
      if (!stored || stored.stream_id !== streamId || stored.revision !== first.revision + BigInt(index)) {
        throw new DuplicateEventId(eventId);
      }
      last = stored;
    }
    return { nextExpectedRevision: Number(last.revision), position: last.position };
  }
}

/** Duck-typed: errors from the native module need not share this realm's Error (jest's sandbox, for one). */
const isUniqueViolation = (error: unknown, column: string): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes(column);
};

type WireError =
  | { kind: 'wrong_expected_revision'; streamId: string; expected: ExpectedRevision; actual: number | 'no_stream' }
  | { kind: 'duplicate_event_id'; eventId: string }
  | { kind: 'error'; message: string };

export type WireOutcome = { ok: true; result: AppendResult } | { ok: false; error: WireError };

/** Outcomes cross threads as plain data: error classes do not survive structured cloning. */
export const toWire = (outcome: AppendOutcome): WireOutcome => {
  if (outcome.ok) return outcome;
  const { error } = outcome;
  if (error instanceof WrongExpectedRevision) {
    return { ok: false, error: { kind: 'wrong_expected_revision', streamId: error.streamId, expected: error.expected, actual: error.actual } };
  }
  if (error instanceof DuplicateEventId) return { ok: false, error: { kind: 'duplicate_event_id', eventId: error.eventId } };
  return { ok: false, error: { kind: 'error', message: error instanceof Error ? error.message : String(error) } };
};

export const fromWire = (outcome: WireOutcome): AppendOutcome => {
  if (outcome.ok) return outcome;
  const { error } = outcome;
  switch (error.kind) {
    case 'wrong_expected_revision':
      return { ok: false, error: new WrongExpectedRevision(error.streamId, error.expected, error.actual) };
    case 'duplicate_event_id':
      return { ok: false, error: new DuplicateEventId(error.eventId) };
    case 'error':
      return { ok: false, error: new Error(error.message) };
  }
};
