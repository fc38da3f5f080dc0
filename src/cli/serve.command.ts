import http from 'node:http';
import { Config } from '../config';
import { openServing } from '../composition/serving';
import { answerClientErrors } from '../http/client-errors';
import { untilSignalled } from './signals';

/**
 * `oms serve`: the API on this thread; the projections on one background
 * thread and the process manager with its jobs on another (they run there
 * when this process holds their leases); on the embedded store, one more
 * thread writes the event log for all of them. SIGTERM and SIGINT stop
 * taking requests, let those in flight finish, stop the background work and
 * close the stores.
 */
const hostInUrl = (host: string | undefined) => (host === undefined ? 'localhost' : host.includes(':') ? `[${host}]` : host);

export async function serve(config: Config, env: NodeJS.ProcessEnv): Promise<number> {
  const serving = await openServing(config, env);
  const { oms } = serving;
  const server = http.createServer(serving.app);
  answerClientErrors(server);
  server.keepAliveTimeout = 5_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, resolve);
    });
  } catch (error) {
    await serving.close();
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is in use' : String(error);
    process.stderr.write(`oms: cannot listen on port ${config.PORT}: ${reason}\n`);
    return 1;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  oms.logger.info({ port, host: config.HOST ?? null, dataDir: config.OMS_DATA_DIR }, `OMS listening on http://${hostInUrl(config.HOST)}:${port}`);

  const signal = await untilSignalled();
  oms.logger.info({ signal }, 'shutting down: draining requests');
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 10_000).unref();
  await drained;
  await serving.close();
  oms.logger.info('stopped cleanly');
  return 0;
}
