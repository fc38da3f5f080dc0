import { createApp } from '../http/app';
import { IdempotencyGuard } from '../http/idempotency/idempotency-guard';
import { RateLimiter } from '../http/rate-limiter';
import { allRoutes } from '../http/routes';
import { Oms } from './oms';

const VERSION = '0.1.0';

/** The HTTP API over one OMS process. */
export async function createHttpApp(oms: Oms) {
  await oms.requests.ensureCollections(IdempotencyGuard.collections);
  const routes = allRoutes({
    handlers: oms.handlers,
    placeOrder: oms.placeOrder,
    queries: oms.queries,
    health: oms.health,
    metrics: oms.metrics,
    now: oms.now,
    version: VERSION,
    metricsToken: oms.config.OMS_METRICS_TOKEN,
  });
  const app = createApp({
    routes,
    keys: oms.keys,
    logger: oms.logger.child({ component: 'http' }),
    metrics: oms.metrics,
    rateLimiter: new RateLimiter(oms.config.OMS_RATE_LIMIT_PER_MINUTE),
    idempotency: new IdempotencyGuard(oms.requests),
    readModels: oms.readModels,
  });
  return { app, routes };
}
