import { deleteOlder } from '../documents/delete-older';
import { DocumentStore, Page } from '../documents/document-store';
import {
  attemptIdOf,
  WEBHOOK_COLLECTIONS,
  WebhookAttemptDocument,
  WebhookAttemptView,
  WebhookDeliveryDocument,
  WebhookSubscriptionDocument,
  WebhookSubscriptionView,
} from './webhook-documents';

const { subscriptions, secrets, deliveries, attempts } = WEBHOOK_COLLECTIONS;

/** Documents deleted per commit when old deliveries are forgotten. */
const FORGET_PAGE = 500;

export const viewOf = (doc: WebhookSubscriptionDocument): WebhookSubscriptionView => ({
  subscriptionId: doc.subscriptionId,
  url: doc.url,
  events: doc.events,
  status: doc.status,
  createdAt: doc.createdAt,
  failingSince: doc.failingSince,
  pausedAt: doc.pausedAt,
});

/** Subscriptions, their secrets, pending deliveries and the delivery log, in the document store. */
export class WebhookStore {
  constructor(readonly documents: DocumentStore) {}

  async add(subscription: WebhookSubscriptionDocument, secret: string): Promise<void> {
    await this.documents.commit({
      writes: [
        { op: 'put', collection: secrets, id: subscription.subscriptionId, doc: { secret } },
        { op: 'put', collection: subscriptions, id: subscription.subscriptionId, doc: subscription },
      ],
    });
  }

  subscription(subscriptionId: string): Promise<WebhookSubscriptionDocument | null> {
    return this.documents.get<WebhookSubscriptionDocument>(subscriptions, subscriptionId);
  }

  page(options: { limit: number; cursor?: string | undefined }): Promise<Page<WebhookSubscriptionDocument>> {
    return this.documents.find<WebhookSubscriptionDocument>(subscriptions, { limit: options.limit, cursor: options.cursor ?? null });
  }

  async all(): Promise<WebhookSubscriptionDocument[]> {
    const all: WebhookSubscriptionDocument[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<WebhookSubscriptionDocument> = await this.documents.find(subscriptions, { limit: 500, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  async secretOf(subscriptionId: string): Promise<string | null> {
    return (await this.documents.get<{ secret: string }>(secrets, subscriptionId))?.secret ?? null;
  }

  /** The subscription and its secret go; its pending deliveries are then ignored by the sender. */
  async remove(subscriptionId: string): Promise<void> {
    await this.documents.commit({
      writes: [
        { op: 'delete', collection: subscriptions, id: subscriptionId },
        { op: 'delete', collection: secrets, id: subscriptionId },
      ],
    });
  }

  patch(subscriptionId: string, changes: Partial<WebhookSubscriptionDocument>): Promise<void> {
    return this.documents.patch(subscriptions, subscriptionId, changes);
  }

  delivery(deliveryId: string): Promise<WebhookDeliveryDocument | null> {
    return this.documents.get<WebhookDeliveryDocument>(deliveries, deliveryId);
  }

  /** The lane's oldest undelivered webhook: the only one of the lane that may be sent now. */
  async headOf(lane: string): Promise<WebhookDeliveryDocument | null> {
    const page = await this.documents.find<WebhookDeliveryDocument>(deliveries, {
      filter: { lane, status: 'pending' },
      sort: { field: 'sequence' },
      limit: 1,
    });
    return page.items[0] ?? null;
  }

  /** Every lane of the subscription with something still to deliver. */
  async pendingLanes(subscriptionId: string): Promise<string[]> {
    const lanes = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: Page<WebhookDeliveryDocument> = await this.documents.find(deliveries, {
        filter: { subscriptionId, status: 'pending' },
        sort: { field: 'lane' },
        limit: 500,
        cursor,
      });
      for (const delivery of page.items) lanes.add(delivery.lane);
      cursor = page.nextCursor;
    } while (cursor);
    return [...lanes];
  }

  /** Records an attempt; a delivered one leaves its lane. */
  async recordAttempt(delivery: WebhookDeliveryDocument, attempt: WebhookAttemptView): Promise<void> {
    const line: WebhookAttemptDocument = { ...attempt, subscriptionId: delivery.subscriptionId };
    await this.documents.commit({
      writes: [
        { op: 'put', collection: attempts, id: attemptIdOf(attempt), doc: line },
        {
          op: 'patch',
          collection: deliveries,
          id: delivery.deliveryId,
          changes: { attempts: attempt.attempt, ...(attempt.status === 'delivered' ? { status: 'delivered' } : {}) },
        },
      ],
    });
  }

  async attemptLog(subscriptionId: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<WebhookAttemptView>> {
    const page = await this.documents.find<WebhookAttemptDocument>(attempts, {
      filter: { subscriptionId },
      sort: { field: 'at' },
      limit: options.limit,
      cursor: options.cursor ?? null,
    });
    return { items: page.items.map(({ subscriptionId: _subscriptionId, ...attempt }) => attempt), nextCursor: page.nextCursor };
  }

  /**
   * Forgets what happened before `cutoff`: delivery log lines, delivered
   * webhooks, and webhooks of subscriptions deleted since. A webhook still
   * owed to a subscription stays, however old: a paused one is sent once
   * resumed. Answers how many documents went.
   */
  async forgetBefore(cutoff: string): Promise<number> {
    const live = new Set((await this.all()).map((subscription) => subscription.subscriptionId));
    const lines = await deleteOlder<WebhookAttemptDocument>(this.documents, { collection: attempts, field: 'at', cutoff, pageSize: FORGET_PAGE, idToDelete: attemptIdOf });
    const sent = await deleteOlder<WebhookDeliveryDocument>(this.documents, {
      collection: deliveries,
      field: 'occurredAt',
      cutoff,
      pageSize: FORGET_PAGE,
      idToDelete: (delivery) => (delivery.status === 'delivered' || !live.has(delivery.subscriptionId) ? delivery.deliveryId : null),
    });
    return lines + sent;
  }
}
