import { CommandContext } from '../../commands/command-handler';
import { CommandHandlers } from '../../commands/command-handlers';
import { placeOrder, PlaceOrderInput } from '../../commands/place-order';
import { Quote, QuoteRequest } from '../../infrastructure/carriers/carrier';
import { Logger } from '../../infrastructure/observability/logger';
import { Metrics } from '../../infrastructure/observability/metrics';
import { ReceiverNetworks } from '../../infrastructure/webhooks/receiver-address';
import { WebhookSubscriptions } from '../../infrastructure/webhooks/webhook-subscriptions';
import { HealthReport } from '../../queries/health-report';
import { Queries } from '../../queries/queries';

/** What the routes may use: command handlers to change things, queries to read them. */
export type RouteDependencies = {
  handlers: CommandHandlers;
  /** Places an order with this process's limits and secret store. */
  placeOrder: (input: PlaceOrderInput, context: CommandContext & { at: string }) => ReturnType<typeof placeOrder>;
  queries: Queries;
  health: () => Promise<HealthReport>;
  metrics: Metrics;
  now: () => Date;
  version: string;
  webhooks: WebhookSubscriptions;
  /** Refuse webhook receivers on plain http://. */
  webhooksRequireHttps: boolean;
  /** Where webhook receivers may be (OMS_WEBHOOKS_PUBLIC_ONLY). */
  webhookNetworks: ReceiverNetworks;
  /** Quotes from every configured carrier, cheapest first. */
  quoteShipping: (request: QuoteRequest) => Promise<Quote[]>;
  /** For what a route must tell an operator about (an alert), beyond its answer. */
  logger: Logger;
};
