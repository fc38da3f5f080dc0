import { ProductFamilyView } from '../projections/read-models/product-families';
import { ForecastQueries, ForecastRequest } from './forecast-queries';
import { InventoryQueries } from './inventory-queries';
import { productForecast, VariantForecast } from '../domain/forecasting';

type Counts = { onHand: number; reserved: number; available: number; atp: number };

const NO_STOCK: Counts = { onHand: 0, reserved: 0, available: 0, atp: 0 };

const add = (a: Counts, b: Counts): Counts => ({
  onHand: a.onHand + b.onHand,
  reserved: a.reserved + b.reserved,
  available: a.available + b.available,
  atp: a.atp + b.atp,
});

/** Stock and demand of a product family: each variant SKU as it stands, and the product's totals over them. */
export class ProductFamilyQueries {
  constructor(
    private readonly inventory: InventoryQueries,
    private readonly forecasts: ForecastQueries,
  ) {}

  async inventoryOf(family: ProductFamilyView) {
    const variants = await Promise.all(
      family.variants.map(async ({ sku, optionValues }) => {
        const stock = await this.inventory.forSku(sku);
        return { sku, optionValues, totals: stock?.totals ?? NO_STOCK, locations: stock?.locations ?? [] };
      }),
    );
    return { productId: family.productId, totals: variants.reduce((sum, variant) => add(sum, variant.totals), NO_STOCK), variants };
  }

  async forecastOf(family: ProductFamilyView, request: Omit<ForecastRequest, 'sku'>) {
    const variants: VariantForecast[] = await Promise.all(
      family.variants.map(async ({ sku, optionValues }) => ({ optionValues, ...(await this.forecasts.forecast({ ...request, sku })) })),
    );
    return { productId: family.productId, locationId: request.locationId ?? null, ...productForecast(variants) };
  }
}
