import { defineRoute } from '../../http/route';
import { assertSigned, enabledSecret, headerOf, receipt, signedJson, WebhookReceipt } from '../intake/signed-webhook';
import { StorefrontIntake } from '../intake/storefront-order';
import { StorefrontAction, takeStorefrontDelivery } from '../intake/storefront-webhook';
import { mapShopifyOrder } from './map-shopify-order';
import { ShopifyOrder } from './shopify-order.schema';

export const SHOPIFY = 'shopify' as const;

/** orders/create places the order (and cancels it too if it comes cancelled); orders/cancelled cancels it. */
const actionFor = (topic: string | null) => (order: ShopifyOrder): StorefrontAction => {
  const cancellation = { kind: 'cancel', reason: `cancelled in Shopify${order.cancel_reason ? `: ${order.cancel_reason}` : ''}` } as const;
  if (topic === 'orders/cancelled') return cancellation;
  if (topic === 'orders/create') return order.cancelled_at ? cancellation : { kind: 'place' };
  return { kind: 'ignore', reason: `topic ${topic ?? '(none)'} is not one the OMS takes: subscribe orders/create and orders/cancelled` };
};

export const shopifyWebhookRoute = (intake: StorefrontIntake, secret: string | undefined) =>
  defineRoute({
    method: 'post',
    path: '/integrations/shopify/webhooks',
    summary: 'Shopify order webhooks (orders/create, orders/cancelled), signed with X-Shopify-Hmac-Sha256',
    tag: 'Integrations',
    roles: 'public',
    rawBody: { description: 'The Shopify Order as the webhook sends it; the signature covers these exact bytes', schema: ShopifyOrder },
    success: { status: 200, description: 'Taken, or already taken: the receipt says what the delivery did', schema: WebhookReceipt },
    async handle({ headers, rawBody, context }) {
      const key = enabledSecret(SHOPIFY, secret, 'OMS_SHOPIFY_WEBHOOK_SECRET');
      assertSigned(key, rawBody, headers['x-shopify-hmac-sha256'], 'base64');
      const topic = headerOf(headers['x-shopify-topic']);
      const delivery = { platform: SHOPIFY, deliveryId: headerOf(headers['x-shopify-webhook-id']), correlationId: context.correlationId };
      return receipt(await takeStorefrontDelivery(intake, delivery, { payload: signedJson(rawBody), schema: ShopifyOrder, map: mapShopifyOrder, action: actionFor(topic) }));
    },
  });
