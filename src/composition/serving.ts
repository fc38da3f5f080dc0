import { Config } from '../config';
import { ApiKeyRing } from '../http/auth/api-key-ring';
import { startEventWriterThread } from '../infrastructure/eventstore/event-writer-client';
import { startBackgroundThreads } from './background-worker';
import { createHttpApp } from './http-app';
import { openOms } from './oms';
import { eventsFile } from './open-stores';

/**
 * Everything `oms serve` runs, ready to listen: the API on this thread, the
 * projections and the process manager with its jobs on background threads,
 * and, on the embedded store, one thread that writes the event log for all
 * of them (shared group commits; no JavaScript thread waits on an fsync).
 * `close` stops the background, then the stores, then the writer.
 */
export async function openServing(config: Config, env: NodeJS.ProcessEnv, options: { keys?: ApiKeyRing } = {}) {
  const writer = config.EVENTSTORE_URL ? null : startEventWriterThread(eventsFile(config));
  // Started threads keep the process alive: a failure on the way closes what came before it.
  const oms = await openOms({ config, ...(options.keys ? { keys: options.keys } : {}), ...(writer ? { eventWriter: writer.connect() } : {}) }).catch(
    async (error: unknown) => {
      await writer?.close();
      throw error;
    },
  );
  const httpApp = await createHttpApp(oms);
  const background = await startBackgroundThreads(oms, env, oms.logger.child({ component: 'background' }), writer?.connect);
  return {
    oms,
    app: httpApp.app,
    routes: httpApp.routes,
    async close() {
      await httpApp.close();
      await background.stop();
      await oms.close();
      await writer?.close();
    },
  };
}
