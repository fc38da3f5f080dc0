/**
 * Event store benchmark: our append path against raw better-sqlite3, group
 * commit against one commit per event, and command latency on a long stream
 * against a fresh one. Every ratio compares two runs on this machine, now.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { EventSourcedRepository } from '../src/commands/aggregate-repository';
import { CachingRepository } from '../src/commands/caching-repository';
import { CommandHandler } from '../src/commands/command-handler';
import { NewEvent } from '../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../src/infrastructure/eventstore/sqlite-event-store';
import { stockDecider, stockStreamId } from '../src/domain/stock';
import { log, percentile, report, round, scratchDir, timed } from './bench-support';

const BATCHES = 1_000;
const BATCH_SIZE = 100;
const WRITERS = 50;
const GROUP_COMMIT_SECONDS = 3;
const LONG_STREAM_EVENTS = 100_000;
const LATENCY_SAMPLES = 2_000;

const dir = scratchDir('store');
const metadata = () => ({
  eventId: uuidv7(),
  correlationId: uuidv7(),
  causationId: null,
  actor: 'bench',
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
});
const stockReceived = (sku: string, quantity: number): NewEvent => ({
  type: 'StockReceived',
  data: { locationId: 'wh-1', sku, quantity, reference: null, receivedAt: new Date().toISOString() },
  metadata: metadata(),
});

const makeBatches = (): NewEvent[][] =>
  Array.from({ length: BATCHES }, (_, batch) =>
    Array.from({ length: BATCH_SIZE }, (_, i) => stockReceived(`SKU-${batch % 50}`, i + 1)),
  );

async function appendThroughPort(): Promise<number> {
  const store = new SqliteEventStore({ filename: path.join(dir, 'port.db') });
  const batches = makeBatches();
  const { seconds } = await timed(async () => {
    for (const [index, events] of batches.entries()) await store.append(`stock-wh-1.SKU-${index % 50}`, events);
  });
  await store.close();
  return (BATCHES * BATCH_SIZE) / seconds;
}

function insertRaw(): number {
  const db = new Database(path.join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL,
    metadata TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const revisions = new Map<string, number>();
  const rows = makeBatches().map((events, index) => {
    const streamId = `stock-wh-1.SKU-${index % 50}`;
    return events.map((e) => {
      const revision = revisions.get(streamId) ?? 0;
      revisions.set(streamId, revision + 1);
      return [streamId, revision, e.metadata.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)] as const;
    });
  });
  const insertBatch = db.transaction((batch: (typeof rows)[number]) => {
    for (const row of batch) insert.run(...row);
  });
  const start = process.hrtime.bigint();
  for (const batch of rows) insertBatch(batch);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return (BATCHES * BATCH_SIZE) / elapsed;
}

async function singleEventAppendsPerSecond(writers: number, file: string): Promise<number> {
  const store = new SqliteEventStore({ filename: path.join(dir, file) });
  let appended = 0;
  const deadline = Date.now() + GROUP_COMMIT_SECONDS * 1000;
  const { seconds } = await timed(() =>
    Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        while (Date.now() < deadline) {
          await store.append(`stock-wh-1.W-${writer}`, [stockReceived(`W-${writer}`, 1)]);
          appended++;
        }
      }),
    ),
  );
  await store.close();
  return appended / seconds;
}

/** Alternates commands between the two streams so both see the same machine and WAL conditions. */
async function medianCommandLatencies(store: SqliteEventStore, skus: string[]): Promise<number[]> {
  const handler = new CommandHandler(new CachingRepository(new EventSourcedRepository(store, stockDecider), { otherWriters: store }), stockDecider);
  const samples = skus.map(() => [] as number[]);
  for (let i = 0; i < LATENCY_SAMPLES * skus.length; i++) {
    const which = i % skus.length;
    const sku = skus[which]!;
    const { seconds } = await timed(() =>
      handler.handle(
        stockStreamId('wh-1', sku),
        { type: 'ReceiveStock', data: { locationId: 'wh-1', sku, quantity: 1, reference: null, at: new Date().toISOString() } },
        { actor: 'bench', correlationId: uuidv7() },
      ),
    );
    samples[which]!.push(seconds * 1000);
  }
  return samples.map((s) => percentile(s, 50));
}

async function longStreamLatencyRatio(): Promise<{ ratio: number; longMs: number; freshMs: number }> {
  const store = new SqliteEventStore({ filename: path.join(dir, 'long.db') });
  const longStream = stockStreamId('wh-1', 'LONG');
  for (let written = 0; written < LONG_STREAM_EVENTS; written += 1000) {
    await store.append(longStream, Array.from({ length: 1000 }, () => stockReceived('LONG', 1)));
    if (written % 20_000 === 0) log(`  long stream: ${written.toLocaleString()} / ${LONG_STREAM_EVENTS.toLocaleString()} events`);
  }
  const [longMs, freshMs] = (await medianCommandLatencies(store, ['LONG', 'FRESH'])) as [number, number];
  await store.close();
  return { ratio: longMs / freshMs, longMs, freshMs };
}

async function main() {
  log(`append: ${BATCHES} batches of ${BATCH_SIZE} events, port vs raw better-sqlite3`);
  const raw = insertRaw();
  const port = await appendThroughPort();
  log(`  port ${Math.round(port).toLocaleString()} events/s, raw ${Math.round(raw).toLocaleString()} events/s`);

  log(`group commit: ${WRITERS} concurrent single-event writers vs one writer, ${GROUP_COMMIT_SECONDS}s each`);
  const single = await singleEventAppendsPerSecond(1, 'single.db');
  const grouped = await singleEventAppendsPerSecond(WRITERS, 'grouped.db');
  log(`  grouped ${Math.round(grouped).toLocaleString()} appends/s, single ${Math.round(single).toLocaleString()} appends/s`);

  log(`long stream: median ReceiveStock latency at ${LONG_STREAM_EVENTS.toLocaleString()} events vs a fresh stream`);
  const long = await longStreamLatencyRatio();
  log(`  long ${long.longMs.toFixed(3)} ms, fresh ${long.freshMs.toFixed(3)} ms`);

  report({
    bench: 'store',
    appendRatio: round(port / raw),
    portEventsPerSecond: Math.round(port),
    rawEventsPerSecond: Math.round(raw),
    groupCommitSpeedup: round(grouped / single),
    groupedAppendsPerSecond: Math.round(grouped),
    singleAppendsPerSecond: Math.round(single),
    longStreamLatencyRatio: round(long.ratio),
    longStreamMedianMs: round(long.longMs, 3),
    freshStreamMedianMs: round(long.freshMs, 3),
  });
}

void main();
