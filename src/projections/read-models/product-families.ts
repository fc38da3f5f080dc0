import type { ExternalSkus, Platform, ProductFamilyEvent, ProductOption, Variant } from '../../domain/catalog';
import { Platform as Platforms } from '../../domain/catalog';
import type { ProjectionView } from '../projection';

export const PRODUCT_FAMILIES_COLLECTION = 'product_families';
export const PLATFORM_SKUS_COLLECTION = 'platform_skus';

export type ProductFamilyView = {
  productId: string;
  name: string;
  currency: string;
  options: ProductOption[];
  /** In the order they were added. */
  variants: Variant[];
  updatedAt: string;
};

/** One storefront id or SKU (`externalSku`) that names one of our variant SKUs; stored under `<platform>:<externalSku>`. */
export type PlatformSkuView = { platform: Platform; externalSku: string; sku: string; productId: string };

const platformSkuId = (platform: Platform, externalSku: string) => `${platform}:${externalSku}`;

const mappingsOf = (externalSkus: ExternalSkus) =>
  Platforms.options.flatMap((platform) => {
    const externalSku = externalSkus[platform];
    return externalSku === undefined ? [] : [{ platform, externalSku }];
  });

/** Keeps the storefront index in step with a variant's new mappings: drops what it no longer goes by, adds what it now does. */
const remap = async (view: ProjectionView, productId: string, sku: string, before: ExternalSkus, after: ExternalSkus) => {
  for (const { platform, externalSku } of mappingsOf(before)) {
    if (after[platform] === externalSku) continue;
    const id = platformSkuId(platform, externalSku);
    const held = await view.get<PlatformSkuView>(PLATFORM_SKUS_COLLECTION, id);
    if (held?.sku === sku) view.delete(PLATFORM_SKUS_COLLECTION, id);
  }
  for (const { platform, externalSku } of mappingsOf(after)) {
    view.put(PLATFORM_SKUS_COLLECTION, platformSkuId(platform, externalSku), { platform, externalSku, sku, productId });
  }
};

export const applyFamilyEvent = async (view: ProjectionView, event: ProductFamilyEvent, updatedAt: string): Promise<void> => {
  const { productId } = event.data;
  if (event.type === 'ProductFamilyRegistered') {
    const { name, currency, options } = event.data;
    view.put(PRODUCT_FAMILIES_COLLECTION, productId, { productId, name, currency, options, variants: [], updatedAt });
    return;
  }
  const family = await view.get<ProductFamilyView>(PRODUCT_FAMILIES_COLLECTION, productId);
  if (!family) return;
  switch (event.type) {
    case 'ProductFamilyRenamed':
      view.put(PRODUCT_FAMILIES_COLLECTION, productId, { ...family, name: event.data.name, updatedAt });
      return;
    case 'ProductFamilyOptionsChanged':
      view.put(PRODUCT_FAMILIES_COLLECTION, productId, { ...family, options: event.data.options, updatedAt });
      return;
    case 'VariantAdded':
    case 'VariantChanged': {
      const { sku, optionValues, externalSkus } = event.data;
      const previous = family.variants.find((variant) => variant.sku === sku);
      const variant = { sku, optionValues, externalSkus };
      const variants = previous ? family.variants.map((v) => (v.sku === sku ? variant : v)) : [...family.variants, variant];
      view.put(PRODUCT_FAMILIES_COLLECTION, productId, { ...family, variants, updatedAt });
      await remap(view, productId, sku, previous?.externalSkus ?? {}, externalSkus);
    }
  }
};
