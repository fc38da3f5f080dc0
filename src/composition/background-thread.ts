/**
 * Background work of `oms serve` (the projections, or the process manager
 * and jobs) in a worker thread of its own, so it runs on another core and
 * never holds up the event loop that answers HTTP. It opens its own
 * connections to the same stores and takes its lease like any worker process.
 * The threads run at the API's priority on purpose: when the machine is
 * saturated, intake slows down with them instead of their lag growing.
 */
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config';
import { ApiKeyRing } from '../http/auth/api-key-ring';
import { BackgroundState, openOms } from './oms';

export type BackgroundRoles = { projections?: boolean; workflow?: boolean };

export type BackgroundThreadMessage =
  | { type: 'state'; state: BackgroundState }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

const STATE_EVERY_MS = 1000;

async function main() {
  const port = parentPort!;
  const { env, roles, eventWriter } = workerData as { env: NodeJS.ProcessEnv; roles: BackgroundRoles; eventWriter?: MessagePort };
  const oms = await openOms({ config: loadConfig(env), keys: new ApiKeyRing([]), ...(eventWriter ? { eventWriter } : {}) });
  const post = (message: BackgroundThreadMessage) => port.postMessage(message);
  await oms.start(roles);
  // The workflow thread runs the jobs: its queue's counts are the ones /health shows.
  const jobs = async () => (roles.workflow ? { jobs: await oms.jobs.counts() } : {});
  // A report cut short by the queue closing at stop is simply not sent.
  const report = () => void jobs().then((counts) => post({ type: 'state', state: { ...oms.backgroundState(), ...counts } }), () => undefined);
  const timer = setInterval(report, STATE_EVERY_MS);
  report();
  port.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    void oms.close().then(() => post({ type: 'stopped' }));
  });
}

main().catch((error: unknown) => parentPort?.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
