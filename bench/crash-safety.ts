/**
 * Crash safety: `oms serve` on one data folder takes orders, receipts and
 * cancels over HTTP from concurrent clients and is killed with SIGKILL at a
 * random moment, again and again, then restarted on the same data. At the
 * end, after a clean start and the workflow settling, everything the server
 * acknowledged must be there: each 201 order in the log and the read
 * models, each 201 receipt counted once, each 200 cancel applied; no order
 * stuck half-way through the workflow; no reservation held for an order that
 * does not hold it; and `oms verify` (server stopped) finds the read models
 * equal to a rebuild from the log.
 *
 * Used by bench/crash.bench.ts (10 cycles) and the CI test
 * test/reliability/crash-safety.test.ts (3 cycles).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, seededRandom } from './bench-support';
import { Health, jobsIdle, OmsProcess, ROLE_KEYS, runOms, startOms } from './oms-process';

export type CrashSafetyOptions = {
  cycles: number;
  /** Seeds every random choice (kill delays, order contents); printed in the report to replay a run. */
  seed?: number;
  /** The kill comes this long after the server is ready (API answering, background work running). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Concurrent clients placing orders. */
  orderClients?: number;
  /**
   * Lease time to live of the background work: a killed server's leases must
   * run out before the next one runs projections and the process manager, so
   * a short one lets them run (and be killed) in every cycle.
   */
  leaseTtlMs?: number;
  /** How long the workflow may take to finish every order after the last restart. */
  settleTimeoutMs?: number;
  log?: (message: string) => void;
};

export type CrashSafetyReport = {
  bench: 'crash';
  cycles: number;
  acknowledged: number;
  lost: number;
  missingInReadModels: number;
  verify: 'ok' | 'failed';
  restartMs: number;
  cleanStartMs: number;
  restartRatio: number;
  receiptsAcknowledged: number;
  receiptsLost: number;
  receiptsDuplicated: number;
  cancelsAcknowledged: number;
  cancelsLost: number;
  /** Orders (acknowledged or not) still placed or payment_authorized after settling. */
  stuck: number;
  /** Cancelled orders whose payment authorization was never voided. */
  voidsOwed: number;
  /** Stock rows whose on-hand is not the sum of the receipts in the log. */
  stockMismatches: number;
  /** Stock rows whose reserved units are not what the live orders hold there. */
  reservationMismatches: number;
  /** Orders in the log that the orders read model lacks, or the other way round. */
  readModelOrderDifference: number;
  ordersInLog: number;
  eventsInLog: number;
  /** Requests that got no answer: in flight when the server was killed. */
  inFlightAtKill: number;
  /** Answers of 500 or more during the whole run (a 5xx is a bug). */
  serverErrors: number;
  /** Error-level log lines the servers wrote. */
  errorLogs: number;
  cleanStopExitCode: number | null;
  killDelaysMs: number[];
  leaseTtlMs: number;
  seed: number;
  seconds: number;
  /** What went wrong, worded, at most a few of each kind. */
  problems: string[];
};

const KEYS = ROLE_KEYS;
const median = (values: number[]) => percentile(values, 50);

const SKUS = ['SKU-A', 'SKU-B', 'SKU-C', 'SKU-D', 'SKU-E'];
const LOCATIONS = ['wh-1', 'wh-2'];
/** Statuses the workflow moves an order on from by itself: none may remain once it settled. */
const TRANSIENT = new Set(['placed', 'payment_authorized']);
const REQUEST_TIMEOUT_MS = 20_000;
const READY_TIMEOUT_MS = 45_000;

type Answer = { ok: true; status: number; body: any } | { ok: false; error: string };

async function call(base: string, method: string, route: string, key: string, body?: unknown): Promise<Answer> {
  try {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { ok: true, status: response.status, body: parsed };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.message}${error.cause ? `: ${String(error.cause)}` : ''}` : String(error) };
  }
}

/** A request the harness itself needs answered (setup, checks): throws on anything unexpected. */
async function must(base: string, method: string, route: string, key: string, body?: unknown, expected: number[] = [200, 201]): Promise<any> {
  const answer = await call(base, method, route, key, body);
  if (!answer.ok) throw new Error(`${method} ${route}: no answer (${answer.error})`);
  if (!expected.includes(answer.status)) throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
  return answer.body;
}

/** Every item of a paged list. */
async function allPages(base: string, route: string, key: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const separator = route.includes('?') ? '&' : '?';
    const page: { items: any[]; nextCursor: string | null } = await must(
      base,
      'GET',
      `${route}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      key,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, `width` at a time. */
async function eachLimited<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

type Receipt = { reference: string; locationId: string; sku: string; quantity: number };

/** What the clients sent and what the server acknowledged. */
class Ledger {
  readonly orders = new Set<string>();
  readonly receipts: Receipt[] = [];
  readonly cancels = new Set<string>();
  inFlightAtKill = 0;
  readonly serverErrors: string[] = [];
  readonly problems: string[] = [];

  problem(kind: string, text: string) {
    if (this.problems.filter((p) => p.startsWith(kind)).length < 5) this.problems.push(`${kind}: ${text}`);
  }

  /** Files an answer the server gave to a load request; answers whether it was acknowledged with `acknowledged`. */
  answered(answer: Answer, what: string, acknowledged: number): boolean {
    if (!answer.ok) {
      this.inFlightAtKill++;
      return false;
    }
    if (answer.status >= 500) {
      this.serverErrors.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      this.problem('5xx', `${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    return answer.status === acknowledged;
  }
}

/**
 * The clients: they send to whichever server is up, and stop sending (but
 * leave requests in flight) the moment it is killed.
 */
class Load {
  private target: string | null = null;
  private wake: () => void = () => undefined;
  private up = new Promise<void>((resolve) => (this.wake = resolve));
  private stopping = false;
  private readonly workers: Promise<void>[] = [];
  private receiptNumber = 0;

  constructor(
    private readonly ledger: Ledger,
    private readonly random: () => number,
  ) {}

  serveFrom(url: string) {
    this.target = url;
    this.wake();
  }

  pause() {
    this.target = null;
    this.up = new Promise<void>((resolve) => (this.wake = resolve));
  }

  start(orderClients: number) {
    for (let i = 0; i < orderClients; i++) this.workers.push(this.loop((url) => this.placeOrder(url, i)));
    this.workers.push(this.loop((url) => this.receive(url), 40));
    this.workers.push(this.loop((url) => this.cancel(url), 150));
  }

  async stop() {
    this.stopping = true;
    this.wake();
    await Promise.all(this.workers);
  }

  private async loop(step: (url: string) => Promise<void>, pauseMs = 0) {
    while (!this.stopping) {
      const url = this.target;
      if (url === null) {
        await this.up;
        continue;
      }
      await step(url);
      if (pauseMs > 0) await sleep(pauseMs * (0.5 + this.random()));
    }
  }

  private orderBody(client: number) {
    const lines = new Map<string, number>();
    const count = 1 + Math.floor(this.random() * 3);
    while (lines.size < count) lines.set(SKUS[Math.floor(this.random() * SKUS.length)]!, 1 + Math.floor(this.random() * 3));
    // Half the orders name their id, half let the server make one (read from the 201).
    const orderId = this.random() < 0.5 ? randomUUID() : undefined;
    return {
      ...(orderId ? { orderId } : {}),
      channel: 'web',
      customer: { id: `c-${client}-${Math.floor(this.random() * 50)}`, email: 'shopper@example.com', name: 'Shopper' },
      currency: 'USD',
      lines: [...lines].map(([sku, quantity]) => ({ sku, quantity })),
      shippingAddress: { name: 'Shopper', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
      shippingMethod: 'standard',
      payment: { method: 'card', token: 'tok_visa' },
    };
  }

  private async placeOrder(url: string, client: number) {
    const body = this.orderBody(client);
    const key = client % 2 === 0 ? KEYS.admin : KEYS.client;
    const answer = await call(url, 'POST', '/orders', key, body);
    if (!this.ledger.answered(answer, 'POST /orders', 201) || !answer.ok) return;
    const orderId = answer.body?.orderId as unknown;
    if (typeof orderId !== 'string' || (body.orderId && orderId !== body.orderId)) {
      this.ledger.problem('bad 201', `POST /orders answered ${JSON.stringify(answer.body)}`);
      return;
    }
    this.ledger.orders.add(orderId);
  }

  private async receive(url: string) {
    const receipt: Receipt = {
      reference: `rcpt-${++this.receiptNumber}-${randomUUID().slice(0, 8)}`,
      locationId: LOCATIONS[Math.floor(this.random() * LOCATIONS.length)]!,
      sku: SKUS[Math.floor(this.random() * SKUS.length)]!,
      quantity: 1 + Math.floor(this.random() * 8),
    };
    const answer = await call(url, 'POST', '/inventory/receipts', KEYS.warehouse, receipt);
    if (this.ledger.answered(answer, 'POST /inventory/receipts', 201)) this.ledger.receipts.push(receipt);
  }

  private async cancel(url: string) {
    if (this.ledger.orders.size === 0 || this.random() > 0.5) return;
    const candidates = [...this.ledger.orders].slice(-50).filter((id) => !this.ledger.cancels.has(id));
    const orderId = candidates[Math.floor(this.random() * candidates.length)];
    if (!orderId) return;
    const answer = await call(url, 'POST', `/orders/${orderId}/cancel`, KEYS.admin, { reason: 'crash test' });
    if (answer.ok && answer.status === 404) this.ledger.problem('lost', `cancel of acknowledged order ${orderId} answered 404`);
    if (this.ledger.answered(answer, 'POST /orders/{id}/cancel', 200)) this.ledger.cancels.add(orderId);
  }
}


const health = async (url: string): Promise<Health | null> => {
  const answer = await call(url, 'GET', '/health', KEYS.admin);
  return answer.ok && (answer.status === 200 || answer.status === 503) ? (answer.body as Health) : null;
};

const backgroundRunning = (h: Health) =>
  Object.values(h.projections).every((p) => p.leaseHeld && p.state !== 'failed') && h.processManager.leaseHeld && h.processManager.state === 'running';

/** Until the API answers and this server runs the projections and the process manager. */
async function untilReady(server: OmsProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const h = await health(server.baseUrl);
    if (h && backgroundRunning(h)) return;
    if (!server.running) throw new Error(`oms serve exited while starting:\n${server.tail()}`);
    if (Date.now() > deadline) throw new Error(`oms serve not ready within ${READY_TIMEOUT_MS} ms: ${JSON.stringify(h)}\n${server.tail()}`);
    await sleep(50);
  }
}

/**
 * Until the workflow has finished with every order it can finish: the read
 * models and the process manager at the head, no job pending, no order in a
 * transient status, and the head unmoved since the previous look.
 */
async function untilSettled(url: string, timeoutMs: number): Promise<{ settled: boolean; orders: any[] }> {
  const deadline = Date.now() + timeoutMs;
  let previousHead: string | null = null;
  for (;;) {
    const h = await health(url);
    const orders = await allPages(url, '/orders', KEYS.analyst);
    const caughtUp =
      h !== null && h.status === 'ok' && Object.values(h.projections).every((p) => p.lag === 0) && h.processManager.lag === 0 && jobsIdle(h);
    const transient = orders.filter((order) => TRANSIENT.has(order.status));
    if (caughtUp && transient.length === 0 && h.eventStore.head === previousHead) return { settled: true, orders };
    if (Date.now() > deadline) return { settled: false, orders };
    previousHead = h?.eventStore.head ?? null;
    await sleep(300);
  }
}

type LogScan = {
  events: number;
  placed: Set<string>;
  cancelled: Set<string>;
  receiptsByReference: Map<string, number>;
  receivedByRow: Map<string, number>;
};

async function scanLog(url: string): Promise<LogScan> {
  const scan: LogScan = { events: 0, placed: new Set(), cancelled: new Set(), receiptsByReference: new Map(), receivedByRow: new Map() };
  let after = '0';
  for (;;) {
    const page: { items: any[]; nextCursor: string | null } = await must(url, 'GET', `/audit/events?after=${after}&limit=500`, KEYS.auditor);
    for (const event of page.items) {
      scan.events++;
      if (event.type === 'OrderPlaced') scan.placed.add(String(event.streamId).slice('order-'.length));
      if (event.type === 'OrderCancelled') scan.cancelled.add(String(event.streamId).slice('order-'.length));
      if (event.type === 'StockReceived') {
        const { reference, locationId, sku, quantity } = event.data as Receipt;
        scan.receiptsByReference.set(reference, (scan.receiptsByReference.get(reference) ?? 0) + 1);
        const row = `${locationId}/${sku}`;
        scan.receivedByRow.set(row, (scan.receivedByRow.get(row) ?? 0) + quantity);
      }
    }
    if (!page.nextCursor || page.items.length === 0) return scan;
    after = page.nextCursor;
  }
}

export async function runCrashSafety(options: CrashSafetyOptions): Promise<CrashSafetyReport> {
  const started = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seededRandom(seed).next;
  const log = options.log ?? (() => undefined);
  const minDelay = options.minDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 1500;
  const leaseTtlMs = options.leaseTtlMs ?? 1000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-crash-'));
  const ledger = new Ledger();
  const load = new Load(ledger, random);
  const servers: OmsProcess[] = [];
  const killDelaysMs: number[] = [];
  /** Milliseconds from spawning `oms serve` to its API listening, for each start after a SIGKILL. */
  const restartsMs: number[] = [];
  const startServer = async (afterKill: boolean) => {
    const started = Date.now();
    const server = await startOms({ dataDir, leaseTtlMs, readyTimeoutMs: READY_TIMEOUT_MS });
    if (afterKill) restartsMs.push(Date.now() - started);
    servers.push(server);
    return server;
  };

  try {
    log(`crash safety: seed ${seed}, ${options.cycles} cycles, data in ${dataDir}`);
    let server = await startServer(false);
    await untilReady(server);
    for (const [index, locationId] of LOCATIONS.entries()) {
      await must(server.baseUrl, 'PUT', `/locations/${locationId}`, KEYS.admin, {
        name: locationId,
        kind: 'warehouse',
        priority: index + 1,
        address: { country: 'US', postalCode: `6270${index}` },
      });
    }
    for (const [index, sku] of SKUS.entries()) {
      await must(server.baseUrl, 'PUT', `/products/${sku}`, KEYS.admin, { name: sku, unitPrice: 1000 + index * 250, currency: 'USD' });
    }

    load.serveFrom(server.baseUrl);
    load.start(options.orderClients ?? 6);
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      if (cycle > 1) {
        server = await startServer(true);
        load.serveFrom(server.baseUrl); // clients send as soon as it listens; the kill timer waits for the background work
        await untilReady(server);
      }
      const delay = Math.round(minDelay + random() * (maxDelay - minDelay));
      killDelaysMs.push(delay);
      await sleep(delay);
      load.pause();
      await server.kill();
      log(`  cycle ${cycle}: killed ${delay} ms after ready; ${ledger.orders.size} orders, ${ledger.receipts.length} receipts, ${ledger.cancels.size} cancels acknowledged so far`);
    }
    await load.stop();

    log('final start: settling');
    server = await startServer(true);
    await untilReady(server);
    const settleTimeoutMs = options.settleTimeoutMs ?? 90_000;
    const { settled, orders } = await untilSettled(server.baseUrl, settleTimeoutMs);
    const stuckOrders = orders.filter((order) => TRANSIENT.has(order.status));
    if (!settled) ledger.problem('not settled', `after ${settleTimeoutMs} ms; ${stuckOrders.length} orders in a transient status`);
    for (const order of stuckOrders) ledger.problem('stuck', `order ${order.orderId} is still ${order.status}`);
    const unvoided = orders.filter((order) => order.status === 'cancelled' && order.payment.status === 'authorized');
    for (const order of unvoided) ledger.problem('void owed', `cancelled order ${order.orderId} still holds its payment authorization`);

    log('checking the log and the read models');
    const scan = await scanLog(server.baseUrl);
    let lost = 0;
    let missingInReadModels = 0;
    let cancelsLost = 0;
    const acknowledged = [...ledger.orders];
    await eachLimited(acknowledged, 8, async (orderId) => {
      const history = await call(server.baseUrl, 'GET', `/orders/${orderId}/history`, KEYS.auditor);
      const inHistory = history.ok && history.status === 200 && history.body.events?.[0]?.type === 'OrderPlaced';
      if (!inHistory || !scan.placed.has(orderId)) {
        lost++;
        ledger.problem('lost', `acknowledged order ${orderId} is not in the log (history answered ${history.ok ? history.status : history.error})`);
      }
      const view = await call(server.baseUrl, 'GET', `/orders/${orderId}`, KEYS.analyst);
      if (!view.ok || view.status !== 200) {
        missingInReadModels++;
        ledger.problem('missing in read models', `acknowledged order ${orderId}: GET answered ${view.ok ? view.status : view.error}`);
      } else if (ledger.cancels.has(orderId) && view.body.status !== 'cancelled') {
        ledger.problem('cancel not applied', `order ${orderId} is ${view.body.status} after an acknowledged cancel`);
      }
    });
    for (const orderId of ledger.cancels) {
      if (!scan.cancelled.has(orderId)) {
        cancelsLost++;
        ledger.problem('cancel lost', `acknowledged cancel of ${orderId} is not in the log`);
      }
    }

    const readModelIds = new Set(orders.map((order) => order.orderId as string));
    const onlyInLog = [...scan.placed].filter((id) => !readModelIds.has(id));
    const onlyInReadModel = [...readModelIds].filter((id) => !scan.placed.has(id));
    for (const id of onlyInLog) ledger.problem('read model', `order ${id} is in the log but not in the orders read model`);
    for (const id of onlyInReadModel) ledger.problem('read model', `order ${id} is in the orders read model but not in the log`);

    let receiptsLost = 0;
    let receiptsDuplicated = 0;
    const acknowledgedByRow = new Map<string, number>();
    for (const receipt of ledger.receipts) {
      const count = scan.receiptsByReference.get(receipt.reference) ?? 0;
      if (count === 0) receiptsLost++;
      if (count > 1) receiptsDuplicated++;
      if (count !== 1) ledger.problem('receipt', `acknowledged receipt ${receipt.reference} is in the log ${count} times`);
      const row = `${receipt.locationId}/${receipt.sku}`;
      acknowledgedByRow.set(row, (acknowledgedByRow.get(row) ?? 0) + receipt.quantity);
    }

    // Units reserved at each row, as the live orders (not cancelled) hold them; nothing ships here.
    const heldByRow = new Map<string, number>();
    for (const order of orders) {
      if (order.status === 'cancelled') continue;
      for (const line of order.lines) {
        for (const allocation of line.allocated) {
          const row = `${allocation.locationId}/${line.sku}`;
          heldByRow.set(row, (heldByRow.get(row) ?? 0) + allocation.quantity);
        }
      }
    }
    let stockMismatches = 0;
    let reservationMismatches = 0;
    const rows = await allPages(server.baseUrl, '/inventory', KEYS.analyst);
    const seen = new Set<string>();
    for (const level of rows) {
      const row = `${level.locationId}/${level.sku}`;
      seen.add(row);
      const received = scan.receivedByRow.get(row) ?? 0;
      if (level.onHand !== received || level.onHand < (acknowledgedByRow.get(row) ?? 0)) {
        stockMismatches++;
        ledger.problem('stock', `${row}: on hand ${level.onHand}, received in the log ${received}, acknowledged ${acknowledgedByRow.get(row) ?? 0}`);
      }
      if (level.reserved !== (heldByRow.get(row) ?? 0)) {
        reservationMismatches++;
        ledger.problem('reservations', `${row}: reserved ${level.reserved}, held by live orders ${heldByRow.get(row) ?? 0}`);
      }
    }
    for (const row of new Set([...acknowledgedByRow.keys(), ...heldByRow.keys()])) {
      if (seen.has(row)) continue;
      stockMismatches++;
      ledger.problem('stock', `${row}: no inventory row, though receipts were acknowledged or orders hold units there`);
    }

    const errorLogs = servers.flatMap((s) => s.errors());
    for (const line of errorLogs) ledger.problem('error log', JSON.stringify(line).slice(0, 400));

    log('clean stop, then oms verify');
    const stopped = await server.stop();
    const verify = await runOms(['verify'], { dataDir, timeoutMs: 120_000 });
    if (verify.code !== 0) ledger.problem('verify', `exit ${verify.code}: ${verify.stdout.slice(0, 2000)}${verify.stderr.slice(0, 1000)}`);

    // The ceiling for recovery: the same data folder started after a clean stop.
    const cleanStart = Date.now();
    const clean = await startServer(false);
    const cleanStartMs = Date.now() - cleanStart;
    await clean.stop();
    const restartMs = median(restartsMs);

    return {
      bench: 'crash',
      cycles: options.cycles,
      acknowledged: acknowledged.length,
      lost,
      missingInReadModels,
      verify: verify.code === 0 ? 'ok' : 'failed',
      /** Median time from spawn to listening after a SIGKILL, against a start after a clean stop on the same data. */
      restartMs,
      cleanStartMs,
      restartRatio: Math.round((cleanStartMs / restartMs) * 100) / 100,
      receiptsAcknowledged: ledger.receipts.length,
      receiptsLost,
      receiptsDuplicated,
      cancelsAcknowledged: ledger.cancels.size,
      cancelsLost,
      stuck: stuckOrders.length,
      voidsOwed: unvoided.length,
      stockMismatches,
      reservationMismatches,
      readModelOrderDifference: onlyInLog.length + onlyInReadModel.length,
      ordersInLog: scan.placed.size,
      eventsInLog: scan.events,
      inFlightAtKill: ledger.inFlightAtKill,
      serverErrors: ledger.serverErrors.length,
      errorLogs: errorLogs.length,
      cleanStopExitCode: stopped.code,
      killDelaysMs,
      leaseTtlMs,
      seed,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      problems: ledger.problems,
    };
  } finally {
    await load.stop();
    await Promise.all(servers.map((s) => s.kill()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
