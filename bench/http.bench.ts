/**
 * HTTP benchmark: POST /orders on the full server (openOms + createHttpApp +
 * oms.start(): projections, process manager and jobs running, real
 * validation, durable append), each request a distinct valid order, against
 * the ceiling of the same middleware stack (createApp with the same keys,
 * rate limiter and idempotency guard) on a route that answers 201 with a
 * constant. Same connections, same duration, same machine, one run: first
 * as fast as each answers, then, on fresh servers, paced to OFFERED_LOAD
 * requests a second (the latency a client sees at a load the server carries;
 * at saturation a closed loop's latency is its connections over its rate,
 * whatever the route).
 *
 * Each server runs in a child process of its own, so the load generator
 * (autocannon, in this process) does not share an event loop with it.
 * A third run, the same app without the background workers started
 * ('write-path'), tells what a request costs apart from the work it sets off.
 * OMS_BENCH_PROFILE=<dir> makes each server write V8 CPU profiles to <dir>/<kind>.
 */
import autocannon from 'autocannon';
import { fork, ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '../src/config';
import { createHttpApp } from '../src/composition/http-app';
import { openOms } from '../src/composition/oms';
import { openServing } from '../src/composition/serving';
import { createApp } from '../src/http/app';
import { ApiKeyRing } from '../src/http/auth/api-key-ring';
import { IdempotencyGuard } from '../src/http/idempotency/idempotency-guard';
import { RequestLimits } from '../src/http/request-limits';
import { defineRoute } from '../src/http/route';
import { log, percentile, report, round, scratchDir } from './bench-support';
import { postJson, sendOnSchedule } from './open-loop';

const CONNECTIONS = 50;
const DURATION_SECONDS = 10;
/** Requests a second in the paced run: latency at a load the server carries, not at saturation. */
const OFFERED_LOAD = 400;
const PACED_WARMUP_SECONDS = 5;
const WARMUP_SECONDS = 2;
const PRODUCTS = 20;
const LOCATION = 'wh-bench';
const STOCK_PER_SKU = 1_000_000;
const CLIENT_KEY = 'bench-client-key-0001-0123456789';
const ADMIN_KEY = 'bench-admin-key-0001-0123456789';
const KEYS = `${CLIENT_KEY}:client,${ADMIN_KEY}:admin,bench-warehouse-key-0001-0123456789:warehouse`;
const UNLIMITED = { OMS_RATE_LIMIT_PER_MINUTE: '100000000', OMS_AUTH_FAILURES_PER_MINUTE: '100000000' };

type ServerKind = 'full' | 'write-path' | 'ceiling';
type ServerMessage = { ready: { port: number } } | { stats: { head: string; ordersPlaced: number } };

const skus = Array.from({ length: PRODUCTS }, (_, i) => `BENCH-${String(i + 1).padStart(2, '0')}`);

// ---------------------------------------------------------------- servers (child processes)

async function runServer(kind: ServerKind): Promise<void> {
  // One key sends every order: the limits are set out of the way, the benchmark measures the write path.
  const env = { OMS_DATA_DIR: scratchDir(`http-${kind}`), OMS_LOG_LEVEL: 'silent', OMS_API_KEYS: KEYS, ...UNLIMITED };
  // 'full' runs exactly what `oms serve` runs (openServing). 'write-path' is the app without the
  // background work: a diagnostic that splits what a request costs from what the workers it sets off cost.
  const serving = kind === 'full' ? await openServing(loadConfig(env), env, { keys: ApiKeyRing.parse(KEYS) }) : null;
  const oms = serving?.oms ?? (await openOms({ config: loadConfig(env), keys: ApiKeyRing.parse(KEYS) }));
  const app = kind === 'ceiling' ? await ceilingApp(oms) : (serving?.app ?? (await createHttpApp(oms)).app);
  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  if (kind !== 'ceiling') await seed(port);

  process.on('message', async (message: string) => {
    if (message === 'stats') {
      const head = await oms.events.headPosition();
      process.send!({ stats: { head: head.toString(), ordersPlaced: await countOrdersPlaced(oms, head) } } satisfies ServerMessage);
    }
    if (message === 'stop') {
      server.closeAllConnections();
      server.close();
      await oms.close();
      process.exit(0);
    }
  });
  process.send!({ ready: { port } } satisfies ServerMessage);
}

/** OrderPlaced events in the log up to `head`: what was durably appended, whatever the answers said. */
async function countOrdersPlaced(oms: Awaited<ReturnType<typeof openOms>>, head: bigint): Promise<number> {
  let count = 0;
  for (let after = 0n; after < head; ) {
    const page = await oms.events.readAll({ after, maxCount: 10_000 });
    if (page.length === 0) break;
    count += page.filter((event) => event.type === 'OrderPlaced' && event.position <= head).length;
    after = page[page.length - 1]!.position;
  }
  return count;
}

/** The same createApp, keys, rate limiter and idempotency guard as createHttpApp, over one constant route. */
async function ceilingApp(oms: Awaited<ReturnType<typeof openOms>>) {
  await oms.documents.ensureCollections(IdempotencyGuard.collections);
  const constant = { orderId: '00000000-0000-7000-8000-000000000000', status: 'placed', onHold: false, revision: 0, position: '1' };
  return createApp({
    routes: [
      defineRoute({
        method: 'post',
        path: '/orders',
        summary: 'Constant answer (benchmark ceiling)',
        tag: 'Bench',
        roles: ['client', 'admin'],
        body: z.unknown(),
        success: { status: 201, description: 'Constant' },
        handle: async () => ({ status: 201, body: constant, headers: { ETag: '"0"', 'OMS-Position': '1' } }),
      }),
    ],
    keys: oms.keys,
    logger: oms.logger.child({ component: 'http' }),
    metrics: oms.metrics,
    limits: new RequestLimits(
      { perKeyPerMinute: oms.config.OMS_RATE_LIMIT_PER_MINUTE, authFailuresPerMinute: oms.config.OMS_AUTH_FAILURES_PER_MINUTE },
      oms.logger,
    ),
    idempotency: new IdempotencyGuard(oms.documents),
    readModels: oms.projections,
  });
}

/** 20 products, one location, plenty of stock for every SKU, through the API. */
async function seed(port: number): Promise<void> {
  const call = async (method: string, path: string, key: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  await call('PUT', `/locations/${LOCATION}`, ADMIN_KEY, {
    name: 'Bench warehouse',
    kind: 'warehouse',
    priority: 1,
    address: { country: 'US', postalCode: '62701' },
  });
  for (const [i, sku] of skus.entries()) {
    await call('PUT', `/products/${sku}`, ADMIN_KEY, { name: `Product ${i + 1}`, unitPrice: 500 + i * 100, currency: 'USD' });
    await call('POST', '/inventory/receipts', ADMIN_KEY, { locationId: LOCATION, sku, quantity: STOCK_PER_SKU });
  }
}

// ---------------------------------------------------------------- load (this process)

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** A distinct valid order: its own orderId, one to three lines, catalog prices. */
const orderJson = (): string => {
  const first = Math.floor(Math.random() * PRODUCTS);
  const lines = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, (_, i) => ({
    sku: skus[(first + i) % PRODUCTS]!,
    quantity: 1 + Math.floor(Math.random() * 3),
  }));
  return JSON.stringify({
    orderId: randomUUID(),
    channel: pick(['web', 'marketplace', 'phone']),
    customer: { id: `c-${Math.floor(Math.random() * 5000)}`, email: 'buyer@example.com', name: 'Buyer' },
    currency: 'USD',
    lines,
    shippingAddress: { name: 'Buyer', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    shippingMethod: pick(['standard', 'express']),
    payment: { method: 'card', token: 'tok_visa' },
  });
};

async function startServer(kind: ServerKind): Promise<{ child: ChildProcess; port: number }> {
  // OMS_BENCH_PROFILE=<dir>: each server writes V8 CPU profiles to <dir>/<kind> when it stops, one per
  // thread (the event writer runs in a worker): Node's default names keep them apart, one --cpu-prof-name would not.
  const profile = process.env.OMS_BENCH_PROFILE;
  const execArgv = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profile, kind)}`] : [];
  const child = fork(__filename, ['serve', kind], { stdio: ['ignore', 2, 2, 'ipc'], execArgv });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.on('message', (message: ServerMessage) => {
      if ('ready' in message) resolve(message.ready.port);
    });
  });
  return { child, port };
}

const ask = (child: ChildProcess): Promise<{ head: bigint; ordersPlaced: number }> =>
  new Promise((resolve) => {
    const onMessage = (message: ServerMessage) => {
      if ('stats' in message) {
        child.off('message', onMessage);
        resolve({ head: BigInt(message.stats.head), ordersPlaced: message.stats.ordersPlaced });
      }
    };
    child.on('message', onMessage);
    child.send('stats');
  });

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
  });

const fire = (port: number, seconds: number): Promise<autocannon.Result> =>
  autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/orders',
        headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: orderJson() }),
      },
    ],
  });

async function measure(kind: ServerKind) {
  const { child, port } = await startServer(kind);
  log(`${kind}: warming up ${WARMUP_SECONDS}s on port ${port}`);
  await fire(port, WARMUP_SECONDS);
  const before = await ask(child);
  log(`${kind}: ${CONNECTIONS} connections, ${DURATION_SECONDS}s`);
  const result = await fire(port, DURATION_SECONDS);
  const after = await ask(child);
  await stop(child);
  const perSecond = result['2xx'] / result.duration;
  log(
    `  ${Math.round(perSecond).toLocaleString()} 201/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
  );
  return { result, perSecond, appended: Number(after.head - before.head), ordersPlaced: after.ordersPlaced - before.ordersPlaced };
}

/**
 * On a server of its own: a run at saturation leaves the background threads
 * a backlog of orders to allocate for many seconds, which a paced run after
 * it would measure instead. Warmed up at the same pace first.
 */
async function measurePaced(kind: ServerKind) {
  const { child, port } = await startServer(kind);
  const paced = (seconds: number) =>
    sendOnSchedule({
      count: seconds * OFFERED_LOAD,
      perSecond: OFFERED_LOAD,
      sockets: CONNECTIONS,
      send: (_, agent) => postJson(`http://127.0.0.1:${port}/orders`, agent, CLIENT_KEY, orderJson()),
    });
  log(`${kind}: warming up ${PACED_WARMUP_SECONDS}s at ${OFFERED_LOAD} requests a second on port ${port}`);
  await paced(PACED_WARMUP_SECONDS);
  log(`${kind}: ${OFFERED_LOAD} requests a second, each sent at its planned instant, over at most ${CONNECTIONS} connections, ${DURATION_SECONDS}s`);
  const latencies = await paced(DURATION_SECONDS);
  await stop(child);
  const result = { p50: round(percentile(latencies, 50), 1), p99: round(percentile(latencies, 99), 1) };
  log(`  p50 ${result.p50} ms, p99 ${result.p99} ms`);
  return result;
}

async function main() {
  const ceiling = await measure('ceiling');
  const full = await measure('full');
  const writePath = await measure('write-path');
  const ceilingPaced = await measurePaced('ceiling');
  const fullPaced = await measurePaced('full');
  // Every 201 must be a durable OrderPlaced (the log may hold a few more: requests still in flight when a run ended).
  for (const [name, run] of [['full', full], ['write-path', writePath]] as const) {
    if (run.ordersPlaced < run.result['2xx']) log(`  WARNING (${name}): ${run.result['2xx']} answered 201, only ${run.ordersPlaced} OrderPlaced in the log`);
  }
  report({
    bench: 'http',
    ordersPerSecond: Math.round(full.perSecond),
    ceilingPerSecond: Math.round(ceiling.perSecond),
    ratio: round(full.perSecond / ceiling.perSecond),
    p99Ms: full.result.latency.p99,
    p50Ms: full.result.latency.p50,
    ceilingP99Ms: ceiling.result.latency.p99,
    orders: full.result['2xx'],
    ordersInLog: full.ordersPlaced,
    non2xx: full.result.non2xx + ceiling.result.non2xx,
    errors: full.result.errors + ceiling.result.errors,
    eventsAppendedPerOrder: round(full.appended / Math.max(1, full.result['2xx'])),
    offeredLoad: OFFERED_LOAD,
    p50MsAtOfferedLoad: fullPaced.p50,
    p99MsAtOfferedLoad: fullPaced.p99,
    ceilingP99MsAtOfferedLoad: ceilingPaced.p99,
    writePathPerSecond: Math.round(writePath.perSecond),
    writePathP99Ms: writePath.result.latency.p99,
    connections: CONNECTIONS,
    durationSeconds: DURATION_SECONDS,
  });
}

if (process.argv[2] === 'serve') {
  void runServer(process.argv[3] as ServerKind);
} else {
  void main();
}
