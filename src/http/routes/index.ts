import { RouteDefinition } from '../route';
import { auditRoutes } from './audit.routes';
import { catalogRoutes } from './catalog.routes';
import { inventoryRoutes } from './inventory.routes';
import { operationsRoutes } from './operations.routes';
import { orderCommandRoutes } from './order-commands.routes';
import { orderReadRoutes } from './order-reads.routes';
import { planningRoutes } from './planning.routes';
import { RouteDependencies } from './route-dependencies';
import { shippingRoutes } from './shipping.routes';
import { easyPostWebhookRoutes } from '../../integrations/easypost/easypost-webhook.routes';

/** The route table: the app, the OpenAPI document and the authorization tests are all built from it. */
export const allRoutes = (
  deps: RouteDependencies & { metricsToken?: string | undefined; easyPostWebhookSecret?: string | undefined },
): RouteDefinition[] => {
  const routes: RouteDefinition[] = [
    ...orderCommandRoutes(deps),
    ...orderReadRoutes(deps),
    ...auditRoutes(deps),
    ...inventoryRoutes(deps),
    ...catalogRoutes(deps),
    ...planningRoutes(deps),
    ...shippingRoutes(deps),
    ...easyPostWebhookRoutes(deps),
  ];
  // The OpenAPI document and the docs page describe the whole table, operations routes included.
  const table: RouteDefinition[] = [...routes, ...operationsRoutes(deps, () => table)];
  return table;
};
