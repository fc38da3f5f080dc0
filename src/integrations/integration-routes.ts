import { RouteDefinition } from '../http/route';
import { RouteDependencies } from '../http/routes/route-dependencies';
import { easyPostWebhookRoute } from './easypost/easypost-webhook.routes';
import { shopifyWebhookRoute } from './shopify/shopify-webhook.route';
import { wooCommerceWebhookRoute } from './woocommerce/woocommerce-webhook.route';

/** The secrets that sign each platform's webhooks; an unset one leaves its integration off (404). */
export type WebhookSecrets = { shopify: string | undefined; woocommerce: string | undefined; easypost: string | undefined };

/** The inbound integrations, always in the route table (and so in the OpenAPI document), enabled by their secrets. */
export const integrationRoutes = (deps: RouteDependencies, secrets: WebhookSecrets): RouteDefinition[] => [
  shopifyWebhookRoute(deps, secrets.shopify),
  wooCommerceWebhookRoute(deps, secrets.woocommerce),
  easyPostWebhookRoute(deps, secrets.easypost),
];

/** One line for the log at start: which integrations take deliveries, and how to turn on the others. */
export const describeIntegrations = (secrets: WebhookSecrets) => {
  const enabled = Object.entries(secrets).flatMap(([platform, secret]) => (secret ? [platform] : []));
  const disabled = Object.entries(secrets).flatMap(([platform, secret]) => (secret ? [] : [platform]));
  return {
    fields: { enabled, disabled },
    message: `integrations: ${enabled.length > 0 ? `${enabled.join(', ')} enabled` : 'none enabled'}${
      disabled.length > 0 ? `; ${disabled.join(', ')} not enabled (no webhook secret set)` : ''
    }`,
  };
};
