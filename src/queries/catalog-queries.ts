import { DocumentStore, Page } from '../infrastructure/documents/document-store';
import {
  LOCATIONS_COLLECTION,
  LocationView,
  PRODUCTS_COLLECTION,
  ProductView,
} from '../projections/read-models/catalog.projection';
import {
  PLATFORM_SKUS_COLLECTION,
  PlatformSkuView,
  PRODUCT_FAMILIES_COLLECTION,
  ProductFamilyView,
} from '../projections/read-models/product-families';
import type { Platform } from '../domain/catalog';
import { PageRequest } from './order-queries';

/** A product row projected before products had families reads as a product on its own, without a replay. */
const withFamilyFields = (product: ProductView): ProductView => ({ ...product, productId: product.productId ?? null, optionValues: product.optionValues ?? null });

/** How a storefront names the item of an order line: its variant id (may be absent) and its SKU (may be blank). */
export type PlatformLineItem = { variantId?: string | null; sku?: string | null };

/** Products, product families and locations as the catalog read model holds them. */
export class CatalogQueries {
  constructor(private readonly documents: DocumentStore) {}

  family(productId: string): Promise<ProductFamilyView | null> {
    return this.documents.get<ProductFamilyView>(PRODUCT_FAMILIES_COLLECTION, productId);
  }

  /** A family with each variant's name, price and active flag from its own product row. */
  async familyWithVariants(productId: string) {
    const family = await this.family(productId);
    return family && this.withVariantDetails(family);
  }

  async families(page: PageRequest) {
    const found = await this.documents.find<ProductFamilyView>(PRODUCT_FAMILIES_COLLECTION, { filter: {}, limit: page.limit, cursor: page.cursor ?? null });
    return { items: await Promise.all(found.items.map((family) => this.withVariantDetails(family))), nextCursor: found.nextCursor };
  }

  /** The family lists a variant only after its SKU's product events, and one projection applies both: the row is there. */
  private async withVariantDetails(family: ProductFamilyView) {
    const variants = await Promise.all(
      family.variants.map(async (variant) => {
        const { name, unitPrice, active } = (await this.product(variant.sku))!;
        return { sku: variant.sku, name, unitPrice, active, optionValues: variant.optionValues, externalSkus: variant.externalSkus };
      }),
    );
    return { ...family, variants };
  }

  /**
   * Our SKU for a storefront's order line, or null when nothing matches: the
   * variant mapped to the line's variant id, else the variant mapped to the
   * line's SKU, else the line's SKU when it is one of ours. Ids are compared
   * as strings (a Shopify `variant_id` exceeds 2^53: never pass it through a
   * number).
   */
  async resolvePlatformSku(platform: Platform, item: PlatformLineItem): Promise<string | null> {
    for (const externalSku of [item.variantId, item.sku]) {
      if (!externalSku) continue;
      const mapped = await this.documents.get<PlatformSkuView>(PLATFORM_SKUS_COLLECTION, `${platform}:${externalSku}`);
      if (mapped) return mapped.sku;
    }
    if (!item.sku) return null;
    return (await this.product(item.sku)) ? item.sku : null;
  }

  async product(sku: string): Promise<ProductView | null> {
    const product = await this.documents.get<ProductView>(PRODUCTS_COLLECTION, sku);
    return product && withFamilyFields(product);
  }

  async products(filter: { active?: boolean }, page: PageRequest): Promise<Page<ProductView>> {
    const found = await this.documents.find<ProductView>(PRODUCTS_COLLECTION, {
      filter: filter.active === undefined ? {} : { active: filter.active },
      limit: page.limit,
      cursor: page.cursor ?? null,
    });
    return { items: found.items.map(withFamilyFields), nextCursor: found.nextCursor };
  }

  location(locationId: string): Promise<LocationView | null> {
    return this.documents.get<LocationView>(LOCATIONS_COLLECTION, locationId);
  }

  /** By priority, the order allocation prefers them in. */
  locations(filter: { active?: boolean }, page: PageRequest): Promise<Page<LocationView>> {
    return this.documents.find<LocationView>(LOCATIONS_COLLECTION, {
      filter: filter.active === undefined ? {} : { active: filter.active },
      sort: { field: 'priority', direction: 'asc' },
      limit: page.limit,
      cursor: page.cursor ?? null,
    });
  }
}
