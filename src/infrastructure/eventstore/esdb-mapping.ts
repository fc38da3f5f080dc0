import {
  ANY,
  type AppendStreamState,
  type CurrentStreamState,
  ErrorType,
  type EventData,
  jsonEvent,
  type JSONType,
  NO_STREAM,
  type Position,
  type RecordedEvent,
  START,
  STREAM_EXISTS,
} from '@kurrent/kurrentdb-client';
import { EventMetadata, ExpectedRevision, NewEvent, StoredEvent } from './event-store';

/**
 * Pure translations between the EventStore port and `@kurrent/kurrentdb-client` 1.x
 * (the successor of `@eventstore/db-client`; it talks to EventStoreDB 22.6+ and KurrentDB).
 *
 * Positions. EventStoreDB addresses $all by (commit, prepare): byte offsets
 * into its transaction log, signed 64-bit on the server. Our port has one
 * bigint: we use the commit position, which fits int64 checkpoint columns and
 * the 20-digit strings positions travel as.
 *
 * That is exact for everything this system writes. Since 20.x a gRPC append
 * writes each event as its own self-committed prepare record (flags
 * IsCommitted, TransactionBegin on the first, TransactionEnd on the last), and
 * $all reports such an event at (its log position, its log position): commit
 * equals prepare, one per event, strictly increasing in $all order
 * (EventStore/EventStore: StorageWriterService WritePrepares, AllReader
 * `new CommitEventRecord(eventRecord, eventRecord.LogPosition)`). The append
 * result's position is the last prepare's log position, i.e. the last event's.
 *
 * Only the legacy explicit transactions of the TCP API (never used here, gone
 * from the gRPC API) give several events one commit position: the commit
 * record's, with distinct prepare positions below it. Encoding both halves
 * into one bigint would need 127 bits, so instead:
 * - our `after = c` becomes the ESDB position (c, c). The server orders by
 *   commit then prepare, so (c, p < c) of such a transaction sorts before it:
 *   "after c" means after the whole commit at c, as it does for an ordinary event;
 * - pages and batches never end between two events that share a commit
 *   position (EsdbEventStore.readAll; takeBatch, and a subscription holds back
 *   such trailing events until the commit's next event or a quiet moment), so
 *   a checkpoint is never taken in the middle of one commit;
 * - a dropped subscription resumes from the exact (commit, prepare) it reached.
 */

/** Positions are signed 64-bit byte offsets on the server. */
export const MAX_LOG_POSITION = 2n ** 63n - 1n;

/** Our expected revision as the client's `streamState`. */
export const toEsdbStreamState = (expected: ExpectedRevision): AppendStreamState => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`not a stream revision: ${expected}`);
      return BigInt(expected);
  }
};

/** The server reports a missing stream as 'no_stream' (and older servers as -1). */
export const fromEsdbCurrentState = (current: CurrentStreamState): number | 'no_stream' =>
  typeof current === 'bigint' && current >= 0n ? toRevision(current) : 'no_stream';

export const toRevision = (revision: bigint): number => {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`revision out of range: ${revision}`);
  }
  return Number(revision);
};

/**
 * Our position for an ESDB position: its commit position. Null when the server
 * sent none: absent, the "no position" value (2^64 - 1 on the wire), or 0,
 * where only the log's own first record can sit.
 */
export const toPosition = (position: Position | undefined): bigint | null =>
  position !== undefined && position.commit > 0n && position.commit <= MAX_LOG_POSITION ? position.commit : null;

/**
 * Where an ESDB read or subscription starts for "events after `after`":
 * START for 0n, else (after, after). Forward reads include that position and
 * subscriptions exclude it; callers drop what is not strictly after.
 */
export const toEsdbPosition = (after: bigint): Position | typeof START => {
  if (after < 0n || after > MAX_LOG_POSITION) throw new RangeError(`not an EventStoreDB position: ${after}`);
  return after === 0n ? START : { commit: after, prepare: after };
};

export const compareEsdbPositions = (a: Position, b: Position): number => {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
};

/** Strictly after `than` in $all order; everything is after START. */
export const isAfterEsdbPosition = (position: Position | typeof START, than: Position | typeof START): boolean =>
  than === START ? position !== START : position !== START && compareEsdbPositions(position, than) > 0;

/** Only events of a legacy explicit transaction sit below their commit position, and more of it may follow. */
export const isInExplicitTransaction = (position: Position | typeof START): boolean =>
  position !== START && position.prepare < position.commit;

/** Whether an event in $all is ours to deliver: not a system event, not in a system stream ($-prefixed). */
export const isSystemEvent = (event: { streamId: string; type: string }): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our event as ESDB event data: its id is our eventId, our metadata object is its (JSON) metadata. */
export const toEventData = (event: NewEvent): EventData => {
  const id = event.metadata.eventId;
  if (!UUID.test(id)) throw new RangeError(`EventStoreDB needs event ids to be UUIDs: ${id}`);
  if (event.data === undefined) throw new RangeError(`event ${id} has no data`);
  return jsonEvent({ id, type: event.type, data: event.data as JSONType, metadata: event.metadata });
};

export const sameEventId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export class MissingEventPosition extends Error {
  constructor(readonly streamId: string, readonly revision: bigint) {
    super(
      `EventStoreDB sent no position for ${streamId}@${revision}: stream reads carry positions from EventStoreDB 22.6 on, ` +
        'which EsdbEventStore needs',
    );
    this.name = 'MissingEventPosition';
  }
}

/** A recorded event (from a stream read or from $all) as a stored event of the port. */
export const toStoredEvent = (recorded: RecordedEvent): StoredEvent => {
  const position = toPosition(recorded.position);
  if (position === null) throw new MissingEventPosition(recorded.streamId, recorded.revision);
  return {
    streamId: recorded.streamId,
    revision: toRevision(recorded.revision),
    position,
    type: recorded.type,
    data: recorded.data,
    metadata: recorded.metadata as EventMetadata,
  };
};

/**
 * What an ESDB WrongExpectedVersion means for our port.
 *
 * ESDB answers a retried append idempotently (success with the original
 * revision) when every event id matches what the stream holds where the
 * append would have put it. When only the first ones match it reports
 * WrongExpectedVersion ("corrupted idempotency"). Our port calls that
 * DuplicateEventId, so:
 * - under 'any', and 'exists' on an existing stream, ESDB can refuse for no
 *   other reason: duplicate;
 * - under 'no_stream' or revision r below the actual revision, look at the
 *   event where ours would have gone first (revision r + 1, or 0): if it is
 *   our first event, duplicate, else a real conflict;
 * - otherwise a real conflict.
 */
export type ConflictVerdict =
  | { kind: 'wrong_revision' }
  | { kind: 'duplicate' }
  | { kind: 'compare_first_event'; revision: number };

export const classifyConflict = (expected: ExpectedRevision, actual: number | 'no_stream'): ConflictVerdict => {
  if (actual === 'no_stream') return { kind: 'wrong_revision' };
  switch (expected) {
    case 'any':
    case 'exists':
      return { kind: 'duplicate' };
    case 'no_stream':
      return { kind: 'compare_first_event', revision: 0 };
    default:
      return expected < actual ? { kind: 'compare_first_event', revision: expected + 1 } : { kind: 'wrong_revision' };
  }
};

type EsdbError = { type: string };

const errorType = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as Partial<EsdbError>).type === 'string'
    ? (error as EsdbError).type
    : undefined;

// Duck-typed on `type` (ErrorType): the client's classes need not share this realm's prototypes.
// The state is checked too: 6.x called it `actualVersion`, and reading a renamed field gives undefined silently.
export const isWrongExpectedVersion = (error: unknown): error is { actualState: CurrentStreamState } =>
  errorType(error) === ErrorType.WRONG_EXPECTED_VERSION &&
  (typeof (error as { actualState?: unknown }).actualState === 'bigint' || (error as { actualState?: unknown }).actualState === NO_STREAM);

/**
 * Failures of a call that a later call may not meet: a follower answered
 * (the leader moved), no node answered, or no answer came in time. The
 * append may or may not have been written; a retry with the same event ids
 * is answered idempotently.
 */
export const isTransientEsdbError = (error: unknown): boolean => {
  const type = errorType(error);
  return type === ErrorType.NOT_LEADER || type === ErrorType.UNAVAILABLE || type === ErrorType.DEADLINE_EXCEEDED || type === ErrorType.TIMEOUT;
};

export const isAccessDenied = (error: unknown): boolean => errorType(error) === ErrorType.ACCESS_DENIED;

/** A stream read of a stream with no events: never written, or deleted. */
export const isStreamNotFound = (error: unknown): boolean =>
  errorType(error) === ErrorType.STREAM_NOT_FOUND || errorType(error) === ErrorType.STREAM_DELETED;

/** Subscription errors retrying will not cure; the rest (unavailable, not leader, timeouts, network) are retried. */
export const isFatalSubscriptionError = (error: unknown): boolean => {
  const type = errorType(error);
  return type === ErrorType.ACCESS_DENIED || type === ErrorType.INVALID_ARGUMENT || type === ErrorType.UNSUPPORTED;
};
