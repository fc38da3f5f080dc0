import { randomUUID } from 'node:crypto';
import {
  ANY,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type AppendResult,
  BACKWARDS,
  AccessDeniedError,
  END,
  EVENT_TYPE,
  type Filter,
  type EventData,
  NO_STREAM,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  type SubscribeToAllOptions,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { EsdbClient } from '../../../src/infrastructure/eventstore/esdb-event-store';

type Row = {
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  data: string;
  metadata: string;
  position: Position;
};

type LiveSubscription = { closed: boolean; dropped: unknown };

/** A server-side filter of $all: on the stream name or the event type, by regex or by prefixes. */
const filterOf = (filter: Filter | undefined) => (row: Row): boolean => {
  if (!filter) return true;
  const subject = filter.filterOn === EVENT_TYPE ? row.type : row.streamId;
  return 'regex' in filter ? new RegExp(filter.regex).test(subject) : filter.prefixes.some((prefix) => subject.startsWith(prefix));
};

/** What old servers sent as "no position" (2^64 - 1). */
const NO_POSITION: Position = { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n };

const compare = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

/**
 * An in-memory stand-in for an EventStoreDB node, for the adapter's logic
 * without a server. It follows the server behaviours the adapter relies on:
 * each appended event at (log position, log position); explicit transactions
 * at (commit record, own prepare); appends checked and answered idempotently
 * as IndexWriter.CheckCommit does; forward $all reads inclusive of their
 * start, backward reads and subscriptions exclusive; stream-not-found raised
 * while iterating a stream read.
 */
export class FakeEsdbServer {
  readonly log: Row[] = [];
  private readonly streams = new Map<string, Row[]>();
  private nextPosition: bigint;
  private readonly live = new Set<LiveSubscription>();
  private wakers: Array<() => void> = [];
  private failingOpens: unknown[] = [];
  /** Old servers answered some appends without a position. */
  appendPositions: 'always' | 'not-when-idempotent' = 'always';
  /** Servers before 22.6 sent no positions on stream reads. */
  streamReadPositions = true;
  /** `throwOnAppendFailure=false` in a connection string. */
  throwOnAppendFailure = true;
  subscriptionsOpened = 0;
  /** The filters $all reads and subscriptions asked for. */
  readonly filtersAsked: Array<Filter | undefined> = [];
  private failingAppends: unknown[] = [];
  /** A secure server whose user (or lack of one) may not read $all. */
  deniesAll = false;
  readonly calls: string[] = [];

  constructor(options: { firstPosition?: bigint } = {}) {
    this.nextPosition = options.firstPosition ?? 1_000n;
  }

  client(): EsdbClient & { disposed: boolean } {
    const server = this;
    const mine = new Set<LiveSubscription>();
    const client = {
      disposed: false,
      appendToStream: async (
        stream: string,
        events: EventData | EventData[],
        options: { streamState?: AppendStreamState } = {},
      ) => server.append(stream, Array.isArray(events) ? events : [events], options.streamState ?? ANY),
      readStream: (stream: string, options?: ReadStreamOptions) => server.readStream(stream, options),
      readAll: (options?: ReadAllOptions) => server.readAll(options),
      subscribeToAll: (options?: SubscribeToAllOptions) => server.subscribeToAll(options, mine),
      dispose: async () => {
        client.disposed = true;
        for (const subscription of mine) subscription.closed = true;
        server.wake();
      },
    };
    return client as unknown as EsdbClient & { disposed: boolean };
  }

  /** Writes what the server writes by itself (metadata, stats, projections): not ours to deliver. */
  writeSystemEvent(streamId = '$$some-stream', type = '$metadata'): void {
    this.write(streamId, [{ id: randomUUID(), type, data: '{}', metadata: '' }]);
  }

  /** A legacy explicit transaction: every event at the commit record's position, each with its own prepare position. */
  writeExplicitTransaction(streamId: string, types: string[]): Position {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const prepares = types.map(() => this.allocate(64n));
    const commit = this.allocate(32n);
    types.forEach((type, i) => {
      const row: Row = {
        streamId,
        revision: BigInt(stream.length),
        id: randomUUID(),
        type,
        data: '{}',
        metadata: JSON.stringify({ eventId: 'tx' }),
        position: { commit, prepare: prepares[i]! },
      };
      stream.push(row);
      this.log.push(row);
    });
    this.wake();
    return { commit, prepare: commit };
  }

  /** Every open subscription fails with `error` (a dropped connection, a leader change). */
  dropSubscriptions(error: unknown): void {
    for (const subscription of this.live) subscription.dropped = error;
    this.live.clear();
    this.wake();
  }

  /** The next subscriptions fail as soon as they are read. */
  failNextSubscriptions(...errors: unknown[]): void {
    this.failingOpens.push(...errors);
  }

  /** The next appends fail with these errors (a leader election, a node down), writing nothing. */
  failNextAppends(...errors: unknown[]): void {
    this.failingAppends.push(...errors);
  }

  private async append(streamName: string, events: EventData[], expected: AppendStreamState): Promise<AppendResult> {
    this.calls.push(`append ${streamName}`);
    await Promise.resolve();
    if (this.failingAppends.length > 0) throw this.failingAppends.shift();
    const rows = this.streams.get(streamName);
    const current = rows ? BigInt(rows.length - 1) : -1n;
    const refuse = (): AppendResult => {
      // with throwOnAppendFailure=false the client answers; its batch append sends BigInt(hasCurrentStreamRevision())
      if (!this.throwOnAppendFailure) return { success: false, nextExpectedRevision: 1n };
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current < 0n ? NO_STREAM : current });
    };
    const ids = events.map((event) => event.id);
    if (!rows) return expected === ANY || expected === NO_STREAM ? this.written(streamName, events) : refuse();
    if (expected === ANY || expected === STREAM_EXISTS) {
      // the recent-event cache: ids of this stream
      const found = ids.map((id) => rows.find((row) => row.id === id));
      if (!found[0]) return this.written(streamName, events);
      if (found.some((row) => !row)) return refuse(); // corrupted idempotency
      return this.idempotent(rows, found[found.length - 1]!.revision);
    }
    const expectedVersion = expected === NO_STREAM ? -1n : expected;
    if (expectedVersion < current) {
      for (const [i, id] of ids.entries()) if (rows[Number(expectedVersion) + 1 + i]?.id !== id) return refuse();
      return this.idempotent(rows, expectedVersion + BigInt(ids.length));
    }
    if (expectedVersion > current) return refuse();
    return this.written(streamName, events);
  }

  private idempotent(rows: Row[], last: bigint): AppendResult {
    const position = this.appendPositions === 'always' ? rows[Number(last)]!.position : undefined;
    return { success: true, nextExpectedRevision: last, ...(position ? { position } : {}) };
  }

  private written(streamName: string, events: EventData[]): AppendResult {
    const rows = this.write(
      streamName,
      events.map((event) => ({
        id: event.id,
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: event.metadata === undefined ? '' : JSON.stringify(event.metadata),
      })),
    );
    const last = rows[rows.length - 1]!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  private write(streamId: string, events: Array<Pick<Row, 'id' | 'type' | 'data' | 'metadata'>>): Row[] {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const rows = events.map((event) => {
      const at = this.allocate(100n + BigInt(event.data.length + event.metadata.length));
      const row: Row = { ...event, streamId, revision: BigInt(stream.length), position: { commit: at, prepare: at } };
      stream.push(row);
      this.log.push(row);
      return row;
    });
    this.wake();
    return rows;
  }

  private allocate(size: bigint): bigint {
    const at = this.nextPosition;
    this.nextPosition += size;
    return at;
  }

  private readStream(streamName: string, options: ReadStreamOptions = {}) {
    this.calls.push(`readStream ${streamName}`);
    const { fromRevision = START, direction, maxCount = Number.MAX_SAFE_INTEGER } = options;
    const server = this;
    async function* read(): AsyncGenerator<ResolvedEvent> {
      await Promise.resolve();
      const stream = server.streams.get(streamName);
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      const count = Number(maxCount);
      let picked: Row[];
      if (direction === BACKWARDS) {
        const from = fromRevision === END || fromRevision === START ? stream.length - 1 : Number(fromRevision);
        picked = stream.slice(0, from + 1).reverse().slice(0, count);
      } else {
        const from = fromRevision === START ? 0 : fromRevision === END ? stream.length : Number(fromRevision);
        picked = stream.slice(from, from + count);
      }
      for (const row of picked) yield server.resolved(row, server.streamReadPositions ? row.position : NO_POSITION);
    }
    return read() as unknown as ReturnType<EsdbClient['readStream']>;
  }

  private readAll(options: ReadAllOptions = {}) {
    this.calls.push('readAll');
    const { fromPosition = START, direction, maxCount = Number.MAX_SAFE_INTEGER, filter } = options;
    const matches = filterOf(filter);
    this.filtersAsked.push(filter);
    const server = this;
    async function* read(): AsyncGenerator<AllStreamResolvedEvent> {
      await Promise.resolve();
      if (server.deniesAll) throw new AccessDeniedError();
      const count = Number(maxCount);
      const before = (row: Row) => fromPosition === END || (fromPosition !== START && compare(row.position, fromPosition) < 0);
      const from = (row: Row) => fromPosition === START || (fromPosition !== END && compare(row.position, fromPosition) >= 0);
      const picked = (direction === BACKWARDS ? server.log.filter(before).reverse() : server.log.filter(from)).filter(matches);
      for (const row of picked.slice(0, count)) yield server.resolved(row, row.position) as AllStreamResolvedEvent;
    }
    return read() as unknown as ReturnType<EsdbClient['readAll']>;
  }

  private subscribeToAll(options: SubscribeToAllOptions = {}, owned: Set<LiveSubscription>) {
    this.subscriptionsOpened++;
    const { fromPosition = START, filter } = options;
    const matches = filterOf(filter);
    this.filtersAsked.push(filter);
    const state: LiveSubscription = { closed: false, dropped: this.failingOpens.shift() ?? null };
    this.live.add(state);
    owned.add(state);
    const server = this;
    async function* follow(): AsyncGenerator<AllStreamResolvedEvent> {
      const after = (row: Row) => fromPosition !== START && fromPosition !== END && compare(row.position, fromPosition) > 0;
      const start = fromPosition === START ? 0 : server.log.findIndex(after);
      let index = fromPosition === END || start < 0 ? server.log.length : start;
      for (;;) {
        if (state.closed) return;
        if (state.dropped) throw state.dropped;
        const row = server.log[index];
        if (!row) {
          await new Promise<void>((resolve) => server.wakers.push(resolve));
          continue;
        }
        index++;
        if (!matches(row)) continue;
        yield server.resolved(row, row.position) as AllStreamResolvedEvent;
      }
    }
    return Object.assign(follow(), {
      unsubscribe: async () => {
        state.closed = true;
        server.live.delete(state);
        server.wake();
      },
    }) as unknown as ReturnType<EsdbClient['subscribeToAll']>;
  }

  private resolved(row: Row, position: Position): ResolvedEvent {
    return {
      event: {
        streamId: row.streamId,
        id: row.id,
        revision: row.revision,
        type: row.type,
        data: JSON.parse(row.data),
        metadata: row.metadata === '' ? undefined : JSON.parse(row.metadata),
        isJson: true,
        created: new Date(0),
        position,
      },
    } as ResolvedEvent;
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}
