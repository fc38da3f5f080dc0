import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  excludeSystemEvents,
  type Filter,
  FORWARDS,
  KurrentDBClient,
  type Position,
  START,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { normalizeEventStoreUrl } from '../connection-strings';
import {
  AppendResult,
  DuplicateEventId,
  EventStore,
  EventStoreAccessDenied,
  EventStoreUnavailable,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamNotFound,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevision,
} from './event-store';
import {
  classifyConflict,
  compareEsdbPositions,
  fromEsdbCurrentState,
  isAccessDenied,
  isAfterEsdbPosition,
  isFatalSubscriptionError,
  isInExplicitTransaction,
  isStreamNotFound,
  isSystemEvent,
  isTransientEsdbError,
  isWrongExpectedVersion,
  sameEventId,
  toEsdbStreamState,
  toEsdbPosition,
  toEventData,
  toPosition,
  toRevision,
  toStoredEvent,
} from './esdb-mapping';
import { BatchingSubscription, Feed, FeedItem } from './esdb-subscription';

/** The part of the client this adapter uses (a test can hand in a stand-in). */
export type EsdbClient = Pick<
  KurrentDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

type Cursor = Position | typeof START;

export type EsdbEventStoreOptions = {
  /**
   * For instance `kurrentdb://localhost:2113?tls=false`, or in secure mode
   * `kurrentdb://user:password@db1:2113,db2:2113,db3:2113?tls=true&tlsCAFile=/certs/ca.crt`.
   */
  connectionString: string;
  /**
   * The stream name prefixes this application writes. Reads of $all and the
   * subscription ask the server for these streams only, so events other
   * applications write to the same server never reach the projections.
   * Without it, every stream but the server's own ($-prefixed).
   */
  streamPrefixes?: readonly string[];
  /** Appends the server could not take now (not leader, unavailable, deadline): retried this many times more, doubling the pause. Default 3 from 100 ms. */
  appendRetries?: { attempts?: number; initialMs?: number };
  /** Resubscription backoff after a dropped subscription. */
  resubscribe?: { initialMs?: number; maxMs?: number };
  /** Told when a subscription dropped and will be reopened. */
  onSubscriptionDrop?: (error: unknown, retryInMs: number) => void;
};

/** $all pages: large enough to skip system events cheaply, small enough to stop soon after maxCount. */
const MIN_PAGE = 32;
const MAX_PAGE = 4096;

/**
 * The EventStore port on EventStoreDB 22.6+ / KurrentDB over gRPC.
 *
 * Differences from the embedded store that no adapter code can close:
 * - Event ids are unique per stream retry, not across the log. ESDB detects a
 *   repeated append (the same ids where they would go again, or under 'any'
 *   the ids in its recent-event cache for this stream) and answers with the
 *   original result; a repeat that matches only in part is DuplicateEventId
 *   here (see classifyConflict). But it has no index from event id to event:
 *   an id already stored in another stream, or stored earlier in this stream
 *   and appended again at the current revision, is written as a new event,
 *   where SqliteEventStore refuses (DuplicateEventId) or answers the original.
 *   Deterministic ids still make process-manager redelivery safe because the
 *   decider returns no events for a step already taken.
 * - No other-writer detection (OtherWriters): other processes append to the
 *   same server, so a cached stream state is always brought up to date by
 *   reading the stream's tail (cheap: from its cached revision).
 * - Positions are commit positions (see esdb-mapping.ts): large, sparse byte
 *   offsets, meaningful only to the server that assigned them.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EsdbClient;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    private readonly options: EsdbEventStoreOptions,
    client?: EsdbClient,
  ) {
    this.client = client ?? KurrentDBClient.connectionString(normalizeEventStoreUrl(options.connectionString));
  }

  /** Whether an event of $all is this application's: not the server's own, and in one of its streams when they are named. */
  private isOurs(event: { streamId: string; type: string }): boolean {
    const prefixes = this.options.streamPrefixes;
    return !isSystemEvent(event) && (!prefixes || prefixes.some((prefix) => event.streamId.startsWith(prefix)));
  }

  /** What to ask the server for on $all: our streams when named, else everything but system events. */
  private allFilter(): Filter {
    const prefixes = this.options.streamPrefixes;
    return prefixes ? streamNameFilter({ prefixes: [...prefixes] }) : excludeSystemEvents();
  }

  async append(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (this.closed) throw new Error('event store is closed');
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const expected = options.expectedRevision ?? 'any';
    const data = events.map(toEventData);
    const appended = await this.retryingTransient(() => this.client.appendToStream(streamId, data, { streamState: toEsdbStreamState(expected) })).catch(
      async (error: unknown) => {
        if (!isWrongExpectedVersion(error)) throw error;
        throw await this.conflict(streamId, events, expected, fromEsdbCurrentState(error.actualState));
      },
    );
    if (!appended.success) {
      // throwOnAppendFailure=false in the connection string: the client answers instead of
      // throwing, and its batch append reports no reliable revision: read it.
      throw await this.conflict(streamId, events, expected, await this.currentRevision(streamId));
    }
    const nextExpectedRevision = toRevision(appended.nextExpectedRevision);
    // Servers may answer an idempotent retry without a position: the last event's is what we promise.
    const position = toPosition(appended.position) ?? (await this.eventAt(streamId, nextExpectedRevision)).position;
    return { nextExpectedRevision, position };
  }

  /**
   * A leader election or a node restart takes a moment: the same append (same
   * event ids, answered idempotently if the first went through) is tried again
   * a few times, then the caller is told the store is unavailable for now.
   */
  private async retryingTransient<T>(call: () => Promise<T>): Promise<T> {
    const attempts = this.options.appendRetries?.attempts ?? 3;
    let pauseMs = this.options.appendRetries?.initialMs ?? 100;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!isTransientEsdbError(error)) throw error;
        if (attempt >= attempts || this.closed) {
          throw new EventStoreUnavailable(`the event store cannot take appends now: ${(error as Error).message}`, 1);
        }
        await sleep(pauseMs);
        pauseMs *= 2;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    if (options.maxCount !== undefined && options.maxCount <= 0) {
      await this.readStream(streamId, { ...options, maxCount: 1 }); // still refuses a missing stream
      return [];
    }
    const read = this.client.readStream(streamId, {
      fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
      direction: backwards ? BACKWARDS : FORWARDS,
      ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      resolveLinkTos: false,
    });
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of read) if (resolved.event) events.push(toStoredEvent(resolved.event));
    } catch (error) {
      if (isStreamNotFound(error)) throw new StreamNotFound(streamId);
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? 1000;
    if (maxCount <= 0) return [];
    const pageSize = Math.min(MAX_PAGE, Math.max(MIN_PAGE, maxCount + 1));
    const found: StoredEvent[] = [];
    let from: Cursor = toEsdbPosition(after);
    let seen: Position | null = null;
    for (;;) {
      const page = await this.readAllPage(from, 'forwards', pageSize);
      for (const resolved of page) {
        const recorded = resolved.event;
        if (!recorded) continue;
        if (seen && compareEsdbPositions(recorded.position, seen) <= 0) continue; // a page starts where the last ended
        seen = recorded.position;
        if (recorded.position.commit <= after || !this.isOurs(recorded)) continue;
        const event = toStoredEvent(recorded);
        // Full: stop, but never between two events of one commit.
        if (found.length >= maxCount && event.position !== found[found.length - 1]!.position) return found;
        found.push(event);
      }
      if (page.length < pageSize || seen === null) return found;
      from = seen;
    }
  }

  /** Positions are byte offsets: the lag in events is counted, up to `limit`. */
  async countEventsAfter(after: bigint, limit: number): Promise<number> {
    return (await this.readAll({ after, maxCount: limit })).length;
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new Error('event store is closed');
    const subscription: BatchingSubscription<Cursor> = new BatchingSubscription<Cursor>({
      from: toEsdbPosition(options.after ?? 0n),
      batchSize: options.batchSize ?? 500,
      open: (from) => this.openFeed(from),
      isAfter: isAfterEsdbPosition,
      mayContinue: isInExplicitTransaction,
      isFatal: isFatalSubscriptionError,
      ...(this.options.resubscribe ? { backoff: this.options.resubscribe } : {}),
      ...(this.options.onSubscriptionDrop ? { onDrop: this.options.onSubscriptionDrop } : {}),
      onClose: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The newest event that is not a system event, read backwards from the end of $all. */
  async headPosition(): Promise<bigint> {
    let from: Position | typeof END = END;
    let seen: Position | null = null;
    for (;;) {
      const page = await this.readAllPage(from, 'backwards', MIN_PAGE);
      for (const resolved of page) {
        const recorded = resolved.event;
        if (!recorded) continue;
        if (seen && compareEsdbPositions(recorded.position, seen) >= 0) continue;
        seen = recorded.position;
        if (this.isOurs(recorded)) return toStoredEvent(recorded).position;
      }
      if (page.length < MIN_PAGE || seen === null) return 0n;
      from = seen;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  private async readAllPage(
    from: Cursor | typeof END,
    direction: 'forwards' | 'backwards',
    maxCount: number,
  ): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    const read = this.client.readAll({
      fromPosition: from,
      direction: direction === 'backwards' ? BACKWARDS : FORWARDS,
      maxCount,
      resolveLinkTos: false,
      filter: this.allFilter(),
    });
    try {
      for await (const resolved of read) page.push(resolved);
    } catch (error) {
      if (isAccessDenied(error)) {
        throw new EventStoreAccessDenied(
          'the event store refused to read $all: give credentials (user:password@ in EVENTSTORE_URL) of a user allowed to read $all',
        );
      }
      throw error;
    }
    return page;
  }

  private openFeed(from: Cursor): Feed<Cursor> {
    const subscription = this.client.subscribeToAll({
      fromPosition: from,
      filter: this.allFilter(),
      resolveLinkTos: false,
    });
    return { items: feedItems(subscription, (event) => this.isOurs(event)), close: () => subscription.unsubscribe() };
  }

  private async eventAt(streamId: string, revision: number): Promise<StoredEvent> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`EventStoreDB has no event ${streamId}@${revision}`);
    return event;
  }

  /** The error for an append the server refused on its expected revision: see classifyConflict. */
  private async conflict(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    actual: number | 'no_stream',
  ): Promise<Error> {
    const firstId = events[0]!.metadata.eventId;
    const verdict = classifyConflict(expected, actual);
    if (verdict.kind === 'duplicate') return new DuplicateEventId(firstId);
    if (verdict.kind === 'compare_first_event') {
      const stored = await this.eventIdAt(streamId, verdict.revision).catch(() => null);
      if (stored !== null && sameEventId(stored, firstId)) return new DuplicateEventId(firstId);
    }
    return new WrongExpectedRevision(streamId, expected, actual);
  }

  /** The ESDB event id at a revision (not our metadata: the id ESDB compares). */
  private async eventIdAt(streamId: string, revision: number): Promise<string | null> {
    let id: string | null = null;
    const read = this.client.readStream(streamId, { fromRevision: BigInt(revision), maxCount: 1, resolveLinkTos: false });
    for await (const resolved of read) id ??= resolved.event?.id ?? null;
    return id;
  }

  private async currentRevision(streamId: string): Promise<number | 'no_stream'> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 }).catch((error) => {
      if (error instanceof StreamNotFound) return [];
      throw error;
    });
    return last ? last.revision : 'no_stream';
  }
}

/** The $all subscription's events as feed items: ours only, each with its exact ESDB position to resume after. */
export async function* feedItems(
  source: AsyncIterable<AllStreamResolvedEvent>,
  isOurs: (event: { streamId: string; type: string }) => boolean = (event) => !isSystemEvent(event),
): AsyncGenerator<FeedItem<Position>> {
  for await (const resolved of source) {
    const recorded = resolved.event;
    if (!recorded || !isOurs(recorded)) continue;
    yield { event: toStoredEvent(recorded), cursor: recorded.position };
  }
}
