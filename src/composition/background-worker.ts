import { MessagePort, Worker } from 'node:worker_threads';
import { compiledScript } from '../infrastructure/compiled-script';
import { defaultLogFormat, Logger } from '../infrastructure/observability/logger';
import type { BackgroundRoles, BackgroundThreadMessage } from './background-thread';
import { BackgroundState, Oms } from './oms';

const STOP_TIMEOUT_MS = 30_000;

/**
 * Starts the background work on two threads, the projections on one and the
 * process manager with the jobs on the other, feeds their state to the API's
 * health, and answers how to drain them.
 */
export async function startBackgroundThreads(
  oms: Oms,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  /** A port to the process's event writer thread for each background thread, when one runs. */
  connectWriter?: () => MessagePort,
): Promise<{ stop: () => Promise<void> }> {
  const state: BackgroundState = oms.backgroundState();
  const threads = [
    startThread({ projections: true }, env, logger, connectWriter, (reported) => {
      state.projections = reported.projections;
      oms.reportRemoteState(state);
    }),
    startThread({ workflow: true }, env, logger, connectWriter, (reported) => {
      state.processManager = reported.processManager;
      state.followers = reported.followers;
      state.pollers = reported.pollers;
      if (reported.jobs) state.jobs = reported.jobs;
      oms.reportRemoteState(state);
    }),
  ];
  return { stop: async () => void (await Promise.all(threads.map((thread) => thread.stop()))) };
}

function startThread(
  roles: BackgroundRoles,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  connectWriter: (() => MessagePort) | undefined,
  onState: (state: BackgroundState) => void,
) {
  const eventWriter = connectWriter?.();
  const worker = new Worker(compiledScript(__filename, 'background-thread'), {
    // A thread's stdout is no terminal: it logs in the format the main thread chose.
    workerData: { env: { ...env, OMS_LOG_FORMAT: env.OMS_LOG_FORMAT ?? defaultLogFormat(process.stdout.isTTY) }, roles, ...(eventWriter ? { eventWriter } : {}) },
    transferList: eventWriter ? [eventWriter] : [],
  });
  let stopped: (() => void) | null = null;
  worker.on('message', (message: BackgroundThreadMessage) => {
    if (message.type === 'state') onState(message.state);
    else if (message.type === 'stopped') stopped?.();
    else logger.error({ error: message.message, roles }, 'background thread failed');
  });
  worker.on('error', (error) => logger.error({ err: error }, 'background thread crashed'));
  return {
    stop: async () => {
      await new Promise<void>((resolve) => {
        stopped = resolve;
        worker.postMessage('stop');
        setTimeout(resolve, STOP_TIMEOUT_MS).unref();
      });
      await worker.terminate();
    },
  };
}
