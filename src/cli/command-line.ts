import fs from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { StoreUnreachable } from '../composition/open-stores';
import { runForecastCommand } from './forecast';
import { processIo } from './read-side-io';
import { runReplayCommand } from './replay.command';
import { runSeedCommand } from './seed.command';
import { serve } from './serve.command';
import { runWorkerCommand } from './worker.command';
import { runVerifyCommand } from './verify.command';

const USAGE = `usage: oms <command>
  serve                            the API, projections, process manager and jobs in one process
  worker projections|jobs|magento  background work of a scaled-out deployment (leases pick one runner)
  replay [--projection NAME]       rebuild read models from the log
  verify                           rebuild every read model aside and compare with the live one
  seed --orders N                  a demo data set through the real workflow
  forecast ...                     forecast an ad-hoc series (oms forecast --help)`;

/** Dispatches `oms <command>`; answers the exit code. */
export async function runCommandLine(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(loadConfig(), process.env);
      case 'replay':
        return await runReplayCommand(rest, processIo());
      case 'verify':
        return await runVerifyCommand(rest, processIo());
      case 'seed':
        return await runSeedCommand(rest, processIo());
      case 'worker':
        return await runWorkerCommand(rest, processIo());
      case 'forecast':
        return runForecastCommand(rest, {
          stdout: (text) => process.stdout.write(text),
          stderr: (text) => process.stderr.write(text),
          readFile: (file) => fs.readFileSync(file, 'utf8'),
        });
      case undefined:
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`oms: unknown command "${command}"\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`oms: ${error.message}\n`);
      return 2;
    }
    if (error instanceof StoreUnreachable) {
      process.stderr.write(`oms: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
