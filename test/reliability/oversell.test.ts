/**
 * Oversell stress (issue 7, item 1): a real `oms serve` (API on its main
 * thread, projections and process manager on their own threads, as in
 * production) takes 300 concurrent orders for 3 SKUs stocked 10 units deep at
 * 3 locations (~2.5x the supply), with a restock, shrinkage and
 * cancellations mid-run and a warehouse shipping as orders arrive. The event
 * log is the judge: every stock stream, folded with the stock decider's
 * evolve, never promised more than it held at any point.
 */
import { makeTempDir } from '../support/temp-dir';
import { trackOmsProcesses } from '../support/process-harness';
import { RunOutcome, runScenario, ScenarioOptions, Verdict } from '../../bench/oversell-scenario';

jest.setTimeout(120_000);

const SCENARIO: ScenarioOptions = {
  skus: ['OVR-A', 'OVR-B', 'OVR-C'],
  locations: ['wh-east', 'wh-west', 'store-1'],
  unitsPerLocation: 10,
  orders: 300,
  concurrency: 24,
  shipments: 15,
  cancelEvery: 15,
  cancelAllocated: 10,
  restock: 4,
};

describe('oversell stress: 300 concurrent orders for 3 SKUs x 3 locations x 10 units', () => {
  const processes = trackOmsProcesses();
  const temp = makeTempDir('oms-oversell-');
  let run: RunOutcome;
  let verdict: Verdict;

  beforeAll(async () => {
    try {
      const server = await processes.start({ dataDir: temp.dir, name: 'serve' });
      ({ run, verdict } = await runScenario([server], SCENARIO));
      if (process.env.OVERSELL_DEBUG) console.log(JSON.stringify({ statusCounts: verdict.statusCounts, shipped: run.shipped.size, shippedUnits: run.shippedUnits, cancelled: run.cancelled.size, refused: run.adjustmentsRefused, seconds: run.seconds, events: verdict.audit.events, allocated: verdict.unitsAllocated, stock: [...verdict.audit.stock.values()].map((s) => `${s.streamId} r${s.received} a${s.adjusted} c${s.committed} onHand${s.state.onHand} res${s.state.reserved}`) }, null, 1));
    } catch (error) {
      throw processes.explain(error);
    }
  });

  afterAll(async () => {
    await processes.killAll();
    await temp.remove();
  });

  it('really oversubscribed the stock: orders were backordered, some shipped, some cancelled', () => {
    expect(run.orderIds).toHaveLength(SCENARIO.orders);
    expect(verdict.statusCounts.backordered ?? 0).toBeGreaterThan(0);
    expect(run.shipped.size).toBeGreaterThan(0);
    expect(run.cancelled.size).toBe(SCENARIO.orders / SCENARIO.cancelEvery + SCENARIO.cancelAllocated);
    expect([...verdict.audit.stock.values()].some((s) => s.state.onHand > 0)).toBe(true);
    const committed = [...verdict.audit.stock.values()].reduce((sum, s) => sum + s.committed, 0);
    expect(committed).toBe(run.shippedUnits);
  });

  it('never promised more than was there, at any point of any stock stream (folded with evolve)', () => {
    expect(verdict.audit.stock.size).toBe(SCENARIO.skus.length * SCENARIO.locations.length);
    expect(verdict.audit.breaches).toEqual([]);
    expect(verdict.audit.oversoldUnits).toBe(0);
    expect(verdict.audit.positionProblems).toEqual([]);
  });

  it('left every order allocated, partially allocated, backordered or further along: none stuck before allocation', () => {
    expect(verdict.stuck).toEqual([]);
    for (const order of verdict.orders) {
      expect(order.status === 'cancelled').toBe(run.cancelled.has(order.orderId));
    }
  });

  it('allocated exactly the units the stock streams hold for each order, and cancelled orders hold nothing', () => {
    expect(verdict.allocationMismatches).toEqual([]);
    expect(verdict.cancelledHolding).toEqual([]);
    expect(verdict.unitsAllocated).toBe(verdict.unitsHeld);
    expect(verdict.unitsAllocated).toBeGreaterThan(0);
  });

  it('shows in GET /inventory/{sku} what the folded stock streams say', () => {
    expect(verdict.inventoryMismatches).toEqual([]);
  });

  it('leaves no unit available to promise while a live order waits for that SKU', () => {
    expect(verdict.idleWhileWaiting).toEqual([]);
  });
});
