import { z } from 'zod';
import { CollectionDefinition } from '../documents/document-store';

export const SubscriptionStatus = z.enum(['active', 'paused']);

/** A subscription as its routes show it: never its secret. */
export const WebhookSubscriptionView = z.object({
  subscriptionId: z.string(),
  url: z.string(),
  /** Webhook types, or ['*'] for every type. */
  events: z.array(z.string()),
  status: SubscriptionStatus,
  createdAt: z.string(),
  /** When the first of the current run of failed attempts happened; null while deliveries succeed. */
  failingSince: z.string().nullable(),
  pausedAt: z.string().nullable(),
});
export type WebhookSubscriptionView = z.infer<typeof WebhookSubscriptionView>;

export const WebhookSubscriptionDocument = WebhookSubscriptionView.extend({
  /** Log events at or before this position (the head when it was created) are not sent to it. */
  fromPosition: z.string(),
  /** Bumped by every resume: jobs handed over before a pause carry the old one and give way. */
  generation: z.number().int(),
});
export type WebhookSubscriptionDocument = z.infer<typeof WebhookSubscriptionDocument>;

export const WebhookDeliveryDocument = z.object({
  /** Stable across retries: the `id` a receiver dedupes on. */
  deliveryId: z.string(),
  subscriptionId: z.string(),
  /** Subscription and aggregate stream: deliveries of one lane go out one at a time, in log order. */
  lane: z.string(),
  /** Orders a lane: the zero-padded log position, then the webhook's index within its event. */
  sequence: z.string(),
  eventType: z.string(),
  position: z.string(),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'delivered']),
  attempts: z.number().int(),
});
export type WebhookDeliveryDocument = z.infer<typeof WebhookDeliveryDocument>;

/** One line of a subscription's delivery log: one attempt to deliver one webhook. */
export const WebhookAttemptView = z.object({
  deliveryId: z.string(),
  eventType: z.string(),
  position: z.string(),
  attempt: z.number().int(),
  status: z.enum(['delivered', 'failed']),
  /** The receiver's HTTP status; null when it gave none (refused, timed out). */
  responseStatus: z.number().int().nullable(),
  /** Why a failed attempt failed, in a few words. */
  error: z.string().nullable(),
  at: z.string(),
});
export type WebhookAttemptView = z.infer<typeof WebhookAttemptView>;
export type WebhookAttemptDocument = WebhookAttemptView & { subscriptionId: string };

/** A delivery log line's id: its attempts sort in order. */
export const attemptIdOf = (line: { deliveryId: string; attempt: number }) => `${line.deliveryId}:${String(line.attempt).padStart(6, '0')}`;

export const WEBHOOK_COLLECTIONS = {
  subscriptions: 'webhook_subscriptions',
  /** Signing secrets, apart from everything a route reads: no route or read model serves this collection. */
  secrets: 'webhook_secrets',
  deliveries: 'webhook_deliveries',
  attempts: 'webhook_attempts',
} as const;

export const webhookCollections: readonly CollectionDefinition[] = [
  { name: WEBHOOK_COLLECTIONS.subscriptions, indexes: [] },
  { name: WEBHOOK_COLLECTIONS.secrets, indexes: [] },
  {
    name: WEBHOOK_COLLECTIONS.deliveries,
    indexes: [
      ['lane', 'status', 'sequence'],
      ['subscriptionId', 'status', 'lane'],
      'occurredAt',
    ],
  },
  { name: WEBHOOK_COLLECTIONS.attempts, indexes: [['subscriptionId', 'at'], 'at'] },
];

/** Positions as decimal strings that sort as the numbers do. */
export const sequenceOf = (position: bigint, index: number): string => `${position.toString(10).padStart(20, '0')}:${String(index).padStart(3, '0')}`;
