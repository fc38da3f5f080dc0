import { Logger } from '../infrastructure/observability/logger';

/**
 * Runs `purge` at start and then every `intervalMs`, one run at a time, in
 * the background: a failed run is logged and the next one tries again.
 * `stop` waits for a run in progress.
 */
export function purgeEvery(intervalMs: number, purge: () => Promise<number>, logger: Logger, what: string) {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        const purged = await purge();
        if (purged > 0) logger.info({ purged }, `purged ${what}`);
      } catch (error) {
        logger.warn({ err: error }, `purging ${what} failed: trying again later`);
      }
    });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
