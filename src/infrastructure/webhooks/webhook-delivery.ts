import { Json } from '../jobs/job-queue';
import { Logger } from '../observability/logger';
import { DeliverJobData, WebhookLanes, WebhookRetryPolicy } from './webhook-lanes';
import { SendOutcome, SendSigned } from './webhook-sender';
import { WebhookStore } from './webhook-store';

export type WebhookDeliveryDependencies = {
  store: WebhookStore;
  lanes: WebhookLanes;
  retry: WebhookRetryPolicy;
  now: () => Date;
  logger: Logger;
  /** Sends one signed POST (signedPoster, limited to the networks webhooks may reach). */
  send: SendSigned;
};

/** Thrown to have the job queue try again later, with its backoff. */
export class WebhookAttemptFailed extends Error {
  readonly code = 'WEBHOOKS.ATTEMPT_FAILED';
  constructor(reason: string) {
    super(`webhook delivery failed: ${reason}`);
    this.name = 'WebhookAttemptFailed';
  }
}

/**
 * The job behind every webhook sent: one attempt to deliver a lane's head.
 * Success hands the lane's next webhook over; failure throws so the queue
 * retries with backoff, until the subscription has failed for the pause
 * delay and is paused. Each attempt goes to the delivery log.
 */
export class WebhookDelivery {
  constructor(private readonly deps: WebhookDeliveryDependencies) {}

  readonly handle = async (data: Json): Promise<void> => {
    const { deliveryId, generation } = data as DeliverJobData;
    const { store, lanes } = this.deps;
    const delivery = await store.delivery(deliveryId);
    const subscription = delivery ? await store.subscription(delivery.subscriptionId) : null;
    // Deleted, paused, or resumed since this job was handed over (a newer job carries the delivery).
    if (!delivery || !subscription || subscription.status !== 'active' || subscription.generation !== generation) return;
    if (delivery.status === 'delivered') return lanes.handOverHeads(subscription, [delivery.lane]);
    const head = await store.headOf(delivery.lane);
    // Only reachable through a race: the lane's earlier webhook still goes first, and this job waits its turn.
    if (head?.deliveryId !== deliveryId) throw new WebhookAttemptFailed('an earlier webhook of its order is not delivered yet');
    const secret = await store.secretOf(subscription.subscriptionId);
    if (secret === null) return;

    const at = this.deps.now();
    const body = JSON.stringify({ id: delivery.deliveryId, type: delivery.eventType, occurredAt: delivery.occurredAt, data: delivery.data });
    const outcome = await this.deps.send({ url: subscription.url, body, secret, at, timeoutMs: this.deps.retry.timeoutMs });
    const attempt = delivery.attempts + 1;
    await store.recordAttempt(delivery, {
      deliveryId,
      eventType: delivery.eventType,
      position: delivery.position,
      attempt,
      status: outcome.delivered ? 'delivered' : 'failed',
      responseStatus: outcome.responseStatus,
      error: outcome.error,
      at: at.toISOString(),
    });
    if (outcome.delivered) {
      if (subscription.failingSince !== null) await store.patch(subscription.subscriptionId, { failingSince: null });
      await lanes.handOverHeads(subscription, [delivery.lane]);
      return;
    }
    await this.failed(subscription.subscriptionId, subscription.failingSince, at, outcome);
  };

  private async failed(subscriptionId: string, failingSince: string | null, at: Date, outcome: SendOutcome): Promise<void> {
    const since = failingSince ?? at.toISOString();
    if (at.getTime() - Date.parse(since) >= this.deps.retry.pauseAfterMs) {
      await this.deps.store.patch(subscriptionId, { status: 'paused', pausedAt: at.toISOString(), failingSince: since });
      this.deps.logger.warn({ subscriptionId, failingSince: since }, 'webhook subscription paused: its deliveries kept failing');
      return;
    }
    if (failingSince === null) await this.deps.store.patch(subscriptionId, { failingSince: since });
    throw new WebhookAttemptFailed(outcome.error ?? 'not delivered');
  }
}
