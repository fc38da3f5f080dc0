import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { SqliteDocumentStore } from '../../src/infrastructure/documents/sqlite-document-store';
import { SqliteEventStore } from '../../src/infrastructure/eventstore/sqlite-event-store';
import { InlineJobQueue } from '../../src/infrastructure/jobs/inline-job-queue';
import { JobQueue } from '../../src/infrastructure/jobs/job-queue';
import { currentSchemaVersionOf } from '../../src/infrastructure/eventstore/event-decoders';
import { silentLogger } from '../../src/infrastructure/observability/logger';
import { WebhookDelivery } from '../../src/infrastructure/webhooks/webhook-delivery';
import { WebhookDispatcher } from '../../src/infrastructure/webhooks/webhook-dispatcher';
import { webhookCollections } from '../../src/infrastructure/webhooks/webhook-documents';
import { DELIVER_WEBHOOK_JOB, WebhookLanes, WebhookRetryPolicy } from '../../src/infrastructure/webhooks/webhook-lanes';
import { signedPoster } from '../../src/infrastructure/webhooks/webhook-sender';
import { WebhookStore } from '../../src/infrastructure/webhooks/webhook-store';
import { WebhookSubscriptions } from '../../src/infrastructure/webhooks/webhook-subscriptions';
import { ReceivedWebhook } from './webhook-receiver';

/*
 * The OMS side of outbound webhooks, alone: SQLite files for the log and the
 * documents, a job queue (inline unless a test brings another), the
 * dispatcher and the delivery job, and a clock the test moves.
 */

export const HOUR = 3_600_000;
/** Retries at once (1, 2, 4 ms) so no test waits on the production backoff; the pause keeps its real 24 h on the test clock. */
export const FAST: WebhookRetryPolicy = { firstRetryMs: 1, maxRetryMs: 4, pauseAfterMs: 24 * HOUR, timeoutMs: 3_000 };
const WAIT_LIMIT_MS = 10_000;

export const ORDER_A = '0190a0b0-0000-7000-8000-00000000000a';
export const ORDER_B = '0190a0b0-0000-7000-8000-00000000000b';

/** What a receiver does with the OMS-Signature header (the docs show the same check). */
export const verifies = (secret: string, webhook: ReceivedWebhook): boolean => {
  const header = String(webhook.headers['oms-signature'] ?? '');
  const { t, v1 } = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  if (!t || !v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${webhook.body}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** The OMS side of webhooks over SQLite files, with an inline queue and a clock the test moves. */
export async function openWebhooks(dir: string, clock: { ms: number }, options: { startJobs?: boolean; jobs?: JobQueue } = {}) {
  const events = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
  const documents = await SqliteDocumentStore.open(path.join(dir, 'documents.db'));
  await documents.ensureCollections(webhookCollections);
  const jobs = options.jobs ?? new InlineJobQueue({ logger: silentLogger() });
  const now = () => new Date(clock.ms);
  const store = new WebhookStore(documents);
  const lanes = new WebhookLanes(store, jobs, FAST);
  const delivery = new WebhookDelivery({ store, lanes, retry: FAST, now, send: signedPoster('public-and-private'), logger: silentLogger() });
  jobs.process(DELIVER_WEBHOOK_JOB, delivery.handle);
  // The sweep for resumed subscriptions is run by hand, so no timer decides when it happens.
  const dispatcher = new WebhookDispatcher({ events, documents, store, lanes, logger: silentLogger(), sweepMs: 3_600_000 });
  const subscriptions = new WebhookSubscriptions({ documents, headPosition: () => events.headPosition(), now });
  if (options.startJobs !== false) await jobs.start();
  await dispatcher.start();

  const until = async (what: string, condition: () => Promise<boolean> | boolean) => {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  let sequence = 0;
  return {
    events,
    documents,
    jobs,
    dispatcher,
    subscriptions,
    async append(streamId: string, type: string, data: Record<string, unknown>) {
      sequence += 1;
      const occurredAt = new Date(clock.ms + sequence).toISOString();
      await events.append(streamId, [
        { type, data, metadata: { eventId: randomUUID(), correlationId: 'c', causationId: null, actor: 'test', occurredAt, schemaVersion: currentSchemaVersionOf(type) } },
      ]);
    },
    /** The dispatcher has seen the whole log and no delivery job is waiting, delayed or running. */
    async settled() {
      const head = await events.headPosition();
      await until('the dispatcher reaches the head', () => dispatcher.health().position >= head);
      await jobs.idle();
    },
    until,
    async close() {
      await dispatcher.stop();
      await jobs.close();
      await documents.close();
      await events.close();
    },
  };
}

export type Webhooks = Awaited<ReturnType<typeof openWebhooks>>;

export const placed = (orderId: string) => ({
  orderId,
  customer: { id: 'cust-1', email: 'ada@example.com', name: 'Ada', phone: null },
  payment: { method: 'card' },
  placedAt: '2026-01-01T00:00:00.000Z',
});
