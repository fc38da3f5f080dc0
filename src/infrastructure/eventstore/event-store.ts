/**
 * The EventStore port: append-only streams with optimistic concurrency, a
 * global log ordered by position, and catch-up subscriptions over that log.
 *
 * Revisions count events within one stream from 0. Positions order every
 * event globally; they are bigint here (exact beyond 2^53) and decimal
 * strings wherever they leave the process.
 */
export type EventMetadata = {
  eventId: string;
  correlationId: string;
  causationId: string | null;
  actor: string;
  occurredAt: string;
  schemaVersion: number;
};

export type NewEvent = {
  type: string;
  data: unknown;
  metadata: EventMetadata;
};

/** A stored event; `E` narrows its type and data once a decoder has read them (see event-decoders.ts). */
export type StoredEvent<E extends { type: string; data: unknown } = Pick<NewEvent, 'type' | 'data'>> = E & {
  metadata: EventMetadata;
  streamId: string;
  revision: number;
  position: bigint;
};

/** What the caller believes about the stream before appending. */
export type ExpectedRevision = 'any' | 'no_stream' | 'exists' | number;

export type AppendResult = {
  /** Revision of the last event written: what the next append should expect. */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: bigint;
};

export type ReadStreamOptions = {
  /** Inclusive. Defaults to the first event (forwards) or the last (backwards). */
  fromRevision?: number;
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
};

export type ReadAllOptions = {
  /** Exclusive: events strictly after this position. 0n reads from the start. */
  after?: bigint;
  maxCount?: number;
};

export type SubscribeOptions = {
  after?: bigint;
  /** Largest batch handed to the consumer at once. */
  batchSize?: number;
};

/**
 * Catches up from `after`, then follows new events as they land. Each
 * iteration yields the next batch (never empty) in position order.
 */
export interface Subscription extends AsyncIterable<StoredEvent[]> {
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /** Throws StreamNotFound when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** Position of the newest event in the log (0n when empty). */
  headPosition(): Promise<bigint>;
  /**
   * Optional, where positions are not event numbers (EventStoreDB's are byte
   * offsets): how many events follow `after`, counting at most `limit`.
   * Without it, positions count events and a lag is `head - position`.
   */
  countEventsAfter?(after: bigint, limit: number): Promise<number>;
  close(): Promise<void>;
}

export class WrongExpectedRevision extends Error {
  readonly code = 'EVENTSTORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevision';
  }
}

export class StreamNotFound extends Error {
  readonly code = 'EVENTSTORE.STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
    this.name = 'StreamNotFound';
  }
}

/** An event id is already stored, but not as part of this same append. */
export class DuplicateEventId extends Error {
  readonly code = 'EVENTSTORE.DUPLICATE_EVENT_ID';
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored elsewhere`);
    this.name = 'DuplicateEventId';
  }
}

/**
 * The store could not take the call now (its leader moved, no node answered,
 * no answer in time) and retrying did not help within the adapter's bounds.
 * An append may or may not have been written: repeat it with the same event
 * ids, which the store answers idempotently.
 */
export class EventStoreUnavailable extends Error {
  readonly code = 'EVENTSTORE.UNAVAILABLE';
  constructor(
    message: string,
    /** When a retry stands a chance. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'EventStoreUnavailable';
  }
}

/** The store refused the credentials it was given, or their user may not do what was asked. */
export class EventStoreAccessDenied extends Error {
  readonly code = 'EVENTSTORE.ACCESS_DENIED';
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreAccessDenied';
  }
}

export const formatPosition = (position: bigint): string => position.toString(10);

export const parsePosition = (text: string): bigint => {
  if (!/^\d{1,20}$/.test(text)) throw new RangeError(`not a position: ${text}`);
  return BigInt(text);
};

export const satisfiesExpectedRevision = (expected: ExpectedRevision, actual: number | 'no_stream'): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
};
