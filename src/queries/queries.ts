import { AnalyticsQueries } from './analytics-queries';
import { AuditQueries } from './audit-queries';
import { CatalogQueries } from './catalog-queries';
import { CustomerQueries } from './customer-queries';
import { ForecastQueries } from './forecast-queries';
import { InventoryQueries } from './inventory-queries';
import { OrderQueries } from './order-queries';
import { ProductFamilyQueries } from './product-family-queries';
import { ShipmentQueries } from './shipment-queries';

/** Every read the API offers, one object per area. */
export type Queries = {
  orders: OrderQueries;
  inventory: InventoryQueries;
  catalog: CatalogQueries;
  productFamilies: ProductFamilyQueries;
  customers: CustomerQueries;
  forecasts: ForecastQueries;
  analytics: AnalyticsQueries;
  audit: AuditQueries;
  shipments: ShipmentQueries;
};
