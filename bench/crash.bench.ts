/**
 * Crash-safety benchmark (`npm run bench:crash`): `oms serve` killed with
 * SIGKILL at random moments under load, ten times, then checked (see
 * crash-safety.ts). CRASH_CYCLES and CRASH_SEED override the cycles and the
 * seed; the last stdout line is the JSON report. Exit 1 when anything
 * acknowledged was lost or the checks failed.
 */
import { log, report } from './bench-support';
import { runCrashSafety } from './crash-safety';

async function main() {
  const cycles = Number(process.env.CRASH_CYCLES ?? 10);
  const seed = process.env.CRASH_SEED === undefined ? undefined : Number(process.env.CRASH_SEED);
  const result = await runCrashSafety({ cycles, ...(seed === undefined ? {} : { seed }), log });
  for (const problem of result.problems) log(`  problem: ${problem}`);
  const { problems, ...figures } = result;
  report({ ...figures, problems: problems.length });
  const clean =
    result.lost + result.missingInReadModels + result.receiptsLost + result.receiptsDuplicated + result.cancelsLost + result.stuck + result.voidsOwed +
      result.stockMismatches + result.reservationMismatches + result.readModelOrderDifference + result.serverErrors === 0 &&
    result.verify === 'ok';
  process.exitCode = clean ? 0 : 1;
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
