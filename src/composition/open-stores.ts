import path from 'node:path';
import { Config } from '../config';
import { DocumentStore } from '../infrastructure/documents/document-store';
import { SqliteDocumentStore } from '../infrastructure/documents/sqlite-document-store';
import { EventStore } from '../infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../infrastructure/eventstore/sqlite-event-store';
import { BullMqJobQueue } from '../infrastructure/jobs/bullmq-job-queue';
import { InlineJobQueue } from '../infrastructure/jobs/inline-job-queue';
import { JobQueue } from '../infrastructure/jobs/job-queue';
import { Logger } from '../infrastructure/observability/logger';
import { SandboxCarrier } from '../infrastructure/carriers/sandbox-carrier';
import { LogNotifier } from '../infrastructure/notifications/log-notifier';
import { SmtpNotifier } from '../infrastructure/notifications/smtp-notifier';
import { SandboxPaymentGateway } from '../infrastructure/payments/sandbox-payment-gateway';
import { WorkflowPorts } from '../commands/workflow/workflow-jobs';

export type Stores = {
  events: EventStore;
  /** Read models and the process manager's state: all of it can be rebuilt from the log. */
  documents: DocumentStore;
  /** What cannot be rebuilt from the log: answers stored for Idempotency-Key. Durable on every commit. */
  requests: DocumentStore;
  jobs: JobQueue;
  describe: { eventStore: string; documents: string; jobs: string };
};

/**
 * The one place that picks adapters: the embedded SQLite files under the data
 * folder unless the environment names EventStoreDB, MongoDB or Redis.
 */
export async function openStores(config: Config, logger: Logger): Promise<Stores> {
  if (config.EVENTSTORE_URL) throw new Error('EVENTSTORE_URL is not supported by this build yet');
  if (config.MONGODB_URL) throw new Error('MONGODB_URL is not supported by this build yet');
  const events = new SqliteEventStore({ filename: path.join(config.OMS_DATA_DIR, 'events.db') });
  const documents = await SqliteDocumentStore.open(path.join(config.OMS_DATA_DIR, 'read-models.db'), { durability: 'normal' });
  const requests = await SqliteDocumentStore.open(path.join(config.OMS_DATA_DIR, 'requests.db'));
  const jobs: JobQueue = config.REDIS_URL
    ? new BullMqJobQueue({ url: config.REDIS_URL, logger: logger.child({ component: 'jobs' }) })
    : new InlineJobQueue({ logger: logger.child({ component: 'jobs' }) });
  return {
    events,
    documents,
    requests,
    jobs,
    describe: { eventStore: 'sqlite', documents: 'sqlite', jobs: config.REDIS_URL ? 'bullmq' : 'inline' },
  };
}

/** The outside services the workflow talks to: sandboxes until real adapters are configured. */
export function openPorts(config: Config, logger: Logger): WorkflowPorts {
  const notifierLogger = logger.child({ component: 'notifier' });
  return {
    payments: new SandboxPaymentGateway(),
    carrier: new SandboxCarrier(),
    notifier:
      config.OMS_NOTIFIER === 'smtp' && config.SMTP_URL
        ? new SmtpNotifier({ url: config.SMTP_URL, from: config.OMS_NOTIFY_FROM, logger: notifierLogger })
        : new LogNotifier({ logger: notifierLogger }),
  };
}
