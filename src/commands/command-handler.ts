import { Decider, DomainEvent } from '../domain/kernel/decider';
import { DomainError } from '../domain/kernel/domain-error';
import { WrongExpectedRevision } from '../infrastructure/eventstore/event-store';
import { Aggregate, AggregateRepository, AppendedEvent, StreamCodec, unversioned } from './aggregate-repository';
import { eventIdsFor } from './event-ids';
import { KeyedMutex } from './keyed-mutex';
import { StaleRevision } from './stale-revision';

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
  events: AppendedEvent<Event>[];
  state: State;
  /** Revision of the stream's last event, -1 for a stream that does not exist. */
  revision: number;
  /** Global position of the stream's last event (0n for none). */
  position: bigint;
};

export type CommandHandlerOptions = {
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
 * Load, decide, append, retry (on a conflict with another writer). Commands
 * on one stream run one at a time in this process; where states come from,
 * and whether they are cached, is the repository's business.
 */
export class CommandHandler<Command extends DomainEvent, Event extends DomainEvent, State> {
  private readonly mutex = new KeyedMutex();
  private readonly maxConflictRetries: number;
  private readonly now: () => Date;

  constructor(
    private readonly streams: AggregateRepository<Event, State>,
    private readonly decider: Pick<Decider<Command, Event, State>, 'decide'>,
    private readonly options: CommandHandlerOptions = {},
    private readonly codec: Pick<StreamCodec<Event>, 'schemaVersionOf'> = unversioned(),
  ) {
    this.maxConflictRetries = options.maxConflictRetries ?? 10;
    this.now = options.now ?? (() => new Date());
  }

  handle(streamId: string, command: Command, context: CommandContext): Promise<CommandOutcome<Event, State>> {
    return this.mutex.run(streamId, () => this.measured(streamId, command, context));
  }

  /** The current state and revision of a stream, as a command would see it. */
  load(streamId: string): Promise<Aggregate<State>> {
    return this.mutex.run(streamId, () => this.streams.load(streamId));
  }

  private async measured(streamId: string, command: Command, context: CommandContext) {
    const started = process.hrtime.bigint();
    const report = (outcome: 'ok' | 'noop' | 'refused' | 'conflict' | 'error') =>
      this.options.onOutcome?.(command.type, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    try {
      const result = await this.loadDecideAppend(streamId, command, context);
      report(result.events.length > 0 ? 'ok' : 'noop');
      return result;
    } catch (error) {
      const refused = error instanceof DomainError || error instanceof StaleRevision;
      report(error instanceof WrongExpectedRevision ? 'conflict' : refused ? 'refused' : 'error');
      throw error;
    }
  }

  private async loadDecideAppend(streamId: string, command: Command, context: CommandContext): Promise<CommandOutcome<Event, State>> {
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.loadFor(streamId, context, attempt === 0 && context.expectNewStream === true);
      const { decided, on } = await this.decide(streamId, command, loaded);
      if (decided.length === 0) return { streamId, events: [], ...on };
      const events = this.withMetadata(decided, context);
      try {
        return { streamId, events, ...(await this.streams.append(streamId, on, events)) };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= this.maxConflictRetries) throw error;
        await conflictBackoff(attempt);
      }
    }
  }

  /** The state to decide on; a caller's If-Match is checked against the stream as stored before it is refused. */
  private async loadFor(streamId: string, context: CommandContext, assumeNew: boolean): Promise<Aggregate<State>> {
    const loaded = await this.streams.load(streamId, { assumeNew });
    const expected = context.expectedRevision;
    if (expected === undefined || expected === loaded.revision) return loaded;
    const stored = await this.streams.load(streamId, { fresh: true });
    if (expected !== stored.revision) throw new StaleRevision(streamId, expected, stored.revision);
    return stored;
  }

  /**
   * A refusal is final only against the stream as stored: an append would
   * catch a stale state, but a refusal appends nothing, and another process's
   * append may not have been noticed yet.
   */
  private async decide(streamId: string, command: Command, loaded: Aggregate<State>): Promise<{ decided: Event[]; on: Aggregate<State> }> {
    try {
      return { decided: this.decider.decide(command, loaded.state), on: loaded };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const stored = await this.streams.load(streamId, { fresh: true });
      if (stored.revision === loaded.revision) throw error;
      return { decided: this.decider.decide(command, stored.state), on: stored };
    }
  }

  private withMetadata(decided: Event[], context: CommandContext): AppendedEvent<Event>[] {
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
}
