import { defineRoute, RouteResult } from '../../http/route';
import { assertSigned, enabledSecret, headerOf, receipt, signedJson, WebhookReceipt } from '../intake/signed-webhook';
import { StorefrontIntake } from '../intake/storefront-order';
import { StorefrontAction, takeStorefrontDelivery } from '../intake/storefront-webhook';
import { mapWooCommerceOrder } from './map-woocommerce-order';
import { WooCommerceOrder } from './woocommerce-order.schema';

export const WOOCOMMERCE = 'woocommerce' as const;

/** order.created places the order (and cancels it if it comes cancelled); order.updated is read for cancellations only. */
const actionFor = (topic: string | null) => (order: WooCommerceOrder): StorefrontAction => {
  const cancelled = order.status === 'cancelled';
  const cancellation = { kind: 'cancel', reason: 'cancelled in WooCommerce' } as const;
  if (topic === 'order.created') return cancelled ? cancellation : { kind: 'place' };
  if (topic === 'order.updated') return cancelled ? cancellation : { kind: 'ignore', reason: `order.updated with status ${order.status}: only cancellations are taken from updates` };
  return { kind: 'ignore', reason: `topic ${topic ?? '(none)'} is not one the OMS takes: subscribe order.created and order.updated` };
};

/**
 * The ping WooCommerce sends, unsigned and form-encoded, when a webhook is
 * created (`webhook_id=N`): it only checks the URL answers.
 */
const isPing = (contentType: string | undefined, rawBody: Buffer): boolean =>
  /^application\/x-www-form-urlencoded/i.test(contentType ?? '') && /^webhook_id=\d+$/.test(rawBody.toString('utf8').trim());

export const wooCommerceWebhookRoute = (intake: StorefrontIntake, secret: string | undefined) =>
  defineRoute({
    method: 'post',
    path: '/integrations/woocommerce/webhooks',
    summary: 'WooCommerce order webhooks (order.created, order.updated), signed with X-WC-Webhook-Signature',
    tag: 'Integrations',
    roles: 'public',
    rawBody: {
      description: 'The WooCommerce order as the webhook sends it (the signature covers these exact bytes), or the unsigned form-encoded ping `webhook_id=N`',
      schema: WooCommerceOrder,
    },
    success: { status: 200, description: 'Taken, already taken, or a ping: the receipt says what the delivery did', schema: WebhookReceipt },
    async handle({ headers, rawBody, context }): Promise<RouteResult> {
      const key = enabledSecret(WOOCOMMERCE, secret, 'OMS_WOOCOMMERCE_WEBHOOK_SECRET');
      if (isPing(headers['content-type'], rawBody)) return receipt({ outcome: 'ping', orderId: null });
      assertSigned(key, rawBody, headers['x-wc-webhook-signature'], 'base64');
      const topic = headerOf(headers['x-wc-webhook-topic']);
      const delivery = { platform: WOOCOMMERCE, deliveryId: headerOf(headers['x-wc-webhook-delivery-id']), correlationId: context.correlationId };
      return receipt(await takeStorefrontDelivery(intake, delivery, {
        payload: signedJson(rawBody),
        schema: WooCommerceOrder,
        map: mapWooCommerceOrder,
        action: actionFor(topic),
      }));
    },
  });
