/**
 * More than one process on one embedded data folder (issue 7, item 4): two
 * `oms serve` processes share one OMS_DATA_DIR, each with its API and its two
 * background threads competing for the leases. Orders go through both at
 * once for more stock than there is; both must see the same log and read
 * models, one process runs each piece of background work, and every order is
 * processed exactly once.
 */
import { duplicatedSteps } from '../../bench/oversell-audit';
import { makeTempDir } from '../support/temp-dir';
import { Health, OmsProcess, runOms, trackOmsProcesses, waitUntil } from '../support/process-harness';
import { readLog, readOrders, RunOutcome, runScenario, ScenarioOptions, Verdict } from '../../bench/oversell-scenario';

jest.setTimeout(120_000);

const SCENARIO: ScenarioOptions = {
  skus: ['MP-A', 'MP-B', 'MP-C'],
  locations: ['wh-east', 'wh-west', 'store-1'],
  unitsPerLocation: 10,
  orders: 200,
  concurrency: 20,
  shipments: 10,
  cancelEvery: 20,
  cancelAllocated: 6,
  restock: 4,
};

/** Who holds each lease, by process: [projections on a?, on b?], [process manager on a?, on b?]. */
const leaseHolders = (healths: Health[]) => ({
  projections: Object.keys(healths[0]!.projections).map((name) => healths.map((h) => h.projections[name]!.leaseHeld)),
  processManager: healths.map((h) => h.processManager.leaseHeld),
});

describe('two `oms serve` processes on one data folder', () => {
  const processes = trackOmsProcesses();
  const temp = makeTempDir('oms-multi-');
  let a: OmsProcess;
  let b: OmsProcess;
  let run: RunOutcome;
  let head: bigint;
  let verdict: Verdict;

  beforeAll(async () => {
    try {
      const started = await processes.startAll([
        { dataDir: temp.dir, name: 'serve-a' },
        { dataDir: temp.dir, name: 'serve-b' },
      ]);
      [a, b] = [started[0]!, started[1]!];
      ({ run, head, verdict } = await runScenario([a, b], SCENARIO, { seed: 11 }));
    } catch (error) {
      throw processes.explain(error);
    }
  });

  afterAll(async () => {
    await processes.killAll();
    await temp.remove();
  });

  it('listens on two ports over one data folder', () => {
    expect(a.port).not.toBe(b.port);
    expect(a.running && b.running).toBe(true);
  });

  it('runs each lease on exactly one of the two processes', async () => {
    // The background threads report their state every second: wait until both processes have reported.
    const holders = await waitUntil(
      async () => {
        const seen = leaseHolders([await a.health(), await b.health()]);
        const one = (held: boolean[]) => held.filter(Boolean).length === 1;
        return seen.projections.every(one) && one(seen.processManager) ? seen : undefined;
      },
      { timeoutMs: 15_000, what: 'one holder per lease', describe: async () => JSON.stringify(leaseHolders([await a.health(), await b.health()])) },
    );
    if (process.env.OVERSELL_DEBUG) console.log(JSON.stringify(holders));
    // Every projection shares one lease: they run together in one process.
    expect(new Set(holders.projections.map((held) => held.indexOf(true))).size).toBe(1);
  });

  it('never oversold, although orders arrived through both processes at once', () => {
    expect(verdict.audit.breaches).toEqual([]);
    expect(verdict.audit.oversoldUnits).toBe(0);
    expect(verdict.statusCounts.backordered ?? 0).toBeGreaterThan(0);
    expect(verdict.stuck).toEqual([]);
    expect(verdict.allocationMismatches).toEqual([]);
    expect(verdict.cancelledHolding).toEqual([]);
    expect(verdict.idleWhileWaiting).toEqual([]);
  });

  it('shows both processes the same log, page by page', async () => {
    const [logA, logB] = await Promise.all([readLog(a), readLog(b)]);
    expect(logA.length).toBeGreaterThan(0);
    expect(BigInt(logA[logA.length - 1]!.position)).toBeGreaterThanOrEqual(head);
    expect(logB.map((e) => `${e.position} ${e.metadata.eventId}`)).toEqual(logA.map((e) => `${e.position} ${e.metadata.eventId}`));
    expect(logB).toEqual(logA);
  });

  it('answers every order the same from either process (OMS-Min-Position honoured by both)', async () => {
    const [fromA, fromB] = await Promise.all([readOrders(a, run.orderIds, head), readOrders(b, run.orderIds, head)]);
    expect(fromA).toEqual(fromB);
  });

  it('agrees on inventory in both processes, and with the folded stock streams', async () => {
    expect(verdict.inventoryMismatches).toEqual([]);
    for (const sku of SCENARIO.skus) {
      const headers = { 'OMS-Min-Position': String(head) };
      const [fromA, fromB] = await Promise.all([a.get(`/inventory/${sku}`, 'analyst', headers), b.get(`/inventory/${sku}`, 'analyst', headers)]);
      expect(fromA.status).toBe(200);
      expect(fromA.body).toEqual(fromB.body);
    }
  });

  it('processed every order exactly once: one validation, one authorization, no notification twice', () => {
    expect(duplicatedSteps(verdict.audit)).toEqual([]);
    for (const orderId of run.orderIds) {
      const order = verdict.audit.orders.get(orderId)!;
      const cancelled = run.cancelled.has(orderId);
      const count = (type: string) => order.counts.get(type) ?? 0;
      if (!cancelled) {
        expect({ orderId, validated: count('OrderValidated'), authorized: count('PaymentAuthorized') }).toEqual({ orderId, validated: 1, authorized: 1 });
      } else {
        expect(count('OrderValidated')).toBeLessThanOrEqual(1);
        expect(count('PaymentAuthorized')).toBeLessThanOrEqual(1);
      }
      expect(order.notifications).toContain('confirmation:order');
    }
  });

  it('stops both cleanly, after which `oms verify` finds the read models equal to a rebuild from the log', async () => {
    const [exitA, exitB] = await Promise.all([a.stop(), b.stop()]);
    expect(exitA).toEqual({ code: 0, signal: null });
    expect(exitB).toEqual({ code: 0, signal: null });
    const verify = await runOms(['verify'], { dataDir: temp.dir });
    expect({ code: verify.code, stderr: verify.stderr, stdout: verify.stdout.slice(-2000) }).toEqual(
      expect.objectContaining({ code: 0 }),
    );
  });
});
