import { ProductEvent, ProductFamilyEvent } from '../../domain/catalog';
import { LocationEvent } from '../../domain/location';
import { parseStreamId } from '../../domain/kernel/stream-names';
import { decodeLocationEvent, decodeProductEvent, decodeProductFamilyEvent } from '../../infrastructure/eventstore/event-decoders';
import { Projection, ProjectionView } from '../projection';
import { applyFamilyEvent, PLATFORM_SKUS_COLLECTION, PlatformSkuView, PRODUCT_FAMILIES_COLLECTION, ProductFamilyView } from './product-families';

export const PRODUCTS_COLLECTION = 'products';
export const LOCATIONS_COLLECTION = 'locations';

/** `productId` and `optionValues`: the family a variant SKU belongs to and its values there (null for a product on its own). */
export type ProductView = {
  sku: string;
  name: string;
  unitPrice: number;
  currency: string;
  active: boolean;
  productId: string | null;
  optionValues: Record<string, string> | null;
  updatedAt: string;
};

export type LocationView = {
  locationId: string;
  name: string;
  kind: 'warehouse' | 'store';
  priority: number;
  address: { country: string; postalCode: string; region: string | null; city: string | null };
  active: boolean;
  updatedAt: string;
};

type CatalogEvent = ProductEvent | ProductFamilyEvent | LocationEvent;

/**
 * Products, product families (with their variants and the storefront ids
 * that name them) and locations, as lists an admin or the allocator can page
 * through.
 */
export const catalogProjection: Projection = {
  name: 'catalog',
  collections: [
    { name: PRODUCTS_COLLECTION, indexes: ['active'], idOf: (doc: ProductView) => doc.sku },
    { name: LOCATIONS_COLLECTION, indexes: ['active', 'priority'], idOf: (doc: LocationView) => doc.locationId },
    { name: PRODUCT_FAMILIES_COLLECTION, indexes: [], idOf: (doc: ProductFamilyView) => doc.productId },
    { name: PLATFORM_SKUS_COLLECTION, indexes: ['sku'], idOf: (doc: PlatformSkuView) => `${doc.platform}:${doc.externalSku}` },
  ],
  eventTypes: new Set<CatalogEvent['type']>([
    'ProductRegistered',
    'ProductRenamed',
    'ProductRepriced',
    'ProductDeactivated',
    'ProductReactivated',
    'ProductJoinedFamily',
    'ProductFamilyRegistered',
    'ProductFamilyRenamed',
    'ProductFamilyOptionsChanged',
    'VariantAdded',
    'VariantChanged',
    'LocationRegistered',
    'LocationUpdated',
    'LocationDeactivated',
    'LocationReactivated',
  ]),
  async apply(stored, view) {
    const at = stored.metadata.occurredAt;
    const streamType = parseStreamId(stored.streamId)?.streamType;
    if (streamType === 'product') {
      const event = decodeProductEvent(stored);
      const { sku } = event.data;
      const product = await view.get<ProductView>(PRODUCTS_COLLECTION, sku);
      const next = applyProductEvent(product, event, at);
      if (next) view.put(PRODUCTS_COLLECTION, sku, next);
      return;
    }
    if (streamType === 'family') {
      const event = decodeProductFamilyEvent(stored);
      await applyFamilyEvent(view, event, at);
      if (event.type === 'VariantAdded' || event.type === 'VariantChanged') await recordOptionValues(view, event.data, at);
      return;
    }
    const event = decodeLocationEvent(stored);
    const { locationId } = event.data;
    const location = await view.get<LocationView>(LOCATIONS_COLLECTION, locationId);
    const next = applyLocationEvent(location, event as LocationEvent, at);
    if (next) view.put(LOCATIONS_COLLECTION, locationId, next);
  },
};

const applyProductEvent = (product: ProductView | null, event: ProductEvent, updatedAt: string): ProductView | null => {
  if (event.type === 'ProductRegistered') {
    const { sku, name, unitPrice, currency, active } = event.data;
    return { sku, name, unitPrice, currency, active, productId: null, optionValues: null, updatedAt };
  }
  if (!product) return null;
  switch (event.type) {
    case 'ProductRenamed':
      return { ...product, name: event.data.name, updatedAt };
    case 'ProductRepriced':
      return { ...product, unitPrice: event.data.unitPrice, currency: event.data.currency, updatedAt };
    case 'ProductDeactivated':
      return { ...product, active: false, updatedAt };
    case 'ProductReactivated':
      return { ...product, active: true, updatedAt };
    case 'ProductJoinedFamily':
      return { ...product, productId: event.data.productId, updatedAt };
  }
};

/** A variant's option values live in its family's stream; its product row shows them too. */
const recordOptionValues = async (view: ProjectionView, variant: { sku: string; productId: string; optionValues: Record<string, string> }, updatedAt: string) => {
  const product = await view.get<ProductView>(PRODUCTS_COLLECTION, variant.sku);
  if (product) view.put(PRODUCTS_COLLECTION, variant.sku, { ...product, productId: variant.productId, optionValues: variant.optionValues, updatedAt });
};

const applyLocationEvent = (location: LocationView | null, event: LocationEvent, updatedAt: string): LocationView | null => {
  switch (event.type) {
    case 'LocationRegistered':
    case 'LocationUpdated': {
      const { locationId, name, kind, priority, address } = event.data;
      const active = event.type === 'LocationRegistered' ? event.data.active : (location?.active ?? true);
      return { locationId, name, kind, priority, address, active, updatedAt };
    }
    case 'LocationDeactivated':
      return location && { ...location, active: false, updatedAt };
    case 'LocationReactivated':
      return location && { ...location, active: true, updatedAt };
  }
};
