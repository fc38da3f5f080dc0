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
import { Queries } from '../queries/queries';
import { ComponentState, HealthReport } from '../queries/health-report';
import { PROCESS_MANAGER, ProcessManager } from '../commands/workflow/process-manager';
import { ReadModelPositions } from '../projections/read-model-positions';
import { eventLag } from '../projections/lag';
import { LeasedWork } from './leased-work';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { MessagePort, threadId } from 'node:worker_threads';
import { registerWorkflowJobs, WorkflowPorts } from '../commands/workflow/workflow-jobs';
import { openPorts, openStores } from './open-stores';
import { openPaymentSecrets } from './open-payment-secrets';
import { placeOrder, PlaceOrderInput } from '../commands/place-order';
import { CommandContext } from '../commands/command-handler';
import type { JobCounts } from '../infrastructure/jobs/job-queue';

export type OmsOptions = {
  config: Config;
  logger?: Logger;
  now?: () => Date;
  /** Keys to accept instead of OMS_API_KEYS or the generated ones (tests). */
  keys?: ApiKeyRing;
  /** Payment gateway, carrier and notifier to use instead of the configured ones (tests). */
  ports?: WorkflowPorts;
  /** A port to the process's event writer thread, when one runs (`oms serve` on the embedded store). */
  eventWriter?: MessagePort;
};

/**
 * Everything one OMS process holds: stores, command handlers, read-model
 * runner, queries and keys. `start` runs the background work this process
 * owns; `close` stops it and closes the stores.
 */
export async function openOms(options: OmsOptions) {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.OMS_LOG_LEVEL, config.OMS_LOG_FORMAT);
  const now = options.now ?? (() => new Date());
  const metrics = createMetrics();
  const stores = await openStores(config, logger, { ...(options.eventWriter ? { eventWriter: options.eventWriter } : {}) });
  const events = instrumentedEventStore(stores.events, (seconds) => metrics.appendDuration.observe(seconds));
  const { documents, requests, jobs } = stores;
  // Queries need the read models declared even where no projection runs.
  await documents.ensureCollections(allProjections.flatMap((projection) => projection.collections));

  const handlers = createCommandHandlers(events, {
    now,
    onOutcome: (type, outcome, seconds) => {
      metrics.commands.inc({ type, outcome });
      metrics.commandDuration.observe({ type }, seconds);
    },
  });
  const holder = `${os.hostname()}:${process.pid}:${threadId}:${randomUUID().slice(0, 8)}`;
  const leases = { projections: { name: 'projections', holder }, workflow: { name: PROCESS_MANAGER, holder } };
  const projections = new ProjectionRunner({
    events,
    documents,
    projections: allProjections,
    logger: logger.child({ component: 'projections' }),
    onBatch: (_events, seconds) => metrics.projectionBatchDuration.observe(seconds),
    lease: leases.projections,
  });
  const readModels = new ReadModelPositions(
    documents,
    allProjections.map((projection) => projection.name),
  );
  const queries: Queries = {
    orders: new OrderQueries(documents),
    inventory: new InventoryQueries(documents),
    catalog: new CatalogQueries(documents),
    forecasts: new ForecastQueries(documents, () => now().toISOString().slice(0, 10)),
    analytics: new AnalyticsQueries(documents),
    audit: new AuditQueries(events),
  };
  const keys = options.keys ?? loadKeys(config, logger);
  const ports = options.ports ?? openPorts(config, logger, stores.sandboxPayments);
  const secrets = await openPaymentSecrets(config).catch(async (error: unknown) => {
    await ports.payments.close?.();
    await stores.close();
    throw error;
  });
  const intake = { handlers, secrets, maxOrderTotal: config.OMS_MAX_ORDER_TOTAL, paymentMethods: ports.payments.supportedMethods };
  registerWorkflowJobs(jobs, {
    handlers,
    events,
    ports,
    secrets,
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
    lease: leases.workflow,
  });
  const leaseOptions = { ttlMs: config.OMS_LEASE_TTL_MS, logger: logger.child({ component: 'leases' }) };
  const background = {
    projections: new LeasedWork(documents, leases.projections, projections, leaseOptions),
    workflow: new LeasedWork(documents, leases.workflow, processManager, leaseOptions),
  };
  /** Set by a process whose background work runs elsewhere (a worker thread) to report its state. */
  let remoteState: BackgroundState | null = null;

  /** Where every projection and the process manager stand, read from the stores, wherever they run. */
  const health = async (): Promise<HealthReport> => {
    const head = await events.headPosition();
    const checkpoints = await documents.listCheckpoints();
    // In events on every store (EventStoreDB positions are byte offsets).
    const lagOf = eventLag(stores.events, head);
    const local = localState(projections, processManager, background);
    const state = remoteState ?? local;
    const projectionStatus = Object.fromEntries(
      await Promise.all(
        allProjections.map(async ({ name }) => {
          const position = checkpoints[name] ?? 0n;
          const lag = await lagOf(position);
          metrics.projectionLag.set({ projection: name }, lag);
          return [name, { position: formatPosition(position), lag, ...state.projections }] as const;
        }),
      ),
    );
    const workflowPosition = checkpoints[PROCESS_MANAGER] ?? 0n;
    const failed = state.projections.state === 'failed' || state.processManager.state === 'failed';
    return {
      status: failed ? ('degraded' as const) : ('ok' as const),
      eventStore: { adapter: stores.describe.eventStore, head: formatPosition(head) },
      documents: { adapter: stores.describe.documents },
      // In `oms serve` the jobs run on the workflow thread: its queue is the one to count.
      jobs: { adapter: stores.describe.jobs, ...(remoteState?.jobs ?? (await jobs.counts())) },
      projections: projectionStatus,
      processManager: { position: formatPosition(workflowPosition), lag: await lagOf(workflowPosition), ...state.processManager },
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
    readModels,
    processManager,
    ports,
    secrets,
    /** Places an order with this process's limits and secret store (POST /orders, the seed, tests). */
    placeOrder: (input: PlaceOrderInput, context: CommandContext & { at: string }) => placeOrder(intake, input, context),
    queries,
    keys,
    health,
    /** The leased background work of this process, to stop and start one piece alone. */
    background,
    /** What this process runs in the background, and whether it holds the lease for it. */
    backgroundState: () => localState(projections, processManager, background),
    reportRemoteState(state: BackgroundState) {
      remoteState = state;
    },
    /**
     * Starts background work in this process: the projections and/or the
     * workflow (process manager and job workers). Each runs where its lease is
     * held; a process that does not get the lease stands by to take over.
     */
    async start(roles: { projections?: boolean; workflow?: boolean } = { projections: true, workflow: true }) {
      if (roles.workflow) await jobs.start();
      if (roles.projections) await background.projections.start();
      if (roles.workflow) await background.workflow.start();
    },
    async close() {
      await background.workflow.stop();
      await background.projections.stop();
      await jobs.close();
      await ports.notifier.close();
      await ports.payments.close?.();
      await secrets.close();
      await stores.close();
    },
  };
}

export type Oms = Awaited<ReturnType<typeof openOms>>;

export type BackgroundState = { projections: ComponentState; processManager: ComponentState; jobs?: JobCounts };

const localState = (
  projections: ProjectionRunner,
  processManager: ProcessManager,
  background: { projections: LeasedWork; workflow: LeasedWork },
): BackgroundState => {
  const runner = projections.health();
  const workflow = processManager.health();
  return {
    projections: { state: runner.state, error: runner.error, leaseHeld: background.projections.holding },
    processManager: { state: workflow.state, error: workflow.error, leaseHeld: background.workflow.holding },
  };
};

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
