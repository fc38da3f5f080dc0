/**
 * Workflow benchmark: orders placed over HTTP on the embedded default until
 * each is allocated or backordered by the process manager, first as fast as
 * the API takes them (throughput), then on a fixed schedule of OFFERED_LOAD
 * orders a second (latency at a load the server is meant to carry, from its
 * start and once warm), and the race of 40 one-unit orders for 10 units.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../src/config';
import { fork } from 'node:child_process';
import path from 'node:path';
import { foldEvents } from '../src/domain/kernel/decider';
import { StockEvent, stockDecider } from '../src/domain/stock';
import { DocumentStore } from '../src/infrastructure/documents/document-store';
import { EventStore } from '../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../src/infrastructure/eventstore/sqlite-event-store';
import { openServing } from '../src/composition/serving';
import { ApiKeyRing } from '../src/http/auth/api-key-ring';
import { log, percentile, report, round, scratchDir } from './bench-support';
import { postJson, sendOnSchedule } from './open-loop';

const ORDERS = 5_000;
const SKUS = 50;
const LOCATIONS = ['wh-east', 'wh-west', 'store-chicago'];
const CONNECTIONS = 50;
/** Orders a second in the open-loop run, and how many it places. */
const OFFERED_LOAD = 400;
const OFFERED_ORDERS = 4_000;
const OPEN_LOOP_SOCKETS = 200;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
/** How often this process looks for the server's commits in the log it watches. */
const WATCH_EVERY_MS = 2;

type Server = {
  url: string;
  events: SqliteEventStore;
  /** CPU time the server process has used (µs, every thread of it), once all it was handed is done (see settledCpuMicros). */
  cpuMicros: () => Promise<number>;
  close: () => Promise<void>;
};

/**
 * The server runs as `oms serve` does (API on the main thread, background
 * work on its own thread) in a child process, so the load generator here
 * does not share its event loop. This process watches the server's event
 * store file to time each order's allocation.
 */
async function startServer(name: string): Promise<Server> {
  const dataDir = scratchDir(name);
  const child = fork(__filename, ['--serve', dataDir], { stdio: ['ignore', 2, 2, 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.once('message', (message: { port: number }) => resolve(message.port));
  });
  // Looked at every few milliseconds: the file watcher alone tells a process of another's commit
  // some 20 ms late (see other-writer-watch.ts), which would count as the server's latency.
  const events = new SqliteEventStore({ filename: path.join(dataDir, 'events.db'), crossProcessCheckMs: WATCH_EVERY_MS });
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    cpuMicros: () =>
      new Promise((resolve) => {
        child.once('message', (message: { cpuMicros: number }) => resolve(message.cpuMicros));
        child.send('cpu');
      }),
    close: async () => {
      await events.close();
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function serveInChild(dataDir: string) {
  // One key places every order: the limits are set out of the way.
  const env = { OMS_DATA_DIR: dataDir, OMS_LOG_LEVEL: 'silent', OMS_RATE_LIMIT_PER_MINUTE: '100000000', OMS_AUTH_FAILURES_PER_MINUTE: '100000000' };
  const serving = await openServing(loadConfig(env), env, { keys: ApiKeyRing.parse(`${ADMIN_KEY}:admin`) });
  const server = http.createServer(serving.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send!({ port: (server.address() as AddressInfo).port });
  process.on('message', (message) => {
    if (message === 'cpu') void settledCpuMicros(serving.oms).then((cpuMicros) => process.send!({ cpuMicros }));
  });
  process.once('SIGTERM', () => {
    server.close(async () => {
      await serving.close();
      process.exit(0);
    });
    server.closeAllConnections();
  });
}

/**
 * The CPU time used so far, taken once every log follower (projections,
 * process manager, webhooks) has checkpointed the log's last event: work
 * still queued behind the allocations would otherwise go uncounted, and a
 * build that only put work off would look cheaper.
 */
async function settledCpuMicros(oms: { events: EventStore; documents: DocumentStore }): Promise<number> {
  for (;;) {
    const checkpoints = Object.values(await oms.documents.listCheckpoints());
    const lowest = checkpoints.reduce((min, position) => (position < min ? position : min), checkpoints[0] ?? 0n);
    if (checkpoints.length > 0 && (await oms.events.readAll({ after: lowest, maxCount: 1 })).length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { user, system } = process.cpuUsage();
  return user + system;
}

const call = async (server: Server, method: string, path: string, body: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ orderId?: string }>;
};

async function stockTheStore(server: Server, skus: number, unitsPerLocation: number) {
  for (const [index, locationId] of LOCATIONS.entries()) {
    await call(server, 'PUT', `/locations/${locationId}`, {
      name: locationId,
      kind: locationId.startsWith('store') ? 'store' : 'warehouse',
      priority: index + 1,
      address: { country: 'US', postalCode: `${10001 + index * 30000}` },
    });
  }
  for (let s = 0; s < skus; s++) {
    await call(server, 'PUT', `/products/SKU-${s}`, { name: `Product ${s}`, unitPrice: 500 + s * 10, currency: 'USD' });
    if (unitsPerLocation === 0) continue;
    for (const locationId of LOCATIONS) {
      await call(server, 'POST', '/inventory/receipts', { locationId, sku: `SKU-${s}`, quantity: unitsPerLocation });
    }
  }
}

const orderBody = (lines: { sku: string; quantity: number }[]) => ({
  orderId: uuidv7(),
  channel: 'web',
  customer: { id: `c-${Math.floor(Math.random() * 1000)}`, email: 'shopper@example.com', name: 'Shopper' },
  currency: 'USD',
  lines,
  shippingAddress: { name: 'Shopper', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
  shippingMethod: 'standard',
  payment: { method: 'card', token: 'tok_visa' },
});

/** Watches the log for each order's first allocation outcome (allocated or backordered). */
function watchAllocations(events: SqliteEventStore, expected: number, after = 0n) {
  const settledAt = new Map<string, number>();
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const subscription = events.subscribe({ after, batchSize: 1000 });
  void (async () => {
    for await (const batch of subscription) {
      const now = performance.now();
      for (const event of batch) {
        if ((event.type === 'InventoryAllocated' || event.type === 'LinesBackordered') && !settledAt.has(event.streamId)) {
          settledAt.set(event.streamId, now);
        }
      }
      if (settledAt.size >= expected) resolveAll();
    }
  })();
  return { settledAt, all, stop: () => subscription.close() };
}

/**
 * Closed loop over `connections` kept-alive sockets of the plain http client:
 * fetch's web streams cost this process about as much CPU as a server
 * thread, and it shares the machine's cores with the server it measures.
 */
async function placeConcurrently(server: Server, bodies: ReturnType<typeof orderBody>[], connections: number, onPlaced: (orderId: string, startedAt: number) => void) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  let next = 0;
  let placed = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const startedAt = performance.now();
        await postJson(`${server.url}/orders`, agent, ADMIN_KEY, body);
        onPlaced(body.orderId, startedAt);
        if (++placed % 1000 === 0) log(`  placed ${placed.toLocaleString()} / ${bodies.length.toLocaleString()}`);
      }
    }),
  );
  agent.destroy();
}

/** Orders of one to three lines, one or two units each, over the SKUS products from `firstSku` on. */
const randomOrders = (count: number, firstSku = 0) =>
  Array.from({ length: count }, () => {
    const lines = new Map<string, number>();
    const lineCount = 1 + Math.floor(Math.random() * 3);
    while (lines.size < lineCount) lines.set(`SKU-${firstSku + Math.floor(Math.random() * SKUS)}`, 1 + Math.floor(Math.random() * 2));
    return orderBody([...lines].map(([sku, quantity]) => ({ sku, quantity })));
  });

async function throughput() {
  const server = await startServer('workflow');
  log(`setup: ${LOCATIONS.length} locations, ${SKUS} SKUs`);
  await stockTheStore(server, SKUS, 40);
  const bodies = randomOrders(ORDERS);
  const watcher = watchAllocations(server.events, ORDERS);
  const placedAt = new Map<string, number>();
  log(`placing ${ORDERS.toLocaleString()} orders over ${CONNECTIONS} connections`);
  const cpuBefore = await server.cpuMicros();
  const started = performance.now();
  await placeConcurrently(server, bodies, CONNECTIONS, (orderId, at) => placedAt.set(`order-${orderId}`, at));
  const placedSeconds = (performance.now() - started) / 1000;
  await watcher.all;
  const seconds = (performance.now() - started) / 1000;
  const cpuMsPerOrder = ((await server.cpuMicros()) - cpuBefore) / 1000 / ORDERS;
  await watcher.stop();
  const latencies = [...placedAt].map(([streamId, at]) => watcher.settledAt.get(streamId)! - at);
  await server.close();
  return { seconds, placedSeconds, cpuMsPerOrder, p99: percentile(latencies, 99), p50: percentile(latencies, 50) };
}

/**
 * The open-loop run, twice on one server: first from its start, then again
 * once that run has warmed it (code compiled and optimized, caches filled),
 * as a server that has been carrying this load is. Each run orders its own
 * fifty products, stocked alike, so both meet the same stock.
 */
async function offeredLoad() {
  const server = await startServer('offered-load');
  await stockTheStore(server, 2 * SKUS, 40);
  log(`placing ${OFFERED_ORDERS.toLocaleString()} orders at ${OFFERED_LOAD} a second on a server just started`);
  const coldStart = await openLoopRun(server, randomOrders(OFFERED_ORDERS));
  log(`  p50 ${coldStart.p50.toFixed(1)} ms, p99 ${coldStart.p99.toFixed(1)} ms from placed to allocated or backordered`);
  log(`placing ${OFFERED_ORDERS.toLocaleString()} more at ${OFFERED_LOAD} a second, on the server that run warmed`);
  const warm = await openLoopRun(server, randomOrders(OFFERED_ORDERS, SKUS));
  log(`  p50 ${warm.p50.toFixed(1)} ms, p99 ${warm.p99.toFixed(1)} ms from placed to allocated or backordered`);
  await server.close();
  return { coldStart, warm };
}

async function openLoopRun(server: Server, bodies: ReturnType<typeof orderBody>[]) {
  const watcher = watchAllocations(server.events, bodies.length, await server.events.headPosition());
  const plannedAt = new Map<string, number>();
  await sendOnSchedule({
    count: bodies.length,
    perSecond: OFFERED_LOAD,
    sockets: OPEN_LOOP_SOCKETS,
    send: (index, agent) => postJson(`${server.url}/orders`, agent, ADMIN_KEY, bodies[index]),
    onPlanned: (index, at) => plannedAt.set(`order-${bodies[index]!.orderId}`, at),
  });
  await watcher.all;
  await watcher.stop();
  const latencies = [...plannedAt].map(([streamId, at]) => watcher.settledAt.get(streamId)! - at);
  return { p99: percentile(latencies, 99), p50: percentile(latencies, 50) };
}

async function race() {
  const server = await startServer('race');
  await stockTheStore(server, 1, 0);
  await call(server, 'POST', '/inventory/receipts', { locationId: 'wh-east', sku: 'SKU-0', quantity: 6 });
  await call(server, 'POST', '/inventory/receipts', { locationId: 'wh-west', sku: 'SKU-0', quantity: 4 });
  const watcher = watchAllocations(server.events, 40);
  const bodies = Array.from({ length: 40 }, () => orderBody([{ sku: 'SKU-0', quantity: 1 }]));
  const started = performance.now();
  await Promise.all(bodies.map((body) => call(server, 'POST', '/orders', body)));
  await watcher.all;
  const ms = performance.now() - started;
  await watcher.stop();
  const reservedAt = async (streamId: string) =>
    foldEvents(stockDecider, (await server.events.readStream(streamId)) as unknown as StockEvent[]).reserved;
  const reserved = (await reservedAt('stock-wh-east.SKU-0')) + (await reservedAt('stock-wh-west.SKU-0'));
  await server.close();
  return { ms, reserved };
}

async function main() {
  const result = await throughput();
  log(`  all ${ORDERS} allocated or backordered after ${result.seconds.toFixed(2)} s (placing took ${result.placedSeconds.toFixed(2)} s), ${result.cpuMsPerOrder.toFixed(2)} ms of server CPU an order`);
  const offered = await offeredLoad();
  const contest = await race();
  log(`race: 40 one-unit orders for 10 units settled in ${contest.ms.toFixed(0)} ms, ${contest.reserved} units reserved`);
  report({
    bench: 'workflow',
    orders: ORDERS,
    ordersPerSecond: Math.round(ORDERS / result.seconds),
    placedPerSecond: Math.round(ORDERS / result.placedSeconds),
    serverCpuMsPerOrder: round(result.cpuMsPerOrder, 2),
    p50AllocatedMs: round(result.p50, 1),
    p99AllocatedMs: round(result.p99, 1),
    offeredLoad: OFFERED_LOAD,
    p50AllocatedMsAtOfferedLoad: round(offered.warm.p50, 1),
    p99AllocatedMsAtOfferedLoad: round(offered.warm.p99, 1),
    p50AllocatedMsAtOfferedLoadColdStart: round(offered.coldStart.p50, 1),
    p99AllocatedMsAtOfferedLoadColdStart: round(offered.coldStart.p99, 1),
    raceMs: round(contest.ms, 1),
    raceUnitsReserved: contest.reserved,
  });
}

if (process.argv[2] === '--serve') void serveInChild(process.argv[3]!);
else void main();
