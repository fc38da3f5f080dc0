import { Config } from '../config';
import { DocumentStore, Lease } from '../infrastructure/documents/document-store';
import { EventStore } from '../infrastructure/eventstore/event-store';
import { JobQueue } from '../infrastructure/jobs/job-queue';
import { Logger } from '../infrastructure/observability/logger';
import { WebhookDelivery } from '../infrastructure/webhooks/webhook-delivery';
import { signedPoster } from '../infrastructure/webhooks/webhook-sender';
import { WebhookDispatcher } from '../infrastructure/webhooks/webhook-dispatcher';
import { DEFAULT_RETRY_POLICY, DELIVER_WEBHOOK_JOB, WebhookLanes, WebhookRetryPolicy } from '../infrastructure/webhooks/webhook-lanes';
import { WebhookStore } from '../infrastructure/webhooks/webhook-store';
import { WebhookSubscriptions } from '../infrastructure/webhooks/webhook-subscriptions';

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
 * registered on this process's queue, and the dispatcher that follows the
 * log (run under its own lease with the other workflow work).
 */
export function composeWebhooks(options: WebhooksOptions) {
  const { events, documents, jobs, now, logger, lease } = options;
  const retry: WebhookRetryPolicy = { ...DEFAULT_RETRY_POLICY, timeoutMs: options.config.OMS_WEBHOOKS_TIMEOUT_MS, ...options.retry };
  const store = new WebhookStore(documents);
  const lanes = new WebhookLanes(store, jobs, retry);
  const send = signedPoster(options.config.OMS_WEBHOOKS_PUBLIC_ONLY);
  const delivery = new WebhookDelivery({ store, lanes, retry, now, send, logger: logger.child({ component: 'webhook-delivery' }) });
  jobs.process(DELIVER_WEBHOOK_JOB, delivery.handle);
  return {
    subscriptions: new WebhookSubscriptions({ documents, headPosition: () => events.headPosition(), now }),
    dispatcher: new WebhookDispatcher({ events, documents, store, lanes, lease, logger: logger.child({ component: 'webhook-dispatcher' }) }),
  };
}
