/**
 * bench/oms-process.ts for jest suites: processes started through
 * trackOmsProcesses take TEST_KEYS (so `'client'`, `'clientWeb'` work as key
 * names) and are killed in afterAll; and, from the test process itself, a
 * writer to a data folder's log and a read-only reader of its read models.
 * Needs a build (`npm test` runs one first; with `npx jest`, run `npm run build`).
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { OmsProcess, OmsProcessOptions } from '../../bench/oms-process';
import { createCommandHandlers } from '../../src/commands/command-handlers';
import { placeOrder } from '../../src/commands/place-order';
import { productStreamId } from '../../src/domain/catalog';
import { locationStreamId } from '../../src/domain/location';
import { stockStreamId } from '../../src/domain/stock';
import { StoredEvent } from '../../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../../src/infrastructure/eventstore/sqlite-event-store';
import { SqlitePaymentSecrets } from '../../src/infrastructure/secrets/sqlite-payment-secrets';
import { TEST_KEYS, TEST_KEYS_SPEC } from './api-app';

export { OmsProcess, runOms, waitUntil } from '../../bench/oms-process';
export type { Health } from '../../bench/oms-process';

/**
 * Every process started through it is killed (SIGKILL) in afterAll, whatever
 * happened to the tests. Call at describe (or file) level.
 */
export function trackOmsProcesses() {
  const started = new Set<OmsProcess>();
  const killAll = async () => {
    await Promise.all([...started].map((p) => p.kill()));
    started.clear();
  };
  afterAll(killAll);
  return {
    /** startOms, remembered for cleanup. */
    async start(options: OmsProcessOptions): Promise<OmsProcess> {
      const oms = new OmsProcess({ keys: { spec: TEST_KEYS_SPEC, byName: TEST_KEYS }, ...options });
      started.add(oms);
      try {
        return await oms.ready();
      } catch (error) {
        await oms.kill();
        throw error;
      }
    },
    /** Starts several at once (they race for the leases). */
    startAll(options: OmsProcessOptions[]): Promise<OmsProcess[]> {
      return Promise.all(options.map((o) => this.start(o)));
    },
    /** The error, with every process's warnings and errors appended: rethrow it from a failing beforeAll. */
    explain(error: unknown): Error {
      const problems = [...started].flatMap((p) => [...p.problems().slice(-30), ...(p.running ? [] : [p.tail(20)])]);
      const base = error instanceof Error ? error : new Error(String(error));
      if (problems.length > 0) base.message += `\n--- what the oms processes logged (warnings and errors):\n${problems.join('\n')}`;
      return base;
    },
    /** SIGKILLs everything still running (also done in afterAll). */
    killAll,
  };
}

// ---- the data folder, from the test process ---------------------------------------------------

/**
 * Appends to a data folder's event log from the test process, through the
 * real command handlers, while `oms` processes run on it. Takes no lease and
 * runs no background work, so it never competes with the processes under
 * test. Close it in afterAll.
 */
export function openLogWriter(dataDir: string) {
  const events = new SqliteEventStore({ filename: path.join(dataDir, 'events.db') });
  const handlers = createCommandHandlers(events, { streamCache: { otherWriters: events } });
  // The processes' own secret store, so the orders placed here are authorized as if POST /orders had placed them.
  const secrets = new SqlitePaymentSecrets(path.join(dataDir, 'payment-secrets.db'), { ttlMs: 3_600_000 });
  const intake = { handlers, secrets, maxOrderTotal: 100_000_000_000, paymentMethods: ['card'] };
  const context = () => ({ actor: 'test:log-writer', correlationId: randomUUID() });
  const at = () => new Date().toISOString();
  return {
    events,
    handlers,
    async defineLocation(locationId: string, priority = 1) {
      await handlers.locations.handle(
        locationStreamId(locationId),
        {
          type: 'DefineLocation',
          data: { locationId, name: `Location ${locationId}`, kind: 'warehouse', priority, address: { country: 'US', postalCode: '62701', region: null, city: null }, active: true, at: at() },
        },
        context(),
      );
    },
    async defineProduct(sku: string, unitPrice = 1000) {
      await handlers.products.handle(
        productStreamId(sku),
        { type: 'DefineProduct', data: { sku, name: `Product ${sku}`, unitPrice, currency: 'USD', active: true, at: at() } },
        context(),
      );
    },
    async receive(locationId: string, sku: string, quantity: number) {
      return handlers.stock.handle(
        stockStreamId(locationId, sku),
        { type: 'ReceiveStock', data: { locationId, sku, quantity, reference: null, at: at() } },
        context(),
      );
    },
    /** Places an order (catalog prices) as POST /orders would; answers its id. */
    async placeOrder(lines: { sku: string; quantity: number }[], orderId: string = randomUUID()) {
      await placeOrder(
        intake,
        {
          orderId,
          channel: 'web',
          externalRef: null,
          customer: { id: `c-${orderId.slice(0, 8)}`, email: 'a@example.com', name: 'A', phone: null },
          currency: 'USD',
          lines,
          shippingAddress: { name: 'A', line1: '1 Main St', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
          shippingMethod: 'standard',
          payment: { method: 'card', token: 'tok_visa' },
          notes: null,
          pricing: 'catalog',
        },
        { ...context(), correlationId: orderId, at: at() },
      );
      return orderId;
    },
    /** Every event in the log, oldest first. */
    async allEvents(): Promise<StoredEvent[]> {
      const all: StoredEvent[] = [];
      for (;;) {
        const page = await events.readAll({ after: all[all.length - 1]?.position ?? 0n, maxCount: 5000 });
        if (page.length === 0) return all;
        all.push(...page);
      }
    },
    head: () => events.headPosition(),
    close: async () => {
      await secrets.close();
      await events.close();
    },
  };
}
export type LogWriter = ReturnType<typeof openLogWriter>;

/**
 * Reads the read-model store of a data folder (read-models.db) on a read-only
 * connection of its own: who holds which lease, where each checkpoint stands,
 * a read-model document. It never writes, so it cannot disturb what it watches.
 */
export function openReadModelsReader(dataDir: string) {
  const db = new Database(path.join(dataDir, 'read-models.db'), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return {
    /** The lease's holder (`host:pid:thread:random`) while it has not expired, else null. */
    leaseHolder(name: string): { holder: string; pid: number; expiresAt: number } | null {
      const row = db.prepare('SELECT holder, expires_at AS expiresAt FROM document_leases WHERE name = ?').get(name) as
        | { holder: string; expiresAt: number }
        | undefined;
      if (!row || row.expiresAt < Date.now()) return null;
      const parts = row.holder.split(':');
      return { ...row, pid: Number(parts[parts.length - 3]) };
    },
    checkpoints(): Record<string, bigint> {
      const rows = db.prepare('SELECT name, position FROM document_checkpoints').safeIntegers(true).all() as { name: string; position: bigint }[];
      return Object.fromEntries(rows.map((row) => [row.name, row.position]));
    },
    /** A document of a read model, or null (also when its collection does not exist yet). */
    document<T = Record<string, unknown>>(collection: string, id: string): T | null {
      try {
        const text = db.prepare(`SELECT doc FROM "docs_${collection}" WHERE id = ?`).pluck().get(id) as string | undefined;
        return text === undefined ? null : (JSON.parse(text) as T);
      } catch (error) {
        if (/no such table/.test(String(error))) return null;
        throw error;
      }
    },
    close: () => db.close(),
  };
}
