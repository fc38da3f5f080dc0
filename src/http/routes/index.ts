import { integrationRoutes, WebhookSecrets } from '../../integrations/integration-routes';
import { RouteDefinition } from '../route';
import { auditRoutes } from './audit.routes';
import { catalogRoutes } from './catalog.routes';
import { customerRoutes } from './customer.routes';
import { inventoryRoutes } from './inventory.routes';
import { operationsRoutes } from './operations.routes';
import { orderCommandRoutes } from './order-commands.routes';
import { orderReadRoutes } from './order-reads.routes';
import { planningRoutes } from './planning.routes';
import { productFamilyRoutes } from './product-family.routes';
import { RouteDependencies } from './route-dependencies';
import { webhookRoutes } from './webhooks.routes';
import { shippingRoutes } from './shipping.routes';

/** The route table: the app, the OpenAPI document and the authorization tests are all built from it. */
export const allRoutes = (deps: RouteDependencies & { metricsToken?: string | undefined; webhookSecrets: WebhookSecrets }): RouteDefinition[] => {
  const routes: RouteDefinition[] = [
    ...orderCommandRoutes(deps),
    ...orderReadRoutes(deps),
    ...customerRoutes(deps),
    ...auditRoutes(deps),
    ...inventoryRoutes(deps),
    ...catalogRoutes(deps),
    ...productFamilyRoutes(deps),
    ...planningRoutes(deps),
    ...integrationRoutes(deps, deps.webhookSecrets),
    ...webhookRoutes(deps),
    ...shippingRoutes(deps),
  ];
  // The OpenAPI document and the docs page describe the whole table, operations routes included.
  const table: RouteDefinition[] = [...routes, ...operationsRoutes(deps, () => table)];
  return table;
};
