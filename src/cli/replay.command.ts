import { silentLogger } from '../infrastructure/observability/logger';
import { ProjectionRunner } from '../projections/projection-runner';
import { messageOf, optionsOrExit } from './forecast/usage-error';
import { finalRate, ProgressReporter } from './progress';
import { openReadSideOrExit, parseFlags, projectionsNamed, ReadSideIo } from './read-side-io';

export const REPLAY_USAGE = `usage: oms replay [--projection NAME]...
  Drops the read models and rebuilds them from the event log, with progress on
  stderr and the final rate on stdout. Stop the processes that run projections
  (oms serve, oms worker projections) first: they would write into the rebuild.
  --projection  rebuild only this projection (orders, inventory, demand, catalog, replenishment, tracking); repeatable
`;

const FLAGS = {
  projection: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `oms replay [--projection NAME]`: `argv` holds the arguments after the word
 * `replay`. Answers 0 when rebuilt, 2 (one line on stderr) on bad arguments or
 * configuration, 1 when a store cannot be reached or the rebuild failed.
 */
export async function runReplayCommand(argv: string[], io: ReadSideIo): Promise<number> {
  const parsed = optionsOrExit('replay', REPLAY_USAGE, io, () => parseReplayOptions(argv));
  if ('exitCode' in parsed) return parsed.exitCode;
  const { options } = parsed;
  const opened = await openReadSideOrExit('replay', io);
  if ('exitCode' in opened) return opened.exitCode;
  const { stores } = opened;
  try {
    const names = options.projections.map((p) => p.name).join(', ');
    const runner = new ProjectionRunner({
      events: stores.events,
      documents: stores.documents,
      projections: options.projections,
      logger: silentLogger(),
    });
    const progress = new ProgressReporter({ write: io.stderr, isTTY: io.stderrIsTTY }, 'replay');
    const result = await runner.rebuild((p) => progress.update(p));
    progress.finish(result);
    io.stdout(`replayed ${finalRate(result)} into ${names}\n`);
    return 0;
  } catch (error) {
    io.stderr(`${io.stderrIsTTY ? '\n' : ''}oms replay: failed: ${messageOf(error)}\n`);
    return 1;
  } finally {
    await stores.close();
  }
}

function parseReplayOptions(argv: readonly string[]) {
  const flags = parseFlags(argv, FLAGS);
  return flags.help ? ('help' as const) : { projections: projectionsNamed(flags.projection) };
}
