import { createApp } from '../http/app';
import { IdempotencyGuard, IdempotencyGuardOptions } from '../http/idempotency/idempotency-guard';
import { RequestLimits } from '../http/request-limits';
import { allRoutes } from '../http/routes';
import { describeIntegrations, WebhookSecrets } from '../integrations/integration-routes';
import { Oms } from './oms';
import { purgeEvery } from './purge-every';
import { openRequestLimits } from './request-limits';

const VERSION = '0.1.0';
const PURGE_INTERVAL_MS = 10 * 60_000;

export type HttpAppOptions = {
  /** Limits to use instead of the ones the config describes. */
  limits?: RequestLimits;
  /** Fault injection for the crash tests (see IdempotencyGuardOptions). */
  afterCommand?: IdempotencyGuardOptions['afterCommand'];
};

/**
 * The HTTP API over one OMS process, with the background purge of expired
 * idempotency records. `close` stops the purge and lets go of the limits'
 * Redis connection.
 */
export async function createHttpApp(oms: Oms, options: HttpAppOptions = {}) {
  await oms.requests.ensureCollections(IdempotencyGuard.collections);
  const webhookSecrets: WebhookSecrets = {
    shopify: oms.config.OMS_SHOPIFY_WEBHOOK_SECRET,
    woocommerce: oms.config.OMS_WOOCOMMERCE_WEBHOOK_SECRET,
    easypost: oms.config.OMS_EASYPOST_WEBHOOK_SECRET,
  };
  const logger = oms.logger.child({ component: 'http' });
  const routes = allRoutes({
    logger,
    handlers: oms.handlers,
    placeOrder: oms.placeOrder,
    queries: oms.queries,
    health: oms.health,
    metrics: oms.metrics,
    now: oms.now,
    version: VERSION,
    webhooks: oms.webhooks.subscriptions,
    webhooksRequireHttps: oms.config.OMS_WEBHOOKS_REQUIRE_HTTPS,
    webhookNetworks: oms.config.OMS_WEBHOOKS_PUBLIC_ONLY,
    quoteShipping: oms.quoteShipping,
    metricsToken: oms.config.OMS_METRICS_TOKEN,
    webhookSecrets,
  });
  const integrations = describeIntegrations(webhookSecrets);
  logger.info(integrations.fields, integrations.message);
  const limits = options.limits ?? (await openRequestLimits(oms.config, logger));
  const idempotency = new IdempotencyGuard(oms.requests, {
    ttlMs: oms.config.OMS_IDEMPOTENCY_TTL_HOURS * 3_600_000,
    now: oms.now,
    ...(options.afterCommand ? { afterCommand: options.afterCommand } : {}),
  });
  const purge = purgeEvery(PURGE_INTERVAL_MS, () => idempotency.purgeExpired(), logger, 'expired idempotency records');
  const app = createApp({
    routes,
    keys: oms.keys,
    logger,
    metrics: oms.metrics,
    limits,
    idempotency,
    readModels: oms.readModels,
  });
  return {
    app,
    routes,
    idempotency,
    async close() {
      await purge.stop();
      await limits.close();
    },
  };
}
