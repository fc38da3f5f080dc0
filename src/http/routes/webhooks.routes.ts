import { z } from 'zod';
import { ReceiverNetworks, refusedHost } from '../../infrastructure/webhooks/receiver-address';
import { WebhookAttemptView, WebhookSubscriptionView } from '../../infrastructure/webhooks/webhook-documents';
import { WEBHOOK_EVENT_TYPES } from '../../infrastructure/webhooks/webhook-event-types';
import { notFound } from '../problem';
import { defineRoute } from '../route';
import { RouteDependencies } from './route-dependencies';
import { listBody, Page } from './schemas';

const SubscriptionParams = z.object({ subscriptionId: z.uuid() }).strict();

const WebhookType = z.enum(WEBHOOK_EVENT_TYPES as [string, ...string[]]);

const receiverUrl = (requireHttps: boolean, networks: ReceiverNetworks) =>
  z
    .string()
    .trim()
    .max(2048)
    .superRefine((value, context) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        context.addIssue({ code: 'custom', message: 'must be an absolute http:// or https:// URL' });
        return;
      }
      const allowed = requireHttps ? ['https:'] : ['https:', 'http:'];
      if (!allowed.includes(url.protocol)) {
        context.addIssue({ code: 'custom', message: requireHttps ? 'must be an https:// URL (plain http is turned off)' : 'must be an http:// or https:// URL' });
      }
      // The URL is shown by every read of the subscription: credentials in it would leak there.
      if (url.username || url.password) context.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
      const refused = refusedHost(url, networks);
      if (refused) context.addIssue({ code: 'custom', message: `must reach a receiver webhooks may go to: ${refused}` });
    });

const SubscriptionBody = (requireHttps: boolean, networks: ReceiverNetworks) =>
  z
    .object({
      url: receiverUrl(requireHttps, networks),
      events: z.union([z.tuple([z.literal('*')]), z.array(WebhookType).min(1).max(WEBHOOK_EVENT_TYPES.length)]),
      secret: z.string().min(16).max(256).optional(),
    })
    .strict();

const CreatedSubscription = z.object({
  subscriptionId: z.string(),
  /** Shown here once: the key to check the OMS-Signature of every delivery. */
  secret: z.string(),
});

export const webhookRoutes = (deps: RouteDependencies) => [
  defineRoute({
    method: 'post',
    path: '/webhooks/subscriptions',
    summary: 'Subscribe a URL to webhook types; the signing secret is answered once, here',
    tag: 'Webhooks',
    roles: ['admin'],
    body: SubscriptionBody(deps.webhooksRequireHttps, deps.webhookNetworks),
    answersSecret: true,
    success: { status: 201, description: 'Subscribed', schema: CreatedSubscription },
    async handle({ body }) {
      const { subscription, secret } = await deps.webhooks.create(body);
      return {
        status: 201,
        body: { subscriptionId: subscription.subscriptionId, secret },
        headers: { Location: `/webhooks/subscriptions/${subscription.subscriptionId}`, 'Cache-Control': 'no-store' },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhooks/subscriptions',
    summary: 'Webhook subscriptions (without their secrets)',
    tag: 'Webhooks',
    roles: ['admin'],
    query: Page,
    success: { status: 200, description: 'A page of subscriptions', schema: listBody(WebhookSubscriptionView) },
    async handle({ query }) {
      return { status: 200, body: await deps.webhooks.list(query) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhooks/subscriptions/{subscriptionId}',
    summary: 'A webhook subscription and whether it is paused',
    tag: 'Webhooks',
    roles: ['admin'],
    params: SubscriptionParams,
    success: { status: 200, description: 'The subscription', schema: WebhookSubscriptionView },
    async handle({ params }) {
      const subscription = await deps.webhooks.get(params.subscriptionId);
      if (!subscription) throw notFound(`no webhook subscription ${params.subscriptionId}`);
      return { status: 200, body: subscription };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/webhooks/subscriptions/{subscriptionId}',
    summary: 'Unsubscribe: nothing more is sent to it, retries included',
    tag: 'Webhooks',
    roles: ['admin'],
    params: SubscriptionParams,
    success: { status: 204, description: 'Deleted' },
    async handle({ params }) {
      if (!(await deps.webhooks.remove(params.subscriptionId))) throw notFound(`no webhook subscription ${params.subscriptionId}`);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks/subscriptions/{subscriptionId}/resume',
    summary: 'Resume a paused subscription: what waited is delivered, in order',
    tag: 'Webhooks',
    roles: ['admin'],
    params: SubscriptionParams,
    success: { status: 200, description: 'The subscription, active again', schema: WebhookSubscriptionView },
    async handle({ params }) {
      const subscription = await deps.webhooks.resume(params.subscriptionId);
      if (!subscription) throw notFound(`no webhook subscription ${params.subscriptionId}`);
      return { status: 200, body: subscription };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhooks/subscriptions/{subscriptionId}/deliveries',
    summary: 'The delivery log of a subscription: one line per attempt, oldest first',
    tag: 'Webhooks',
    roles: ['admin'],
    params: SubscriptionParams,
    query: Page,
    success: { status: 200, description: 'A page of delivery attempts', schema: listBody(WebhookAttemptView) },
    async handle({ params, query }) {
      const page = await deps.webhooks.deliveries(params.subscriptionId, query);
      if (!page) throw notFound(`no webhook subscription ${params.subscriptionId}`);
      return { status: 200, body: page };
    },
  }),
];
