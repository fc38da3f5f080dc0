import { deterministicId } from '../../commands/event-ids';
import { DocumentStore, DocumentWrite, Lease } from '../documents/document-store';
import { BatchOutcome, CheckpointedLogFollower } from '../eventstore/checkpointed-log-follower';
import { decodeAnyEvent } from '../eventstore/event-decoders';
import { EventStore, formatPosition, StoredEvent } from '../eventstore/event-store';
import { Logger } from '../observability/logger';
import { sequenceOf, WEBHOOK_COLLECTIONS, webhookCollections, WebhookDeliveryDocument, WebhookSubscriptionDocument } from './webhook-documents';
import { webhookEventsOf } from './webhook-event-types';
import { WebhookLanes } from './webhook-lanes';
import { WebhookStore } from './webhook-store';

export const WEBHOOK_DISPATCHER = 'webhooks';

/** How often resumed subscriptions are looked for: a resume is written by the API, which runs no jobs. */
const DEFAULT_SWEEP_MS = 2_000;

export type WebhookDispatcherDependencies = {
  events: EventStore;
  documents: DocumentStore;
  store: WebhookStore;
  lanes: WebhookLanes;
  logger: Logger;
  lease?: Lease;
  batchSize?: number;
  sweepMs?: number;
};

const subscribesTo = (subscription: WebhookSubscriptionDocument, type: string) =>
  subscription.events.includes('*') || subscription.events.includes(type);

/**
 * Turns the log into webhook deliveries. For each event it records one
 * pending delivery per subscription that wants its webhook type, in the same
 * commit as its checkpoint, then hands each touched lane's head to the job
 * queue. A restart hands every pending head over again (rerunning one whose
 * job finally failed), so nothing recorded is lost, and nothing is recorded
 * twice: a delivery's id derives from the subscription, event and type.
 */
export class WebhookDispatcher {
  private readonly follower: CheckpointedLogFollower;
  /** The generation each subscription's heads were last handed over under. */
  private readonly handedOver = new Map<string, number>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(private readonly deps: WebhookDispatcherDependencies) {
    this.follower = new CheckpointedLogFollower({
      name: WEBHOOK_DISPATCHER,
      events: deps.events,
      documents: deps.documents,
      handle: (batch) => this.deliveriesOf(batch),
      logger: deps.logger,
      ...(deps.lease ? { lease: deps.lease } : {}),
      ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
    });
  }

  async start(): Promise<void> {
    await this.deps.documents.ensureCollections(webhookCollections);
    this.handedOver.clear();
    await this.sweep({ rerunFailed: true });
    await this.follower.start();
    this.sweepTimer = setInterval(() => {
      this.sweeping = this.sweeping
        .then(() => this.sweep())
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'webhook sweep failed'));
    }, this.deps.sweepMs ?? DEFAULT_SWEEP_MS);
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.sweeping;
    await this.follower.stop();
  }

  health() {
    return this.follower.health();
  }

  /** Hands over the pending heads of every active subscription not yet handed over under its current generation. */
  async sweep(options: { rerunFailed?: boolean } = {}): Promise<void> {
    for (const subscription of await this.deps.store.all()) {
      if (subscription.status !== 'active' || this.handedOver.get(subscription.subscriptionId) === subscription.generation) continue;
      await this.deps.lanes.handOverHeads(subscription, await this.deps.store.pendingLanes(subscription.subscriptionId), options);
      this.handedOver.set(subscription.subscriptionId, subscription.generation);
    }
  }

  private async deliveriesOf(batch: readonly StoredEvent[]): Promise<BatchOutcome> {
    const subscriptions = await this.deps.store.all();
    if (subscriptions.length === 0) return { writes: [] };
    const writes: DocumentWrite[] = [];
    const touched = new Map<string, Set<string>>();
    for (const event of batch) {
      // Read at the current schema version: an OrderPlaced written before card tokens left the log is read without one.
      webhookEventsOf(decodeAnyEvent(event)).forEach((webhook, index) => {
        for (const subscription of subscriptions) {
          if (event.position <= BigInt(subscription.fromPosition) || !subscribesTo(subscription, webhook.type)) continue;
          const lane = `${subscription.subscriptionId}|${event.streamId}`;
          const delivery: WebhookDeliveryDocument = {
            deliveryId: deterministicId(`webhook|${subscription.subscriptionId}|${event.metadata.eventId}|${webhook.type}`),
            subscriptionId: subscription.subscriptionId,
            lane,
            sequence: sequenceOf(event.position, index),
            eventType: webhook.type,
            position: formatPosition(event.position),
            occurredAt: event.metadata.occurredAt,
            data: webhook.data,
            status: 'pending',
            attempts: 0,
          };
          writes.push({ op: 'put', collection: WEBHOOK_COLLECTIONS.deliveries, id: delivery.deliveryId, doc: delivery });
          const lanes = touched.get(subscription.subscriptionId) ?? new Set<string>();
          touched.set(subscription.subscriptionId, lanes.add(lane));
        }
      });
    }
    return {
      writes,
      afterCommit: async () => {
        for (const subscription of subscriptions) {
          const lanes = touched.get(subscription.subscriptionId);
          if (lanes) await this.deps.lanes.handOverHeads(subscription, lanes);
        }
      },
    };
  }
}
