import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { openStores, StoreUnreachable } from '../composition/open-stores';
import { DocumentStore } from '../infrastructure/documents/document-store';
import { EventStore } from '../infrastructure/eventstore/event-store';
import { silentLogger } from '../infrastructure/observability/logger';
import { allProjections } from '../projections/all-projections';
import { Projection } from '../projections/projection';
import { messageOf, UsageError } from './forecast/usage-error';

/** What `oms replay` and `oms verify` touch outside themselves, so tests can run them in process. */
export type ReadSideIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Progress is a redrawn bar on a terminal, a line every ~2 s otherwise. */
  stderrIsTTY: boolean;
  /** Where the configuration comes from (OMS_DATA_DIR and the store URLs). */
  env: NodeJS.ProcessEnv;
};

export const processIo = (): ReadSideIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
});

export type ReadSideStores = { events: EventStore; documents: DocumentStore; close: () => Promise<void> };

/** The stores the configuration names (the embedded SQLite files by default); no server, no background work. */
export async function openReadSide(env: NodeJS.ProcessEnv): Promise<ReadSideStores> {
  const stores = await openStores(loadConfig(env), silentLogger());
  return {
    events: stores.events,
    documents: stores.documents,
    async close() {
      await stores.jobs.close();
      await stores.close();
    },
  };
}

/**
 * The read side, or the exit code once the reason it cannot be opened is
 * said in one line: 2 for a configuration error, 1 for a store that does not
 * answer.
 */
export async function openReadSideOrExit(command: string, io: ReadSideIo): Promise<{ stores: ReadSideStores } | { exitCode: number }> {
  try {
    return { stores: await openReadSide(io.env) };
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof StoreUnreachable)) throw error;
    io.stderr(`oms ${command}: ${error.message}\n`);
    return { exitCode: error instanceof ConfigError ? 2 : 1 };
  }
}

/** Parses flags strictly: an unknown flag or a stray argument is a UsageError. */
export function parseFlags<Options extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(argv: readonly string[], options: Options) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
}

/** The projections named, all of them when none is; an unknown name is a UsageError. */
export function projectionsNamed(names: readonly string[] | undefined): readonly Projection[] {
  if (names === undefined || names.length === 0) return allProjections;
  return [...new Set(names)].map((name) => {
    const projection = allProjections.find((p) => p.name === name);
    if (!projection) {
      throw new UsageError(`unknown projection "${name}" (known: ${allProjections.map((p) => p.name).join(', ')})`);
    }
    return projection;
  });
}
