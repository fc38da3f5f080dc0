import { Decider, DomainEvent } from '../domain/shared/decider';
import { DomainError } from '../domain/shared/domain-error';
import {
  EventStore,
  NewEvent,
  StoredEvent,
  StreamNotFound,
  WrongExpectedRevision,
} from '../infrastructure/eventstore/event-store';
import { EventCodec } from '../infrastructure/eventstore/event-decoders';
import { eventIdsFor } from './event-ids';
import { KeyedMutex } from './keyed-mutex';
import { LruCache } from './lru-cache';
import { StaleRevision } from './stale-revision';

/** How a handler reads its stream's stored events and versions the ones it writes (see event-decoders.ts). */
export type StreamCodec<Event extends DomainEvent> = Pick<EventCodec<Event>, 'decode' | 'schemaVersionOf'>;

/** For deciders whose events never changed shape: everything is written at version 1 and read as written. */
const unversioned = <Event extends DomainEvent>(): StreamCodec<Event> => ({
  schemaVersionOf: () => 1,
  decode: (stored) => stored as StoredEvent<Event>,
});

export type CommandContext = {
  actor: string;
  correlationId: string;
  causationId?: string | null;
  /** The revision the caller last saw (If-Match); a different one is refused. */
  expectedRevision?: number;
  /** Makes event ids deterministic: the same seed never appends twice. */
  eventIdSeed?: string;
  /** When the command was issued; defaults to now. */
  occurredAt?: string;
  /**
   * The command creates its stream (a new order): decide on the initial state
   * without reading, and let the append's no_stream check catch the rare
   * stream that exists after all (the retry then reads it and decides again).
   */
  expectNewStream?: boolean;
};

export type CommandOutcome<Event extends DomainEvent, State> = {
  streamId: string;
  /** What this command appended (empty when the command was already done). */
  events: Array<Event & { metadata: NewEvent['metadata'] }>;
  state: State;
  /** Revision of the stream's last event, -1 for a stream that does not exist. */
  revision: number;
  /** Global position of the stream's last event (0n for none). */
  position: bigint;
};

type CachedAggregate<State> = { state: State; revision: number; position: bigint };

/** `marker`: the store's change marker when this entry was known current (null: read the tail). */
type CacheEntry<State> = CachedAggregate<State> & { marker: number | null };

export type CommandHandlerOptions = {
  /** How many recently used aggregates keep their state in memory. */
  cacheSize?: number;
  /** How many times a conflict with another writer is retried after re-reading (default 10). */
  maxConflictRetries?: number;
  now?: () => Date;
  /** Told how each command ended, for metrics. */
  onOutcome?: (commandType: string, outcome: 'ok' | 'noop' | 'refused' | 'conflict' | 'error', seconds: number) => void;
};

/**
 * After a conflict, a short random pause that grows with each attempt (up to
 * ~64 ms): another process appending to a hot stream (the process manager
 * reserving stock while the API takes a receipt) would otherwise win every
 * immediate re-read-and-retry race, and the command would fail for nothing.
 */
const conflictBackoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(64, 2 ** attempt)));

/**
 * Load, decide, append, retry. Commands on one stream run one at a time in
 * this process; the latest state of recently used streams stays in memory, so
 * a command reads only the events appended since (by other processes) rather
 * than the whole stream, and nothing at all while the store says no other
 * process appended. A stale cache cannot do harm: the append's expected
 * revision refuses it, and the retry reads the tail.
 */
export class CommandHandler<Command extends DomainEvent, Event extends DomainEvent, State> {
  private readonly cache: LruCache<string, CacheEntry<State>>;
  private readonly mutex = new KeyedMutex();
  private readonly maxConflictRetries: number;
  private readonly now: () => Date;

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    private readonly options: CommandHandlerOptions = {},
    private readonly codec: StreamCodec<Event> = unversioned(),
  ) {
    this.cache = new LruCache(options.cacheSize ?? 10_000);
    this.maxConflictRetries = options.maxConflictRetries ?? 10;
    this.now = options.now ?? (() => new Date());
  }

  handle(streamId: string, command: Command, context: CommandContext): Promise<CommandOutcome<Event, State>> {
    return this.mutex.run(streamId, () => this.measured(streamId, command, context));
  }

  /** The current state and revision of a stream, as a command would see it. */
  load(streamId: string): Promise<CachedAggregate<State>> {
    return this.mutex.run(streamId, () => this.catchUp(streamId));
  }

  private async measured(streamId: string, command: Command, context: CommandContext) {
    const started = process.hrtime.bigint();
    const report = (outcome: 'ok' | 'noop' | 'refused' | 'conflict' | 'error') =>
      this.options.onOutcome?.(command.type, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    try {
      const result = await this.decideAndAppend(streamId, command, context);
      report(result.events.length > 0 ? 'ok' : 'noop');
      return result;
    } catch (error) {
      const refused = error instanceof DomainError || error instanceof StaleRevision;
      report(error instanceof WrongExpectedRevision ? 'conflict' : refused ? 'refused' : 'error');
      throw error;
    }
  }

  private async decideAndAppend(
    streamId: string,
    command: Command,
    context: CommandContext,
  ): Promise<CommandOutcome<Event, State>> {
    for (let attempt = 0; ; attempt++) {
      const marker = this.store.changeMarker?.() ?? null;
      const assumeNew = attempt === 0 && context.expectNewStream === true && this.cache.get(streamId) === undefined;
      let current = assumeNew ? { state: this.decider.initialState(), revision: -1, position: 0n } : await this.catchUp(streamId);
      if (context.expectedRevision !== undefined && context.expectedRevision !== current.revision) {
        current = await this.catchUp(streamId, { readTail: true });
        if (context.expectedRevision !== current.revision) throw new StaleRevision(streamId, context.expectedRevision, current.revision);
      }
      let decided: Event[];
      ({ decided, current } = await this.decide(streamId, command, current));
      if (decided.length === 0) return { streamId, events: [], ...current };

      const events = this.withMetadata(decided, context);
      try {
        const appended = await this.store.append(streamId, events, {
          expectedRevision: current.revision < 0 ? 'no_stream' : current.revision,
        });
        return { streamId, events, ...this.remember(streamId, current, events, appended, marker) };
      } catch (error) {
        this.cache.set(streamId, { ...current, marker: null });
        if (!(error instanceof WrongExpectedRevision) || attempt >= this.maxConflictRetries) throw error;
        await conflictBackoff(attempt);
      }
    }
  }

  private withMetadata(decided: Event[], context: CommandContext): Array<Event & { metadata: NewEvent['metadata'] }> {
    const ids = eventIdsFor(decided.length, context.eventIdSeed);
    const occurredAt = context.occurredAt ?? this.now().toISOString();
    return decided.map((event, index) => ({
      ...event,
      metadata: {
        eventId: ids[index]!,
        correlationId: context.correlationId,
        causationId: context.causationId ?? null,
        actor: context.actor,
        occurredAt,
        schemaVersion: this.codec.schemaVersionOf(event.type),
      },
    }));
  }

  private remember(
    streamId: string,
    before: CachedAggregate<State>,
    events: Event[],
    appended: { nextExpectedRevision: number; position: bigint },
    marker: number | null,
  ): CachedAggregate<State> {
    if (appended.nextExpectedRevision !== before.revision + events.length) {
      // The store answered an idempotent retry of events stored earlier: our
      // decision was not what landed, so read the stream afresh next time.
      this.cache.delete(streamId);
      return { state: before.state, revision: appended.nextExpectedRevision, position: appended.position };
    }
    let state = before.state;
    for (const event of events) state = this.decider.evolve(state, event);
    const next = { state, revision: appended.nextExpectedRevision, position: appended.position };
    this.cache.set(streamId, { ...next, marker });
    return next;
  }

  /**
   * A refusal is final only against the stream as stored: an append would
   * catch a stale cache, but a refusal appends nothing, and another process's
   * append may not have been noticed yet. A stale If-Match likewise.
   */
  private async decide(streamId: string, command: Command, current: CachedAggregate<State>) {
    try {
      return { decided: this.decider.decide(command, current.state), current };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const stored = await this.catchUp(streamId, { readTail: true });
      if (stored.revision === current.revision) throw error;
      return { decided: this.decider.decide(command, stored.state), current: stored };
    }
  }

  /** The stream's state: the cached one while the store says nobody else appended, else with the tail read. */
  private async catchUp(streamId: string, options: { readTail?: boolean } = {}): Promise<CachedAggregate<State>> {
    const marker = this.store.changeMarker?.() ?? null;
    const cached = this.cache.get(streamId);
    const trusted = cached && cached.marker !== null && this.store.appendedElsewhereSince?.(streamId, cached.marker) === false;
    if (trusted && !options.readTail) return cached;
    const from = cached ?? { state: this.decider.initialState(), revision: -1, position: 0n };
    const tail = await this.readTail(streamId, from.revision + 1);
    let state = from.state;
    for (const event of tail) state = this.decider.evolve(state, this.codec.decode(event));
    const last = tail[tail.length - 1];
    const next = last ? { state, revision: last.revision, position: last.position } : from;
    this.cache.set(streamId, { state: next.state, revision: next.revision, position: next.position, marker });
    return next;
  }

  private async readTail(streamId: string, fromRevision: number): Promise<StoredEvent[]> {
    try {
      return await this.store.readStream(streamId, { fromRevision });
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }
}
