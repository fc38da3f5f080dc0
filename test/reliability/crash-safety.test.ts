import { runCrashSafety } from '../../bench/crash-safety';

/*
 * The short form of `npm run bench:crash`: the real `oms serve` (from dist,
 * built by pretest) under concurrent orders, receipts and cancels, killed
 * with SIGKILL at a random moment after it is ready, three times, restarted
 * on the same data each time; then a clean start, the workflow settling, and
 * the checks of bench/crash-safety.ts. The seed is printed; CRASH_SEED
 * replays a run.
 */

describe('crash safety: SIGKILL under load, restart on the same data', () => {
  it('keeps every acknowledged command, finishes every order and passes oms verify', async () => {
    const seed = process.env.CRASH_SEED === undefined ? undefined : Number(process.env.CRASH_SEED);
    const lines: string[] = [];
    const report = await runCrashSafety({
      cycles: 3,
      orderClients: 4,
      settleTimeoutMs: 60_000,
      ...(seed === undefined ? {} : { seed }),
      log: (line) => lines.push(line),
    });
    // eslint-disable-next-line no-console
    console.log(`${lines.join('\n')}\n${JSON.stringify({ ...report, problems: report.problems.length })}`);

    // Something was at stake: orders, receipts and cancels were acknowledged, and the kills cut requests off.
    expect(report.killDelaysMs).toHaveLength(3);
    expect(report.acknowledged).toBeGreaterThan(30);
    expect(report.receiptsAcknowledged).toBeGreaterThan(0);
    expect(report.ordersInLog).toBeGreaterThanOrEqual(report.acknowledged);

    expect(report.problems).toEqual([]);
    expect({
      lost: report.lost,
      missingInReadModels: report.missingInReadModels,
      receiptsLost: report.receiptsLost,
      receiptsDuplicated: report.receiptsDuplicated,
      cancelsLost: report.cancelsLost,
      stuck: report.stuck,
      voidsOwed: report.voidsOwed,
      stockMismatches: report.stockMismatches,
      reservationMismatches: report.reservationMismatches,
      readModelOrderDifference: report.readModelOrderDifference,
      serverErrors: report.serverErrors,
      errorLogs: report.errorLogs,
      cleanStopExitCode: report.cleanStopExitCode,
      verify: report.verify,
    }).toEqual({
      lost: 0,
      missingInReadModels: 0,
      receiptsLost: 0,
      receiptsDuplicated: 0,
      cancelsLost: 0,
      stuck: 0,
      voidsOwed: 0,
      stockMismatches: 0,
      reservationMismatches: 0,
      readModelOrderDifference: 0,
      serverErrors: 0,
      errorLogs: 0,
      cleanStopExitCode: 0,
      verify: 'ok',
    });
  }, 180_000);
});
