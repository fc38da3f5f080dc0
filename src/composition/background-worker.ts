import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '../infrastructure/observability/logger';
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
): Promise<{ stop: () => Promise<void> }> {
  const state: BackgroundState = oms.backgroundState();
  const threads = [
    startThread({ projections: true }, env, logger, (reported) => {
      state.projections = reported.projections;
      oms.reportRemoteState(state);
    }),
    startThread({ workflow: true }, env, logger, (reported) => {
      state.processManager = reported.processManager;
      oms.reportRemoteState(state);
    }),
  ];
  return { stop: async () => void (await Promise.all(threads.map((thread) => thread.stop()))) };
}

function startThread(roles: BackgroundRoles, env: NodeJS.ProcessEnv, logger: Logger, onState: (state: BackgroundState) => void) {
  const worker = new Worker(path.join(__dirname, 'background-thread.js'), { workerData: { env: { ...env }, roles } });
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
