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
  const httpApp = await createHttpApp(oms, killAfterCommand(env));
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

/**
 * Fault injection for the crash tests: OMS_TEST_KILL_AFTER_COMMAND=<Idempotency-Key>
 * makes the request with that key SIGKILL this process once its command is
 * in the log and before its answer is stored or sent.
 */
const killAfterCommand = (env: NodeJS.ProcessEnv) => {
  const key = env.OMS_TEST_KILL_AFTER_COMMAND;
  if (!key) return {};
  return {
    afterCommand: (request: { key: string }) => {
      if (request.key === key) process.kill(process.pid, 'SIGKILL');
    },
  };
};
