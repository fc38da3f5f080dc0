import { Config } from '../config';
import { createCommandHandlers } from '../commands/command-handlers';
import { ApiKeyRing } from '../http/auth/api-key-ring';
import { instrumentedEventStore } from '../infrastructure/eventstore/instrumented-event-store';
import { formatPosition } from '../infrastructure/eventstore/event-store';
import { createLogger, Logger } from '../infrastructure/observability/logger';
import { createMetrics } from '../infrastructure/observability/metrics';
import { allProjections } from '../projections/all-projections';
import { ProjectionRunner } from '../projections/projection-runner';
import { AnalyticsQueries } from '../queries/analytics-queries';
import { AuditQueries } from '../queries/audit-queries';
import { CatalogQueries } from '../queries/catalog-queries';
import { ForecastQueries } from '../queries/forecast-queries';
import { InventoryQueries } from '../queries/inventory-queries';
import { OrderQueries } from '../queries/order-queries';
import { ProcessManager } from '../commands/workflow/process-manager';
import { registerWorkflowJobs, WorkflowPorts } from '../commands/workflow/workflow-jobs';
import { openPorts, openStores } from './open-stores';

export type OmsOptions = {
  config: Config;
  logger?: Logger;
  now?: () => Date;
  /** Keys to accept instead of OMS_API_KEYS or the generated ones (tests). */
  keys?: ApiKeyRing;
  /** Payment gateway, carrier and notifier to use instead of the configured ones (tests). */
  ports?: WorkflowPorts;
};

/**
 * Everything one OMS process holds: stores, command handlers, read-model
 * runner, queries and keys. `start` runs the background work this process
 * owns; `close` stops it and closes the stores.
 */
export async function openOms(options: OmsOptions) {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.OMS_LOG_LEVEL);
  const now = options.now ?? (() => new Date());
  const metrics = createMetrics();
  const stores = await openStores(config, logger);
  const events = instrumentedEventStore(stores.events, (seconds) => metrics.appendDuration.observe(seconds));
  const { documents, requests, jobs } = stores;

  const handlers = createCommandHandlers(events, {
    now,
    onOutcome: (type, outcome, seconds) => {
      metrics.commands.inc({ type, outcome });
      metrics.commandDuration.observe({ type }, seconds);
    },
  });
  const projections = new ProjectionRunner({
    events,
    documents,
    projections: allProjections,
    logger: logger.child({ component: 'projections' }),
    onBatch: (_events, seconds) => metrics.projectionBatchDuration.observe(seconds),
  });
  const queries = {
    orders: new OrderQueries(documents),
    inventory: new InventoryQueries(documents),
    catalog: new CatalogQueries(documents),
    forecasts: new ForecastQueries(documents, () => now().toISOString().slice(0, 10)),
    analytics: new AnalyticsQueries(documents),
    audit: new AuditQueries(events),
  };
  const keys = options.keys ?? loadKeys(config, logger);
  const ports = options.ports ?? openPorts(config, logger);
  registerWorkflowJobs(jobs, {
    handlers,
    ports,
    now,
    logger: logger.child({ component: 'workflow-jobs' }),
    onJob: (name, outcome) => metrics.jobs.inc({ name, outcome }),
  });
  const processManager = new ProcessManager({
    events,
    documents,
    jobs,
    handlers,
    strategy: config.OMS_ALLOCATION_STRATEGY,
    now,
    logger: logger.child({ component: 'process-manager' }),
  });

  const health = async () => {
    const status = await projections.status();
    for (const [name, { lag }] of Object.entries(status)) metrics.projectionLag.set({ projection: name }, Number(lag));
    const runner = projections.health();
    const workflow = processManager.health();
    return {
      status: runner.state === 'failed' || workflow.state === 'failed' ? ('degraded' as const) : ('ok' as const),
      eventStore: { adapter: stores.describe.eventStore, head: formatPosition(await events.headPosition()) },
      documents: { adapter: stores.describe.documents },
      jobs: { adapter: stores.describe.jobs, ...(await jobs.counts()) },
      projections: Object.fromEntries(
        Object.entries(status).map(([name, { position, lag }]) => [
          name,
          { position: formatPosition(position), lag: Number(lag), state: runner.state, error: runner.error },
        ]),
      ),
      processManager: { position: formatPosition(workflow.position), state: workflow.state, error: workflow.error },
    };
  };

  return {
    config,
    logger,
    metrics,
    now,
    events,
    documents,
    requests,
    jobs,
    handlers,
    projections,
    processManager,
    ports,
    queries,
    keys,
    health,
    /** Starts the read-model runner, the process manager and the job workers in this process. */
    async start() {
      await projections.start();
      await jobs.start();
      await processManager.start();
    },
    async close() {
      await processManager.stop();
      await projections.stop();
      await jobs.close();
      await ports.notifier.close();
      await events.close();
      await documents.close();
      await requests.close();
    },
  };
}

export type Oms = Awaited<ReturnType<typeof openOms>>;

function loadKeys(config: Config, logger: Logger): ApiKeyRing {
  if (config.OMS_API_KEYS) return ApiKeyRing.parse(config.OMS_API_KEYS);
  const { ring, created } = ApiKeyRing.loadOrCreate(config.OMS_DATA_DIR);
  if (created) {
    logger.warn({ keysFile: `${config.OMS_DATA_DIR}/api-keys.json` }, 'OMS_API_KEYS is not set: created one API key per role');
    process.stderr.write(
      `\nAPI keys created (shown once; kept in ${config.OMS_DATA_DIR}/api-keys.json):\n${created
        .map((entry) => `  ${entry.role.padEnd(9)} ${entry.key}`)
        .join('\n')}\n\n`,
    );
  }
  return ring;
}
