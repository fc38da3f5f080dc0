import { Config } from '../config';
import { DocumentStore, Lease } from '../infrastructure/documents/document-store';
import { EventStore } from '../infrastructure/eventstore/event-store';
import { JobQueue } from '../infrastructure/jobs/job-queue';
import { Logger } from '../infrastructure/observability/logger';
import { WebhookDelivery } from '../infrastructure/webhooks/webhook-delivery';
import { WebhookDispatcher } from '../infrastructure/webhooks/webhook-dispatcher';
import { DEFAULT_RETRY_POLICY, DELIVER_WEBHOOK_JOB, WebhookLanes, WebhookRetryPolicy } from '../infrastructure/webhooks/webhook-lanes';
import { signedPoster } from '../infrastructure/webhooks/webhook-sender';
import { WebhookStore } from '../infrastructure/webhooks/webhook-store';
import { WebhookSubscriptions } from '../infrastructure/webhooks/webhook-subscriptions';
import { Work } from './leased-work';
import { purgeEvery } from './purge-every';

const DAY_MS = 86_400_000;
/** How often old deliveries are looked for: they only need to go some time after their retention ends. */
const FORGET_EVERY_MS = 3_600_000;

export type WebhooksOptions = {
  config: Config;
  events: EventStore;
  documents: DocumentStore;
  jobs: JobQueue;
  now: () => Date;
  logger: Logger;
  lease: Lease;
  /** Faster retries and an earlier pause for tests; the defaults otherwise. */
  retry?: Partial<WebhookRetryPolicy>;
};

/**
 * Outbound webhooks: the subscriptions the routes manage, the delivery job
 * registered on this process's queue, and the background work run under the
 * webhooks lease: the dispatcher that follows the log, and an hourly pass
 * that forgets deliveries older than OMS_WEBHOOKS_RETENTION_DAYS.
 */
export function composeWebhooks(options: WebhooksOptions) {
  const { events, documents, jobs, now, logger, lease } = options;
  const retry: WebhookRetryPolicy = { ...DEFAULT_RETRY_POLICY, timeoutMs: options.config.OMS_WEBHOOKS_TIMEOUT_MS, ...options.retry };
  const store = new WebhookStore(documents);
  const lanes = new WebhookLanes(store, jobs, retry);
  const send = signedPoster(options.config.OMS_WEBHOOKS_PUBLIC_ONLY);
  const delivery = new WebhookDelivery({ store, lanes, retry, now, send, logger: logger.child({ component: 'webhook-delivery' }) });
  jobs.process(DELIVER_WEBHOOK_JOB, delivery.handle);
  const dispatcher = new WebhookDispatcher({ events, documents, store, lanes, lease, logger: logger.child({ component: 'webhook-dispatcher' }) });
  const retentionMs = options.config.OMS_WEBHOOKS_RETENTION_DAYS * DAY_MS;
  const forgetOld = () => store.forgetBefore(new Date(now().getTime() - retentionMs).toISOString());
  let forgetting: { stop(): Promise<void> } | null = null;
  const background: Work = {
    async start() {
      await dispatcher.start();
      forgetting = purgeEvery(FORGET_EVERY_MS, forgetOld, logger.child({ component: 'webhook-retention' }), 'old webhook deliveries');
    },
    async stop() {
      await forgetting?.stop();
      forgetting = null;
      await dispatcher.stop();
    },
    health: () => dispatcher.health(),
  };
  return {
    subscriptions: new WebhookSubscriptions({ documents, headPosition: () => events.headPosition(), now }),
    background,
  };
}
