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
import { CustomerQueries } from '../queries/customer-queries';
import { ForecastQueries } from '../queries/forecast-queries';
import { InventoryQueries } from '../queries/inventory-queries';
import { OrderQueries } from '../queries/order-queries';
import { ProductFamilyQueries } from '../queries/product-family-queries';
import { Queries } from '../queries/queries';
import { ShipmentQueries } from '../queries/shipment-queries';
import { ComponentState, HealthReport, PollerState } from '../queries/health-report';
import { PROCESS_MANAGER, ProcessManager } from '../commands/workflow/process-manager';
import { ReadModelPositions } from '../projections/read-model-positions';
import { eventLag } from '../projections/lag';
import { LeasedWork } from './leased-work';
import { PollingWork } from '../infrastructure/scheduling/polling-work';
import { magentoPull } from './magento-pull';
import { trackingPoll } from './tracking-poll';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { MessagePort, threadId } from 'node:worker_threads';
import { registerWorkflowJobs, WorkflowPorts } from '../commands/workflow/workflow-jobs';
import { openPorts, openStores, quotingCarriersOf } from './open-stores';
import { quoteShipping } from '../commands/shipping/quote-shipping';
import type { QuoteRequest } from '../infrastructure/carriers/carrier';
import { openPaymentSecrets } from './open-payment-secrets';
import { placeOrder, PlaceOrderInput } from '../commands/place-order';
import { CommandContext } from '../commands/command-handler';
import type { JobCounts } from '../infrastructure/jobs/job-queue';
import { HubSpotCrm } from '../infrastructure/crm/hubspot-crm';
import { CRM_DEALS, registerRecordOrderJob } from '../commands/crm/record-order-job';
import { registerChannelCancelJob } from '../commands/channels/channel-cancel-job';
import { channelOrdersOf } from './channel-orders';
import { CRM_FOLLOWER, CrmFollower } from '../commands/crm/crm-follower';
import { webhookCollections } from '../infrastructure/webhooks/webhook-documents';
import { WEBHOOK_DISPATCHER } from '../infrastructure/webhooks/webhook-dispatcher';
import type { WebhookRetryPolicy } from '../infrastructure/webhooks/webhook-lanes';
import { composeWebhooks } from './webhooks';

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
  /** Webhook retry timings to use instead of the production ones (tests). */
  webhookRetry?: Partial<WebhookRetryPolicy>;
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
  await documents.ensureCollections(webhookCollections);

  const handlers = createCommandHandlers(events, {
    // Tail reads on every store; no read at all while the embedded store says no other thread or process appended.
    streamCache: stores.otherWriters ? { otherWriters: stores.otherWriters } : {},
    now,
    onOutcome: (type, outcome, seconds) => {
      metrics.commands.inc({ type, outcome });
      metrics.commandDuration.observe({ type }, seconds);
    },
  });
  const holder = `${os.hostname()}:${process.pid}:${threadId}:${randomUUID().slice(0, 8)}`;
  const leases = {
    projections: { name: 'projections', holder },
    workflow: { name: PROCESS_MANAGER, holder },
    crm: { name: CRM_FOLLOWER, holder },
    webhooks: { name: WEBHOOK_DISPATCHER, holder },
  };
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
  const inventory = new InventoryQueries(documents);
  const forecasts = new ForecastQueries(documents, () => now().toISOString().slice(0, 10));
  const queries: Queries = {
    orders: new OrderQueries(documents),
    inventory,
    catalog: new CatalogQueries(documents),
    productFamilies: new ProductFamilyQueries(inventory, forecasts),
    customers: new CustomerQueries(documents),
    forecasts,
    analytics: new AnalyticsQueries(documents),
    audit: new AuditQueries(events),
    shipments: new ShipmentQueries(documents),
  };
  const keys = options.keys ?? loadKeys(config, logger);
  const ports = options.ports ?? openPorts(config, logger, stores.sandboxPayments, now);
  const secrets = await openPaymentSecrets(config).catch(async (error: unknown) => {
    await ports.payments.close?.();
    await stores.close();
    throw error;
  });
  const carriersLogger = logger.child({ component: 'carriers' });
  const quotingCarriers = quotingCarriersOf(config, ports.carrier);
  const intake = { handlers, secrets, maxOrderTotal: config.OMS_MAX_ORDER_TOTAL, paymentMethods: ports.payments.supportedMethods };
  const place = (input: PlaceOrderInput, context: CommandContext & { at: string }) => placeOrder(intake, input, context);
  registerWorkflowJobs(jobs, {
    handlers,
    events,
    ports,
    secrets,
    now,
    logger: logger.child({ component: 'workflow-jobs' }),
    onJob: (name, outcome) => metrics.jobs.inc({ name, outcome }),
    onDeliveryException: ({ stage, code }) => metrics.deliveryExceptions.inc({ stage, code }),
  });
  registerChannelCancelJob(jobs, {
    events,
    channels: channelOrdersOf(config),
    logger: logger.child({ component: 'channels' }),
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
  const webhooks = composeWebhooks({
    config,
    events,
    documents,
    jobs,
    now,
    logger,
    lease: leases.webhooks,
    ...(options.webhookRetry ? { retry: options.webhookRetry } : {}),
  });
  const leaseOptions = { ttlMs: config.OMS_LEASE_TTL_MS, logger: logger.child({ component: 'leases' }) };
  // Customers and orders go to HubSpot only when it is configured.
  const crm = config.OMS_HUBSPOT_TOKEN ? new HubSpotCrm({ token: config.OMS_HUBSPOT_TOKEN }) : null;
  if (crm) {
    await documents.ensureCollections([CRM_DEALS]);
    registerRecordOrderJob(jobs, { handlers, crm, documents, logger: logger.child({ component: 'crm' }) });
  }
  const tracking = trackingPoll(config, { handlers, documents, carrier: ports.carrier, holder, logger: logger.child({ component: 'tracking' }), leaseOptions });
  const magento = magentoPull(config, { intake: { placeOrder: place, handlers, now, queries }, documents, holder, now, logger: logger.child({ component: 'magento' }), leaseOptions });
  const background = {
    projections: new LeasedWork(documents, leases.projections, projections, leaseOptions),
    workflow: new LeasedWork(documents, leases.workflow, processManager, leaseOptions),
    magento: magento?.work ?? null,
    crm: crm
      ? new LeasedWork(documents, leases.crm, new CrmFollower({ events, documents, jobs, logger: logger.child({ component: 'crm' }), lease: leases.crm }), leaseOptions)
      : null,
    webhooks: new LeasedWork(documents, leases.webhooks, webhooks.background, leaseOptions),
    tracking: tracking.background?.work ?? null,
  };
  /** What asks outside services on a schedule, by the name /health shows: those configured. */
  const pollers: Record<string, Poller> = {
    ...(tracking.background ? { tracking: tracking.background } : {}),
    ...(magento ? { magento } : {}),
  };
  /** Set by a process whose background work runs elsewhere (a worker thread) to report its state. */
  let remoteState: BackgroundState | null = null;

  /** Where every projection and the process manager stand, read from the stores, wherever they run. */
  const health = async (): Promise<HealthReport> => {
    const head = await events.headPosition();
    const checkpoints = await documents.listCheckpoints();
    // In events on every store (EventStoreDB positions are byte offsets).
    const lagOf = eventLag(stores.events, head);
    const local = localState(background, pollers);
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
    const followers = Object.fromEntries(
      await Promise.all(
        followersOf(background).map(async ({ shown, checkpoint }) => {
          const position = checkpoints[checkpoint] ?? 0n;
          const followerState = state.followers[shown] ?? { state: 'idle', error: null, leaseHeld: false };
          return [shown, { position: formatPosition(position), lag: await lagOf(position), ...followerState }] as const;
        }),
      ),
    );
    const failed = [state.projections, state.processManager, ...Object.values(followers)].some((component) => component.state === 'failed');
    return {
      status: failed ? ('degraded' as const) : ('ok' as const),
      eventStore: { adapter: stores.describe.eventStore, head: formatPosition(head) },
      documents: { adapter: stores.describe.documents },
      // In `oms serve` the jobs run on the workflow thread: its queue is the one to count.
      jobs: { adapter: stores.describe.jobs, ...(remoteState?.jobs ?? (await jobs.counts())) },
      projections: projectionStatus,
      processManager: { position: formatPosition(workflowPosition), lag: await lagOf(workflowPosition), ...state.processManager },
      followers,
      pollers: state.pollers,
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
    /** Outbound webhook subscriptions (the routes) and the dispatcher (background, with the workflow). */
    webhooks,
    ports,
    secrets,
    /** Follows open shipments at the carrier (background every OMS_TRACKING_POLL_SECONDS; `pollOnce` for one pass now). */
    trackingPoller: tracking.poller,
    /** Quotes from every configured carrier (POST /shipping/quotes). */
    quoteShipping: (request: QuoteRequest) => quoteShipping(quotingCarriers, request, carriersLogger),
    /** Places an order with this process's limits and secret store (POST /orders, the seed, tests). */
    placeOrder: place,
    queries,
    keys,
    health,
    /** The leased background work of this process, to stop and start one piece alone. */
    background,
    /** What this process runs in the background, and whether it holds the lease for it. */
    backgroundState: () => localState(background, pollers),
    reportRemoteState(state: BackgroundState) {
      remoteState = state;
    },
    /**
     * Starts background work in this process: the projections and/or the
     * workflow (process manager and job workers). Each runs where its lease is
     * held; a process that does not get the lease stands by to take over.
     */
    async start(roles: { projections?: boolean; workflow?: boolean; magento?: boolean } = { projections: true, workflow: true }) {
      if (roles.workflow) await jobs.start();
      if (roles.projections) await background.projections.start();
      if (roles.workflow) await background.workflow.start();
      if (roles.workflow) await background.webhooks.start();
      // The jobs worker pulls from Magento too when it is configured; `oms worker magento` does only that.
      if (roles.workflow || roles.magento) await background.magento?.start();
      if (roles.workflow) await background.crm?.start();
      if (roles.workflow) await background.tracking?.start();
    },
    async close() {
      await background.tracking?.stop();
      await background.crm?.stop();
      await background.magento?.stop();
      await background.webhooks.stop();
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

export type BackgroundState = {
  projections: ComponentState;
  processManager: ComponentState;
  /** By the name /health shows them under. */
  followers: Record<string, ComponentState>;
  pollers: Record<string, PollerState>;
  jobs?: JobCounts;
};

/** The followers /health reports beside the process manager: the name shown, the checkpoint, the work. */
const followersOf = (background: { webhooks: LeasedWork; crm: LeasedWork | null }) => [
  { shown: 'webhooks', checkpoint: WEBHOOK_DISPATCHER, work: background.webhooks },
  ...(background.crm ? [{ shown: 'crm', checkpoint: CRM_FOLLOWER, work: background.crm }] : []),
];

type Background = { projections: LeasedWork; workflow: LeasedWork; webhooks: LeasedWork; crm: LeasedWork | null };

/** A poller /health reports: its leased work and its passes. */
type Poller = { work: LeasedWork; polling: PollingWork };

const pollerState = ({ work, polling }: Poller): PollerState => ({ ...work.componentState(), ...polling.passTimes() });

const localState = (background: Background, pollers: Record<string, Poller>): BackgroundState => ({
  projections: background.projections.componentState(),
  processManager: background.workflow.componentState(),
  followers: Object.fromEntries(followersOf(background).map(({ shown, work }) => [shown, work.componentState()])),
  pollers: Object.fromEntries(Object.entries(pollers).map(([shown, poller]) => [shown, pollerState(poller)])),
});

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
