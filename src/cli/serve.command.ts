import http from 'node:http';
import { Config } from '../config';
import { createHttpApp } from '../composition/http-app';
import { openOms } from '../composition/oms';

/**
 * `oms serve`: the API, the read-model runner and the jobs in one process.
 * SIGTERM and SIGINT stop taking requests, let those in flight finish, stop
 * the runners and close the stores.
 */
export async function serve(config: Config): Promise<number> {
  const oms = await openOms({ config });
  const { app } = await createHttpApp(oms);
  await oms.start();
  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  oms.logger.info({ port, dataDir: config.OMS_DATA_DIR }, `OMS listening on http://localhost:${port}`);

  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      oms.logger.info({ signal }, 'shutting down: draining requests');
      server.close(async () => {
        await oms.close();
        oms.logger.info('stopped cleanly');
        resolve(0);
      });
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 10_000).unref();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
