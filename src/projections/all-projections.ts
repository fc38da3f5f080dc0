import { catalogProjection } from './read-models/catalog.projection';
import { demandProjection } from './read-models/demand.projection';
import { inventoryProjection } from './read-models/inventory.projection';
import { ordersProjection } from './read-models/orders.projection';
import { replenishmentProjection } from './read-models/replenishment.projection';
import { trackingProjection } from './read-models/tracking.projection';
import { Projection } from './projection';

/** Every read model the OMS keeps, by projection name. */
export const allProjections: readonly Projection[] = [
  ordersProjection,
  inventoryProjection,
  demandProjection,
  catalogProjection,
  replenishmentProjection,
  trackingProjection,
];

export const projectionNamed = (name: string): Projection | undefined => allProjections.find((p) => p.name === name);
