/**
 * Oversell benchmark (`npm run bench:oversell`): the oversell scenario of
 * the reliability suite at full size. One `oms serve` (as in production: API
 * on its main thread, projections and process manager on threads of their
 * own) takes 5,000 concurrent orders for 4 SKUs stocked at 3 locations with
 * about a third of the units asked for, while stock is restocked and shrunk,
 * orders are cancelled and a warehouse ships. The event log is the judge:
 * `oversoldUnits` counts units any stock stream promised beyond what it held,
 * at any point of its history, and must be 0.
 *
 * The ceiling is the same process answering GET /health at the same
 * concurrency, from the same client: the HTTP round trip plus a read of the
 * stores' positions, with no command behind it.
 * OVERSELL_ORDERS and OVERSELL_CONCURRENCY override the size. Exit 1 when
 * anything was oversold or the outcome does not hold together.
 */
import { log, report, round, scratchDir } from './bench-support';
import { OmsProcess, startOms } from './oms-process';
import { duplicatedSteps } from './oversell-audit';
import { runScenario, ScenarioOptions } from './oversell-scenario';

const orders = Number(process.env.OVERSELL_ORDERS ?? 5000);
const concurrency = Number(process.env.OVERSELL_CONCURRENCY ?? 32);

const SCENARIO: ScenarioOptions = {
  skus: ['BENCH-A', 'BENCH-B', 'BENCH-C', 'BENCH-D'],
  locations: ['wh-east', 'wh-west', 'store-1'],
  unitsPerLocation: Math.ceil(orders / 15),
  orders,
  concurrency,
  shipments: Math.ceil(orders / 50),
  cancelEvery: 25,
  cancelAllocated: Math.ceil(orders / 100),
  restock: Math.ceil(orders / 100),
};

/** Requests per second for `count` GET /health at `concurrency`. */
async function healthPerSecond(server: OmsProcess, count: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await server.expect(200, 'GET', '/health', { key: null });
    }),
  );
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main() {
  const server = await startOms({ dataDir: scratchDir('oversell'), name: 'oversell' });
  try {
    const ceiling = await healthPerSecond(server, 5000);
    log(`ceiling: GET /health ${Math.round(ceiling)}/s at ${concurrency} connections`);

    log(`placing ${orders} orders, ${concurrency} at a time, for ${SCENARIO.skus.length} SKUs x ${SCENARIO.locations.length} locations x ${SCENARIO.unitsPerLocation} units`);
    const progress = setInterval(() => void server.health().then((h) => log(`  log head ${h.eventStore.head}`)), 5000);
    const { run, verdict, settledSeconds } = await runScenario([server], SCENARIO, { quietTimeoutMs: 600_000, log }).finally(() =>
      clearInterval(progress),
    );

    const faults = {
      breaches: verdict.audit.breaches.length,
      stuck: verdict.stuck.length,
      allocationMismatches: verdict.allocationMismatches.length,
      cancelledHolding: verdict.cancelledHolding.length,
      inventoryMismatches: verdict.inventoryMismatches.length,
      idleWhileWaiting: verdict.idleWhileWaiting.length,
      duplicatedSteps: duplicatedSteps(verdict.audit).length,
      serverErrorLogs: server.errors().length,
    };
    for (const problem of [...verdict.audit.breaches, ...verdict.stuck, ...verdict.allocationMismatches, ...verdict.inventoryMismatches].slice(0, 20)) {
      log(`  problem: ${problem}`);
    }
    const ordersPerSecond = orders / run.seconds;
    report({
      bench: 'oversell',
      orders,
      concurrency,
      ordersPerSecond: round(ordersPerSecond, 1),
      /** From the first order to a quiet workflow: every order allocated, backordered or cancelled, every job done. */
      settledSeconds: round(settledSeconds, 1),
      ceilingRequestsPerSecond: Math.round(ceiling),
      ratio: round(ordersPerSecond / ceiling, 3),
      oversoldUnits: verdict.audit.oversoldUnits,
      unitsAllocated: verdict.unitsAllocated,
      shipped: run.shipped.size,
      cancelled: run.cancelled.size,
      statusCounts: verdict.statusCounts,
      events: verdict.audit.events,
      ...faults,
    });
    const clean = verdict.audit.oversoldUnits === 0 && Object.values(faults).every((count) => count === 0);
    process.exitCode = clean ? 0 : 1;
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
