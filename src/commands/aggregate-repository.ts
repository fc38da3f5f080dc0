import { Decider, DomainEvent } from '../domain/kernel/decider';
import { EventStore, NewEvent, StoredEvent, StreamNotFound } from '../infrastructure/eventstore/event-store';
import { EventCodec } from '../infrastructure/eventstore/event-decoders';

/** A stream's state, with the revision and global position of its last event (-1 and 0n for none). */
export type Aggregate<State> = { state: State; revision: number; position: bigint };

export type LoadOptions<State> = {
  /** The command creates the stream: answer the initial state without reading (the append's no_stream check catches a mistake). */
  assumeNew?: boolean;
  /** Read what the store holds, however sure a cache is of its state. */
  fresh?: boolean;
  /** A state already known for the stream's first events: only the events after it are read. */
  known?: Aggregate<State>;
};

/** Events as appended: the decider's, with their metadata. */
export type AppendedEvent<Event extends DomainEvent> = Event & { metadata: NewEvent['metadata'] };

/** Where a command handler loads a stream's state from and appends its decisions to. */
export interface AggregateRepository<Event extends DomainEvent, State> {
  load(streamId: string, options?: LoadOptions<State>): Promise<Aggregate<State>>;
  /**
   * Appends the events decided on `from`, expecting the stream still to be
   * at its revision (WrongExpectedRevision when it moved on), and answers the
   * state after them. A repeat of events already stored answers the stream
   * where they landed, with the state of `from`: the decision was not what landed.
   */
  append(streamId: string, from: Aggregate<State>, events: AppendedEvent<Event>[]): Promise<Aggregate<State>>;
}

/** How a repository reads a stream's stored events (see event-decoders.ts). */
export type StreamCodec<Event extends DomainEvent> = Pick<EventCodec<Event>, 'decode' | 'schemaVersionOf'>;

/** For deciders whose events never changed shape: everything is written at version 1 and read as written. */
export const unversioned = <Event extends DomainEvent>(): StreamCodec<Event> => ({
  schemaVersionOf: () => 1,
  decode: (stored) => stored as StoredEvent<Event>,
});

/** A state is the fold of the stream's events: loading reads them, appending folds in the new ones. */
export class EventSourcedRepository<Event extends DomainEvent, State> implements AggregateRepository<Event, State> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
    private readonly codec: StreamCodec<Event> = unversioned(),
  ) {}

  async load(streamId: string, options: LoadOptions<State> = {}): Promise<Aggregate<State>> {
    const from = options.known ?? { state: this.decider.initialState(), revision: -1, position: 0n };
    if (options.assumeNew && !options.known) return from;
    const tail = await this.readTail(streamId, from.revision + 1);
    const last = tail[tail.length - 1];
    if (!last) return from;
    let state = from.state;
    for (const event of tail) state = this.decider.evolve(state, this.codec.decode(event));
    return { state, revision: last.revision, position: last.position };
  }

  async append(streamId: string, from: Aggregate<State>, events: AppendedEvent<Event>[]): Promise<Aggregate<State>> {
    const appended = await this.store.append(streamId, events, { expectedRevision: from.revision < 0 ? 'no_stream' : from.revision });
    const landed = { revision: appended.nextExpectedRevision, position: appended.position };
    if (appended.nextExpectedRevision !== from.revision + events.length) return { state: from.state, ...landed };
    let state = from.state;
    for (const event of events) state = this.decider.evolve(state, event);
    return { state, ...landed };
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
