import { JobQueue, JobRequest } from '../jobs/job-queue';
import { WebhookDeliveryDocument, WebhookSubscriptionDocument } from './webhook-documents';
import { WebhookStore } from './webhook-store';

export const DELIVER_WEBHOOK_JOB = 'webhook.deliver';

/** How deliveries are retried, and when a receiver that keeps failing is given up on. */
export type WebhookRetryPolicy = {
  /** Wait before the first retry; each further one waits twice as long. */
  firstRetryMs: number;
  /** The longest wait between two attempts. */
  maxRetryMs: number;
  /** A subscription whose deliveries have failed for this long is paused. */
  pauseAfterMs: number;
  /** How long a receiver has to answer one attempt. */
  timeoutMs: number;
};

export const DEFAULT_RETRY_POLICY: WebhookRetryPolicy = {
  firstRetryMs: 5_000,
  maxRetryMs: 3_600_000,
  pauseAfterMs: 24 * 3_600_000,
  timeoutMs: 10_000,
};

/** Far more than the pause needs (about 33 capped attempts span 24 h): the pause, not the queue, ends the retries. */
const ATTEMPTS = 200;

export type DeliverJobData = { deliveryId: string; generation: number };

export const deliverJob = (delivery: WebhookDeliveryDocument, generation: number, retry: WebhookRetryPolicy): JobRequest => ({
  name: DELIVER_WEBHOOK_JOB,
  // The generation changes when a paused subscription resumes, so its deliveries run again under fresh ids.
  id: `${delivery.deliveryId}:${generation}`,
  data: { deliveryId: delivery.deliveryId, generation } satisfies DeliverJobData,
  attempts: ATTEMPTS,
  backoffMs: retry.firstRetryMs,
  maxBackoffMs: retry.maxRetryMs,
});

/**
 * Hands each lane's head (and only its head) to the job queue: a lane's next
 * webhook is handed over when the one before it is delivered. Job ids are
 * deterministic, so handing a head over twice is a no-op.
 */
export class WebhookLanes {
  constructor(
    private readonly store: WebhookStore,
    private readonly jobs: JobQueue,
    private readonly retry: WebhookRetryPolicy,
  ) {}

  async handOverHeads(subscription: WebhookSubscriptionDocument, lanes: Iterable<string>, options: { rerunFailed?: boolean } = {}): Promise<void> {
    if (subscription.status !== 'active') return;
    const heads: JobRequest[] = [];
    for (const lane of lanes) {
      const head = await this.store.headOf(lane);
      if (head) heads.push(deliverJob(head, subscription.generation, this.retry));
    }
    if (heads.length > 0) await this.jobs.enqueueMany(heads, options.rerunFailed ? { rerunFailed: true } : {});
  }
}
