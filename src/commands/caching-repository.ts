import { DomainEvent } from '../domain/kernel/decider';
import { OtherWriters } from '../infrastructure/eventstore/other-writers';
import { Aggregate, AggregateRepository, AppendedEvent, LoadOptions } from './aggregate-repository';
import { LruCache } from './lru-cache';

/** `marker`: the other-writer marker when the state was known current; null: read the tail before trusting it. */
type Entry<State> = { aggregate: Aggregate<State>; marker: number | null };

export type StreamCacheOptions = {
  /** How many recently used streams keep their state in memory (default 10,000). */
  size?: number;
  /** Where the store can tell which streams other handles appended to; without it every load reads the stream's tail. */
  otherWriters?: OtherWriters;
};

/**
 * Keeps the latest state of recently used streams, so a load reads only the
 * events appended since (by other processes) rather than the whole stream,
 * and nothing at all while the store says no other handle appended to it.
 * A stale state cannot do harm: the append's expected revision refuses it,
 * and the retry reads the tail.
 */
export class CachingRepository<Event extends DomainEvent, State> implements AggregateRepository<Event, State> {
  private readonly cache: LruCache<string, Entry<State>>;
  private readonly otherWriters: OtherWriters | null;
  /** The marker each handed-out state was loaded under: what its successor after an append is current as of. */
  private readonly loadedUnder = new WeakMap<Aggregate<State>, number | null>();

  constructor(
    private readonly inner: AggregateRepository<Event, State>,
    options: StreamCacheOptions = {},
  ) {
    this.cache = new LruCache(options.size ?? 10_000);
    this.otherWriters = options.otherWriters ?? null;
  }

  async load(streamId: string, options: LoadOptions<State> = {}): Promise<Aggregate<State>> {
    const marker = this.marker();
    const cached = this.cache.get(streamId);
    let loaded: Aggregate<State>;
    if (cached && !options.fresh && this.trusted(streamId, cached)) loaded = cached.aggregate;
    else if (cached) {
      loaded = await this.inner.load(streamId, { known: cached.aggregate });
      this.cache.set(streamId, { aggregate: loaded, marker });
    } else {
      loaded = await this.inner.load(streamId, { assumeNew: options.assumeNew === true });
      if (!options.assumeNew) this.cache.set(streamId, { aggregate: loaded, marker });
    }
    this.loadedUnder.set(loaded, marker);
    return loaded;
  }

  async append(streamId: string, from: Aggregate<State>, events: AppendedEvent<Event>[]): Promise<Aggregate<State>> {
    let next: Aggregate<State>;
    try {
      next = await this.inner.append(streamId, from, events);
    } catch (error) {
      this.cache.set(streamId, { aggregate: from, marker: null });
      throw error;
    }
    // A repeat of events stored earlier: the decision was not what landed, so read the stream afresh next time.
    if (next.revision !== from.revision + events.length) this.cache.delete(streamId);
    else this.cache.set(streamId, { aggregate: next, marker: this.loadedUnder.get(from) ?? null });
    return next;
  }

  private marker(): number | null {
    return this.otherWriters?.changeMarker() ?? null;
  }

  private trusted(streamId: string, cached: Entry<State>): boolean {
    return cached.marker !== null && this.otherWriters !== null && !this.otherWriters.appendedElsewhereSince(streamId, cached.marker);
  }
}
