/**
 * The background work of `oms serve` (projections, process manager, jobs) in
 * a worker thread of its own, so it runs on the second core and never holds
 * up the event loop that answers HTTP. It opens its own connections to the
 * same stores and takes the leases like any other worker process would.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config';
import { ApiKeyRing } from '../http/auth/api-key-ring';
import { openOms } from './oms';

export type BackgroundThreadMessage =
  | { type: 'state'; state: ReturnType<Awaited<ReturnType<typeof openOms>>['backgroundState']> }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

const STATE_EVERY_MS = 1000;

async function main() {
  const port = parentPort!;
  const config = loadConfig((workerData as { env: NodeJS.ProcessEnv }).env);
  const oms = await openOms({ config, keys: new ApiKeyRing([]) });
  const post = (message: BackgroundThreadMessage) => port.postMessage(message);
  await oms.start();
  const report = () => post({ type: 'state', state: oms.backgroundState() });
  const timer = setInterval(report, STATE_EVERY_MS);
  report();
  port.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    void oms.close().then(() => post({ type: 'stopped' }));
  });
}

main().catch((error: unknown) => parentPort?.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
