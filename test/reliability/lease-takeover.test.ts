/**
 * Lease takeover (issue 6, item 4). Background work runs under leases: one
 * process at a time runs the projections, one the process manager; the
 * others stand by. Here two `oms worker projections` (then two `oms worker
 * jobs`) share one embedded data folder with a short lease; the holder is
 * killed with SIGKILL, mid-work, and the standby must take over within a few
 * lease lifetimes and finish the work exactly once. Events are appended from
 * this process through the real command handlers (openLogWriter), which
 * takes no lease. And a runner that lost its lease while applying a batch
 * must write nothing (the fence).
 */
import path from 'node:path';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { Projection } from '../../src/projections/projection';
import { SqliteDocumentStore } from '../../src/infrastructure/documents/sqlite-document-store';
import { SqliteEventStore } from '../../src/infrastructure/eventstore/sqlite-event-store';
import { StoredEvent } from '../../src/infrastructure/eventstore/event-store';
import { silentLogger } from '../../src/infrastructure/observability/logger';
import { PROCESS_MANAGER } from '../../src/commands/workflow/process-manager';
import { INVENTORY_COLLECTION } from '../../src/projections/read-models/inventory.projection';
import { allProjections } from '../../src/projections/all-projections';
import { auditLog, duplicatedSteps, heldUnits, LogEvent } from '../../bench/oversell-audit';
import { Gate, gate } from '../support/gate';
import { makeTempDir } from '../support/temp-dir';
import {
  LogWriter,
  OmsProcess,
  openLogWriter,
  openReadModelsReader,
  runOms,
  trackOmsProcesses,
  waitUntil,
} from '../support/process-harness';

jest.setTimeout(90_000);

const TTL_MS = 800;
/** The standby renews every third of the lifetime; a dead holder's lease runs out within one. Room for a loaded machine. */
const TAKEOVER_BOUND_MS = 6 * TTL_MS;

const toLogEvent = (event: StoredEvent): LogEvent => ({ ...event, position: String(event.position) }) as LogEvent;

/** The process whose log says it took `lease` with this holder id. */
const processHolding = (processes: OmsProcess[], lease: string, holder: string) =>
  processes.find((p) => p.logLines().some((l) => l.msg === 'lease taken: starting' && l.lease === lease && l.holder === holder));

const leaseTakers = (processes: OmsProcess[], lease: string) =>
  processes.filter((p) => p.logLines().some((l) => l.msg === 'lease taken: starting' && l.lease === lease));

/**
 * Two `oms worker <role>` on a fresh data folder that `prepare` wrote to
 * first, with a writer to its log and a reader of its read models (reopen it
 * with openReadModelsReader(f.dir) after closing); all closed in afterAll.
 */
function twoWorkers(role: 'projections' | 'jobs', prepare: (writer: LogWriter) => Promise<void>) {
  const processes = trackOmsProcesses();
  const temp = makeTempDir(`oms-lease-${role}-`);
  const f = { dir: temp.dir } as { dir: string; writer: LogWriter; readModels: ReturnType<typeof openReadModelsReader>; workers: OmsProcess[] };
  beforeAll(async () => {
    f.writer = openLogWriter(temp.dir);
    await prepare(f.writer);
    f.workers = await processes.startAll(
      [1, 2].map((n) => ({ dataDir: temp.dir, args: ['worker', role], leaseTtlMs: TTL_MS, name: `${role}-${n}` })),
    );
    f.readModels = openReadModelsReader(temp.dir);
  });
  afterAll(async () => {
    f.readModels?.close();
    await f.writer?.close();
    await processes.killAll();
    await temp.remove();
  });
  return f;
}

describe('lease takeover: two `oms worker projections` on one data folder', () => {
  const f = twoWorkers('projections', async (writer) => {
    await writer.defineLocation('wh-1');
    for (const sku of ['P-1', 'P-2']) {
      await writer.defineProduct(sku);
      await writer.receive('wh-1', sku, 10);
    }
  });

  const allCaughtUp = async () => {
    const head = await f.writer.head();
    const checkpoints = f.readModels.checkpoints();
    return allProjections.every((p) => (checkpoints[p.name] ?? 0n) >= head) ? head : undefined;
  };

  it('lets exactly one of them hold the lease and run the projections; the other stands by', async () => {
    const lease = await waitUntil(() => f.readModels.leaseHolder('projections') ?? undefined, { what: 'a projections lease holder' });
    expect(f.workers.map((w) => w.pid)).toContain(lease.pid);
    await waitUntil(allCaughtUp, { what: 'the read models to catch up', timeoutMs: 20_000 });
    // Over several lifetimes of the lease (renewed every third of one), nobody else takes it.
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, TTL_MS / 2));
      expect(f.readModels.leaseHolder('projections')?.holder).toBe(lease.holder);
    }
    expect(leaseTakers(f.workers, 'projections')).toHaveLength(1);
  });

  it('after SIGKILL of the holder mid-work, the standby takes over within a few lifetimes and the read models catch up exactly once', async () => {
    const before = f.readModels.leaseHolder('projections')!;
    const holder = f.workers.find((w) => w.pid === before.pid)!;
    const standby = f.workers.find((w) => w !== holder)!;

    // Orders keep coming, one commit each, and the holder follows them batch by batch...
    let appending = true;
    const placed: Promise<number> = (async () => {
      let count = 0;
      while (appending || count < 200) {
        await f.writer.placeOrder([{ sku: 'P-1', quantity: 1 }]);
        count++;
      }
      return count;
    })();
    // ...until it is killed part-way: it has committed some of them, not all.
    const start = f.readModels.checkpoints().orders ?? 0n;
    await waitUntil(() => (f.readModels.checkpoints().orders ?? 0n) > start + 20n || undefined, { what: 'the holder to project some orders', timeoutMs: 20_000 });
    await holder.kill();
    const killedAt = Date.now();
    const atKill = { head: await f.writer.head(), checkpoints: f.readModels.checkpoints() };
    appending = false;

    // Events appended after the kill, which nobody is projecting yet.
    expect(await placed).toBeGreaterThanOrEqual(200);
    await f.writer.receive('wh-1', 'P-2', 5);
    await f.writer.receive('wh-1', 'P-2', 7);

    const taken = await waitUntil(
      () => {
        const lease = f.readModels.leaseHolder('projections');
        return lease && lease.pid === standby.pid ? lease : undefined;
      },
      { what: 'the standby to take the lease', timeoutMs: 20_000, describe: () => standby.tail(10) },
    );
    const takeoverMs = Date.now() - killedAt;
    expect(processHolding([standby], 'projections', taken.holder)).toBe(standby);
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);

    const head = await waitUntil(allCaughtUp, { what: 'the read models to catch up after the takeover', timeoutMs: 20_000 });
    // Exactly once: 10 + 5 + 7 received, nothing applied twice across the handover.
    expect(f.readModels.document<{ onHand: number }>(INVENTORY_COLLECTION, 'wh-1.P-2')?.onHand).toBe(22);
    expect(f.readModels.checkpoints()).toEqual(Object.fromEntries(allProjections.map((p) => [p.name, head])));
    process.stderr.write(
      `lease-takeover (projections): standby took over ${takeoverMs} ms after the SIGKILL (TTL ${TTL_MS} ms); ` +
        `at the kill the log head was ${atKill.head}, checkpoints ${JSON.stringify(atKill.checkpoints, (_, v) => (typeof v === 'bigint' ? String(v) : v))}\n`,
    );
  });

  it('leaves read models equal to a rebuild from the log (`oms verify` after the survivor stops)', async () => {
    const survivor = f.workers.find((w) => w.running)!;
    expect(await survivor.stop()).toEqual({ code: 0, signal: null });
    f.readModels.close();
    const verify = await runOms(['verify'], { dataDir: f.dir });
    expect({ code: verify.code, out: verify.stdout.slice(-1500), err: verify.stderr.slice(-1500) }).toEqual(expect.objectContaining({ code: 0 }));
    f.readModels = openReadModelsReader(f.dir);
  });
});

describe('lease takeover: two `oms worker jobs` (the process manager) on one data folder', () => {
  const f = twoWorkers('jobs', async (writer) => {
    await writer.defineLocation('wh-1', 1);
    await writer.defineLocation('wh-2', 2);
    for (const sku of ['J-1', 'J-2']) {
      await writer.defineProduct(sku);
      await writer.receive('wh-1', sku, 20);
      await writer.receive('wh-2', sku, 15);
    }
  });
  const orders: string[] = [];

  const place = (count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        f.writer.placeOrder(i % 3 === 0 ? [{ sku: 'J-1', quantity: 2 }, { sku: 'J-2', quantity: 1 }] : [{ sku: i % 2 ? 'J-1' : 'J-2', quantity: 1 + (i % 3) }]),
      ),
    ).then((ids) => orders.push(...ids));

  /** Orders with an allocation outcome (allocated or backordered) in the log. */
  const decided = async () => {
    const events = await f.writer.allEvents();
    return new Set(events.filter((e) => e.type === 'InventoryAllocated' || e.type === 'LinesBackordered').map((e) => e.streamId.slice('order-'.length)));
  };

  it('lets exactly one of them run the process manager', async () => {
    const lease = await waitUntil(() => f.readModels.leaseHolder(PROCESS_MANAGER) ?? undefined, { what: 'a process-manager lease holder' });
    expect(f.workers.map((w) => w.pid)).toContain(lease.pid);
    expect(leaseTakers(f.workers, PROCESS_MANAGER)).toHaveLength(1);
  });

  it('after SIGKILL of the holder mid-workflow, the standby takes over and takes every order through exactly once', async () => {
    const before = f.readModels.leaseHolder(PROCESS_MANAGER)!;
    const holder = f.workers.find((w) => w.pid === before.pid)!;
    const standby = f.workers.find((w) => w !== holder)!;

    await place(40);
    // Kill it once it is busy with them: some validated, not all allocated.
    await waitUntil(
      async () => (await f.writer.allEvents()).filter((e) => e.type === 'OrderValidated').length >= 5,
      { what: 'the holder to start on the orders', timeoutMs: 20_000, describe: () => holder.tail(10) },
    );
    await holder.kill();
    const killedAt = Date.now();
    await place(40);

    const taken = await waitUntil(
      () => {
        const lease = f.readModels.leaseHolder(PROCESS_MANAGER);
        return lease && lease.pid === standby.pid ? lease : undefined;
      },
      { what: 'the standby to take the lease', timeoutMs: 20_000, describe: () => standby.tail(10) },
    );
    const takeoverMs = Date.now() - killedAt;
    expect(processHolding([standby], PROCESS_MANAGER, taken.holder)).toBe(standby);
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);

    await waitUntil(async () => ((await decided()).size === orders.length ? true : undefined), {
      what: 'every order to be allocated or backordered',
      timeoutMs: 30_000,
      describe: async () => `${(await decided()).size} of ${orders.length} decided\n${standby.tail(10)}`,
    });
    // Quiet: the process manager has handled the whole log and its jobs (notifications) stopped appending.
    let last = -1n;
    await waitUntil(
      async () => {
        const head = await f.writer.head();
        const quiet = head === last && (f.readModels.checkpoints()[PROCESS_MANAGER] ?? 0n) >= head;
        last = head;
        return quiet || undefined;
      },
      { what: 'the workflow to go quiet', timeoutMs: 20_000, intervalMs: 500 },
    );

    const events = await f.writer.allEvents();
    const audit = auditLog(events.map(toLogEvent));
    expect(duplicatedSteps(audit)).toEqual([]);
    expect(audit.breaches).toEqual([]);
    for (const orderId of orders) {
      const counts = audit.orders.get(orderId)!.counts;
      expect({ orderId, validated: counts.get('OrderValidated'), authorized: counts.get('PaymentAuthorized') }).toEqual({
        orderId,
        validated: 1,
        authorized: 1,
      });
      expect(audit.orders.get(orderId)!.notifications).toContain('confirmation:order');
    }
    // What the orders recorded as allocated is exactly what the stock streams hold for them.
    const allocated = new Map<string, number>();
    for (const e of events.filter((x) => x.type === 'InventoryAllocated')) {
      for (const a of (e.data as { allocations: { sku: string; locationId: string; quantity: number }[] }).allocations) {
        const key = `${e.streamId.slice('order-'.length)}|${a.locationId}|${a.sku}`;
        allocated.set(key, (allocated.get(key) ?? 0) + a.quantity);
      }
    }
    expect(Object.fromEntries(heldUnits(audit))).toEqual(Object.fromEntries(allocated));
    process.stderr.write(`lease-takeover (jobs): standby took over ${takeoverMs} ms after the SIGKILL (TTL ${TTL_MS} ms)\n`);
  });
});

describe('fencing: a projection runner that loses its lease mid-batch writes nothing', () => {
  const temp = makeTempDir('oms-fence-');
  const events = new SqliteEventStore({ filename: path.join(temp.dir, 'events.db') });
  let documentsA: SqliteDocumentStore;
  let documentsB: SqliteDocumentStore;
  const leaseA = { name: 'projections', holder: 'runner-a' };
  const leaseB = { name: 'projections', holder: 'runner-b' };

  /** Counts `Ticked` events into one document; `applying`, when given, holds each apply until it opens. */
  const counter = (applying?: Gate): Projection => ({
    name: 'ticks',
    collections: [{ name: 'ticks', indexes: [], idOf: () => 'total' }],
    eventTypes: new Set(['Ticked']),
    async apply(event, view) {
      await applying?.wait();
      const total = (await view.get<{ count: number }>('ticks', 'total')) ?? { count: 0 };
      view.put('ticks', 'total', { count: total.count + 1, last: String(event.position) });
    },
  });

  const tick = (n: number) =>
    events.append(
      'ticker-1',
      Array.from({ length: n }, (_, i) => ({
        type: 'Ticked',
        data: { i },
        metadata: { eventId: `tick-${Date.now()}-${Math.random()}-${i}`, correlationId: 'c', causationId: null, actor: 'test', occurredAt: new Date().toISOString(), schemaVersion: 1 },
      })),
    );

  const runner = (documents: SqliteDocumentStore, lease: typeof leaseA, projection: Projection) =>
    new ProjectionRunner({ events, documents, projections: [projection], logger: silentLogger(), lease });

  /** Waits (no fixed sleep) until the lease of `from` has run out, then takes it for `to`. */
  const takeOver = (documents: SqliteDocumentStore, to: typeof leaseB) =>
    waitUntil(async () => (await documents.tryLease(to, 60_000)) || undefined, { what: `${to.holder} to take the lease`, intervalMs: 10, timeoutMs: 5000 });

  let round = 0;
  beforeEach(async () => {
    // Two connections to one fresh read-model file: two processes sharing it.
    const file = path.join(temp.dir, `read-models-${++round}.db`);
    documentsA = await SqliteDocumentStore.open(file);
    documentsB = await SqliteDocumentStore.open(file);
    for (const documents of [documentsA, documentsB]) await documents.ensureCollections(counter().collections);
  });

  afterEach(async () => {
    await documentsA.close();
    await documentsB.close();
  });

  afterAll(async () => {
    await events.close();
    await temp.remove();
  });

  it('refuses the commit of a runner whose lease was taken over while it applied a batch, and the successor counts each event once', async () => {
    await tick(3);
    const head = await events.headPosition();
    expect(await documentsA.tryLease(leaseA, 50)).toBe(true);
    const a = gate();
    const runnerA = runner(documentsA, leaseA, counter(a));
    await runnerA.start();
    await a.reached; // A is applying its batch...
    await takeOver(documentsB, leaseB); // ...when its lease runs out and B takes it, before B has written anything.
    a.open();
    await waitUntil(() => runnerA.health().state === 'failed' || undefined, { what: 'runner A to stop on the lost lease', timeoutMs: 10_000 });
    expect(runnerA.health().error).toMatch(/lease projections is no longer held by runner-a/);
    await runnerA.stop();
    expect(await documentsB.get('ticks', 'total')).toBeNull();
    expect(await documentsB.getCheckpoint('ticks')).toBeNull();

    const runnerB = runner(documentsB, leaseB, counter());
    await runnerB.start();
    expect(await runnerB.waitForPosition(head, 10_000)).toBe(true);
    await runnerB.stop();
    expect(await documentsB.get('ticks', 'total')).toEqual({ count: 3, last: String(head) });
  });

  it('applies nothing twice when the successor committed first: the late runner sees the newer checkpoint and writes nothing', async () => {
    await tick(4);
    const head = await events.headPosition();
    expect(await documentsA.tryLease(leaseA, 50)).toBe(true);
    const a = gate();
    const runnerA = runner(documentsA, leaseA, counter(a));
    await runnerA.start();
    await a.reached;
    await takeOver(documentsB, leaseB);
    const runnerB = runner(documentsB, leaseB, counter());
    await runnerB.start();
    expect(await runnerB.waitForPosition(head, 10_000)).toBe(true);
    const byB = await documentsB.get('ticks', 'total');
    a.open();
    // A either stops on the fence or finds B ahead and drops its batch; either way it writes nothing.
    await waitUntil(async () => runnerA.health().state === 'failed' || runnerA.position() >= head || undefined, { what: 'runner A to finish its batch' });
    await runnerA.stop();
    await runnerB.stop();
    expect(await documentsB.get('ticks', 'total')).toEqual(byB);
    expect((byB as { count: number }).count).toBe(7);
    expect(await documentsB.getCheckpoint('ticks')).toBe(head);
  });
});
