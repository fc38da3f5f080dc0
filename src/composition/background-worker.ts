import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '../infrastructure/observability/logger';
import type { BackgroundThreadMessage } from './background-thread';
import { Oms } from './oms';

const STOP_TIMEOUT_MS = 30_000;

/** Starts the background thread and feeds its state to the API's health; `stop` drains it. */
export async function startBackgroundThread(
  oms: Oms,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<{ stop: () => Promise<void> }> {
  const worker = new Worker(path.join(__dirname, 'background-thread.js'), { workerData: { env: { ...env } } });
  let stopped: (() => void) | null = null;
  worker.on('message', (message: BackgroundThreadMessage) => {
    if (message.type === 'state') oms.reportRemoteState(message.state);
    else if (message.type === 'stopped') stopped?.();
    else logger.error({ error: message.message }, 'background thread failed');
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
