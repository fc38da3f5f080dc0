import {
  AccessDeniedError,
  ANY,
  DeadlineExceededError,
  ErrorType,
  InvalidArgumentError,
  NO_STREAM,
  type RecordedEvent,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import {
  classifyConflict,
  compareEsdbPositions,
  fromEsdbCurrentState,
  isAfterEsdbPosition,
  isFatalSubscriptionError,
  isStreamNotFound,
  isSystemEvent,
  isTransientEsdbError,
  isWrongExpectedVersion,
  MAX_LOG_POSITION,
  MissingEventPosition,
  toEsdbStreamState,
  toEsdbPosition,
  toEventData,
  toPosition,
  toStoredEvent,
} from '../../../src/infrastructure/eventstore/esdb-mapping';
import { newEvent } from '../../contract/event-store.contract';

const at = (commit: bigint, prepare = commit) => ({ commit, prepare });

const recorded = (overrides: Partial<Record<string, unknown>> = {}): RecordedEvent =>
  ({
    streamId: 'order-1',
    id: '0191d5c4-7c1e-7cc0-8000-000000000001',
    revision: 3n,
    type: 'OrderPlaced',
    data: { orderId: '1' },
    metadata: newEvent().metadata,
    isJson: true,
    created: new Date(0),
    position: at(5_000n),
    ...overrides,
  }) as RecordedEvent;

describe('expected revisions', () => {
  it('map to the client constants and to bigint revisions', () => {
    expect(toEsdbStreamState('any')).toBe(ANY);
    expect(toEsdbStreamState('no_stream')).toBe(NO_STREAM);
    expect(toEsdbStreamState('exists')).toBe(STREAM_EXISTS);
    expect(toEsdbStreamState(0)).toBe(0n);
    expect(toEsdbStreamState(41)).toBe(41n);
  });

  it('refuse what is not a revision', () => {
    expect(() => toEsdbStreamState(-1)).toThrow(RangeError);
    expect(() => toEsdbStreamState(1.5)).toThrow(RangeError);
  });

  it('read the actual revision of a refusal, a missing stream as no_stream', () => {
    expect(fromEsdbCurrentState(7n)).toBe(7);
    expect(fromEsdbCurrentState(0n)).toBe(0);
    expect(fromEsdbCurrentState(NO_STREAM)).toBe('no_stream');
    expect(fromEsdbCurrentState(-1n)).toBe('no_stream');
  });
});

describe('positions', () => {
  it('are commit positions, exact as bigint far beyond 2^53', () => {
    expect(toPosition(at(1_234n))).toBe(1_234n);
    expect(toPosition(at(2n ** 60n + 7n))).toBe(2n ** 60n + 7n);
    expect(toPosition(at(MAX_LOG_POSITION))).toBe(MAX_LOG_POSITION);
  });

  it('are unknown when the server sent none (absent, 2^64 - 1, or 0)', () => {
    expect(toPosition(undefined)).toBeNull();
    expect(toPosition(at(2n ** 64n - 1n))).toBeNull();
    expect(toPosition(at(0n))).toBeNull();
  });

  it('start reads after ours at (after, after), or at the start for 0', () => {
    expect(toEsdbPosition(0n)).toBe(START);
    expect(toEsdbPosition(4_096n)).toEqual(at(4_096n));
    expect(() => toEsdbPosition(-1n)).toThrow(RangeError);
    expect(() => toEsdbPosition(MAX_LOG_POSITION + 1n)).toThrow(RangeError);
  });

  it('order by commit, then prepare', () => {
    expect(compareEsdbPositions(at(10n), at(20n))).toBe(-1);
    expect(compareEsdbPositions(at(20n, 5n), at(20n, 9n))).toBe(-1);
    expect(compareEsdbPositions(at(20n), at(20n))).toBe(0);
    expect(compareEsdbPositions(at(30n, 1n), at(20n))).toBe(1);
  });

  it('are after (c, c) only beyond commit c: the events of an explicit transaction at c sort before it', () => {
    expect(isAfterEsdbPosition(at(21n), at(20n))).toBe(true);
    expect(isAfterEsdbPosition(at(20n), at(20n))).toBe(false);
    expect(isAfterEsdbPosition(at(20n, 12n), at(20n))).toBe(false);
    expect(isAfterEsdbPosition(at(20n, 12n), START)).toBe(true);
    expect(isAfterEsdbPosition(START, at(1n))).toBe(false);
  });
});

describe('events', () => {
  it('go out as JSON events with our event id and our metadata as theirs', () => {
    const event = newEvent('OrderPlaced', { orderId: '1' });
    expect(toEventData(event)).toEqual({
      id: event.metadata.eventId,
      contentType: 'application/json',
      type: 'OrderPlaced',
      data: { orderId: '1' },
      metadata: event.metadata,
    });
  });

  it('need UUID event ids, as EventStoreDB does', () => {
    const event = newEvent('A', {}, 'not-a-uuid');
    expect(() => toEventData(event)).toThrow(RangeError);
  });

  it('come back as stored events with stream, revision and commit position', () => {
    const source = recorded();
    expect(toStoredEvent(source)).toEqual({
      streamId: 'order-1',
      revision: 3,
      position: 5_000n,
      type: 'OrderPlaced',
      data: { orderId: '1' },
      metadata: source.metadata,
    });
  });

  it('refuse to come back without a position (stream reads before EventStoreDB 22.6)', () => {
    expect(() => toStoredEvent(recorded({ position: undefined }))).toThrow(MissingEventPosition);
    expect(() => toStoredEvent(recorded({ position: at(2n ** 64n - 1n) }))).toThrow(MissingEventPosition);
  });

  it('are system events when their type or their stream starts with $', () => {
    expect(isSystemEvent({ streamId: 'order-1', type: 'OrderPlaced' })).toBe(false);
    expect(isSystemEvent({ streamId: '$$order-1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: 'StatsCollected' })).toBe(true);
    expect(isSystemEvent({ streamId: 'order-1', type: '$>' })).toBe(true);
  });
});

describe('a refused append', () => {
  it('under any or exists on a stream that has events can only be a partial repeat: a duplicate', () => {
    expect(classifyConflict('any', 4)).toEqual({ kind: 'duplicate' });
    expect(classifyConflict('exists', 4)).toEqual({ kind: 'duplicate' });
  });

  it('against a missing stream is a wrong revision', () => {
    expect(classifyConflict('exists', 'no_stream')).toEqual({ kind: 'wrong_revision' });
    expect(classifyConflict(3, 'no_stream')).toEqual({ kind: 'wrong_revision' });
  });

  it('by a writer behind the stream is a duplicate only if its first event is where it would have gone', () => {
    expect(classifyConflict('no_stream', 2)).toEqual({ kind: 'compare_first_event', revision: 0 });
    expect(classifyConflict(1, 2)).toEqual({ kind: 'compare_first_event', revision: 2 });
  });

  it('by a writer ahead of the stream is a wrong revision', () => {
    expect(classifyConflict(5, 2)).toEqual({ kind: 'wrong_revision' });
  });
});

describe('client errors', () => {
  it('are recognised by their type', () => {
    const wrong = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 2n });
    expect(isWrongExpectedVersion(wrong)).toBe(true);
    expect(isWrongExpectedVersion(new Error('wrong expected version'))).toBe(false);
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isStreamNotFound(StreamDeletedError.fromStreamName('s'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
  });

  it('read the stream state a refused append reports under its current name, never as a silent undefined', () => {
    const wrong = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 2n });
    expect(wrong.actualState).toBe(2n);
    expect(fromEsdbCurrentState(wrong.actualState)).toBe(2);
    const missing = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: NO_STREAM });
    expect(isWrongExpectedVersion(missing) && fromEsdbCurrentState(missing.actualState)).toBe('no_stream');
    // The 6.x shape (actualVersion) is not taken for a conflict on a missing stream: it surfaces as itself.
    expect(isWrongExpectedVersion({ type: ErrorType.WRONG_EXPECTED_VERSION, actualVersion: 2n })).toBe(false);
  });

  it('tell a moment without a leader or an answer from a lasting failure', () => {
    expect(isTransientEsdbError(Object.assign(new Error('not leader'), { type: ErrorType.NOT_LEADER }))).toBe(true);
    expect(isTransientEsdbError(new UnavailableError())).toBe(true);
    expect(isTransientEsdbError(new DeadlineExceededError())).toBe(true);
    expect(isTransientEsdbError(new AccessDeniedError())).toBe(false);
    expect(isTransientEsdbError(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 2n }))).toBe(false);
    expect(isTransientEsdbError(new Error('bug'))).toBe(false);
  });

  it('end a subscription only when retrying cannot help', () => {
    expect(isFatalSubscriptionError(new AccessDeniedError())).toBe(true);
    expect(isFatalSubscriptionError(new InvalidArgumentError('bad position'))).toBe(true);
    expect(isFatalSubscriptionError(new UnavailableError())).toBe(false);
    expect(isFatalSubscriptionError(new Error('socket hang up'))).toBe(false);
  });
});
