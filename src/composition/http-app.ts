import { createApp } from '../http/app';
import { IdempotencyGuard } from '../http/idempotency/idempotency-guard';
import { RequestLimits } from '../http/request-limits';
import { allRoutes } from '../http/routes';
import { Oms } from './oms';
import { openRequestLimits } from './request-limits';

const VERSION = '0.1.0';

/** The HTTP API over one OMS process. `close` lets go of what it holds beside the OMS (the limits' Redis connection). */
export async function createHttpApp(oms: Oms, options: { limits?: RequestLimits } = {}) {
  await oms.requests.ensureCollections(IdempotencyGuard.collections);
  const routes = allRoutes({
    handlers: oms.handlers,
    queries: oms.queries,
    health: oms.health,
    metrics: oms.metrics,
    now: oms.now,
    version: VERSION,
    metricsToken: oms.config.OMS_METRICS_TOKEN,
  });
  const logger = oms.logger.child({ component: 'http' });
  const limits = options.limits ?? (await openRequestLimits(oms.config, logger));
  const app = createApp({
    routes,
    keys: oms.keys,
    logger,
    metrics: oms.metrics,
    limits,
    idempotency: new IdempotencyGuard(oms.requests),
    readModels: oms.readModels,
  });
  return { app, routes, close: () => limits.close() };
}
