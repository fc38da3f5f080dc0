import { randomBytes, randomUUID } from 'node:crypto';
import { DocumentStore, Page } from '../documents/document-store';
import { formatPosition } from '../eventstore/event-store';
import { WebhookAttemptView, WebhookSubscriptionView } from './webhook-documents';
import { viewOf, WebhookStore } from './webhook-store';

export type NewSubscription = { url: string; events: string[]; secret?: string | undefined };

export type WebhookSubscriptionsDependencies = {
  documents: DocumentStore;
  /** The log's head now: a new subscription receives what happens after it. */
  headPosition: () => Promise<bigint>;
  now: () => Date;
};

/** What the webhook routes do: manage subscriptions and read their delivery log (its collections are declared at open). */
export class WebhookSubscriptions {
  private readonly store: WebhookStore;

  constructor(private readonly deps: WebhookSubscriptionsDependencies) {
    this.store = new WebhookStore(deps.documents);
  }

  /** The secret is answered here once and never again. */
  async create(input: NewSubscription): Promise<{ subscription: WebhookSubscriptionView; secret: string }> {
    const secret = input.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
    const subscription = {
      subscriptionId: randomUUID(),
      url: input.url,
      events: [...new Set(input.events)],
      status: 'active' as const,
      createdAt: this.deps.now().toISOString(),
      failingSince: null,
      pausedAt: null,
      fromPosition: formatPosition(await this.deps.headPosition()),
      generation: 0,
    };
    await this.store.add(subscription, secret);
    return { subscription: viewOf(subscription), secret };
  }

  async list(page: { limit: number; cursor?: string | undefined }): Promise<Page<WebhookSubscriptionView>> {
    const found = await this.store.page(page);
    return { items: found.items.map(viewOf), nextCursor: found.nextCursor };
  }

  async get(subscriptionId: string): Promise<WebhookSubscriptionView | null> {
    const found = await this.store.subscription(subscriptionId);
    return found ? viewOf(found) : null;
  }

  /** False when there was no such subscription. */
  async remove(subscriptionId: string): Promise<boolean> {
    if (!(await this.store.subscription(subscriptionId))) return false;
    await this.store.remove(subscriptionId);
    return true;
  }

  /**
   * Active again, failures forgotten; the dispatcher hands its waiting
   * deliveries over again within seconds. Also for an active subscription:
   * a delivery that ran out of attempts (a receiver refusing that one
   * webhook while taking others) is tried afresh.
   */
  async resume(subscriptionId: string): Promise<WebhookSubscriptionView | null> {
    const found = await this.store.subscription(subscriptionId);
    if (!found) return null;
    const resumed = { ...found, status: 'active' as const, failingSince: null, pausedAt: null, generation: found.generation + 1 };
    await this.store.patch(subscriptionId, { status: 'active', failingSince: null, pausedAt: null, generation: resumed.generation });
    return viewOf(resumed);
  }

  /** Null when there is no such subscription. */
  async deliveries(subscriptionId: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<WebhookAttemptView> | null> {
    if (!(await this.store.subscription(subscriptionId))) return null;
    return this.store.attemptLog(subscriptionId, page);
  }
}
