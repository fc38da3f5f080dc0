import http from 'node:http';
import { Config } from '../config';
import { startBackgroundThreads } from '../composition/background-worker';
import { createHttpApp } from '../composition/http-app';
import { openOms } from '../composition/oms';
import { untilSignalled } from './signals';

/**
 * `oms serve`: the API on this thread; the projections, the process manager
 * and the jobs on a background thread (they run there when this process
 * holds their leases). SIGTERM and SIGINT stop taking requests, let those in
 * flight finish, stop the background work and close the stores.
 */
export async function serve(config: Config, env: NodeJS.ProcessEnv): Promise<number> {
  const oms = await openOms({ config });
  const { app } = await createHttpApp(oms);
  const background = await startBackgroundThreads(oms, env, oms.logger.child({ component: 'background' }));
  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  oms.logger.info({ port, dataDir: config.OMS_DATA_DIR }, `OMS listening on http://localhost:${port}`);

  const signal = await untilSignalled();
  oms.logger.info({ signal }, 'shutting down: draining requests');
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 10_000).unref();
  await drained;
  await background.stop();
  await oms.close();
  oms.logger.info('stopped cleanly');
  return 0;
}
