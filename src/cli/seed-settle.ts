import { PROCESS_MANAGER } from '../commands/workflow/process-manager';
import { Oms } from '../composition/oms';
import { allProjections } from '../projections/all-projections';
import { ProgressReporter } from './progress';
import { ReadSideIo } from './read-side-io';

/** The seed could not finish: the workflow stopped moving, e.g. its lease holder hangs. */
export class SeedStalled extends Error {}

export type SettleOptions = {
  /** How long the workflow and the read models may stand still, short of the head of the log, before giving up. */
  stallMs: number;
  /** How long the head must stay put when another process runs the workflow: its jobs may still append. */
  quietMs?: number;
  pollMs?: number;
};

/**
 * How far the process manager and the slowest read model have come, from the
 * checkpoints in the shared document store: the same answer whichever process
 * holds their leases (this one, or an `oms serve` beside it).
 */
async function sharedProgress(oms: Oms) {
  const checkpoints = await oms.documents.listCheckpoints();
  const workflow = checkpoints[PROCESS_MANAGER] ?? 0n;
  const readModels = allProjections.reduce<bigint | null>((slowest, { name }) => {
    const position = checkpoints[name] ?? 0n;
    return slowest === null || position < slowest ? position : slowest;
  }, null) ?? 0n;
  const slowest = workflow < readModels ? workflow : readModels;
  const behind = [PROCESS_MANAGER, ...allProjections.map(({ name }) => name)].filter((name) => (checkpoints[name] ?? 0n) === slowest);
  return { workflow, readModels, slowest, behind };
}

/**
 * Waits until the process manager and the read models have caught up with the
 * log and no job is left, whichever process runs them. Progress comes from the
 * shared stores; when nothing moves for `stallMs`, it throws SeedStalled.
 */
export async function settle(oms: Oms, io: ReadSideIo, label: string, options: SettleOptions): Promise<void> {
  const pollMs = options.pollMs ?? 50;
  const quietMs = options.quietMs ?? 500;
  const progress = new ProgressReporter({ write: io.stderr, isTTY: io.stderrIsTTY }, `settling ${label}`);
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const from = (await sharedProgress(oms)).slowest;
  let best = from;
  let movedAt = Date.now();
  let quietSince: { head: bigint; at: number } | null = null;
  for (;;) {
    const runsWorkflowHere = oms.background.workflow.holding;
    if (runsWorkflowHere) await oms.jobs.idle();
    const head = await oms.events.headPosition();
    const { slowest, behind } = await sharedProgress(oms);
    progress.update({ position: slowest, head, events: Number(slowest - from), seconds: seconds() });
    if (slowest >= head) {
      // Here, idle jobs mean nothing more will append; elsewhere, only a head that stays put says so.
      if (quietSince === null || quietSince.head !== head) quietSince = { head, at: Date.now() };
      if (runsWorkflowHere || Date.now() - quietSince.at >= quietMs) {
        progress.finish({ position: head, head, events: Number(head - from), seconds: seconds() });
        return;
      }
    } else {
      quietSince = null;
    }
    if (slowest > best) {
      best = slowest;
      movedAt = Date.now();
    } else if (slowest < head && Date.now() - movedAt >= options.stallMs) {
      if (io.stderrIsTTY) io.stderr('\n');
      const where = runsWorkflowHere ? 'in this process' : 'in the process that holds its lease (is that oms serve or oms worker jobs running?)';
      throw new SeedStalled(
        `the workflow made no progress for ${Math.round(options.stallMs / 1000)} s at position ${slowest} of ${head} (stopped there: ${behind.join(', ')}): it runs ${where}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
