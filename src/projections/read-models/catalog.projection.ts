import { ProductEvent } from '../../domain/catalog';
import { LocationEvent } from '../../domain/location';
import { parseStreamId } from '../../domain/shared/stream-names';
import { decodeLocationEvent, decodeProductEvent } from '../../infrastructure/eventstore/event-decoders';
import { Projection } from '../projection';

export const PRODUCTS_COLLECTION = 'products';
export const LOCATIONS_COLLECTION = 'locations';

export type ProductView = { sku: string; name: string; unitPrice: number; currency: string; active: boolean; updatedAt: string };

export type LocationView = {
  locationId: string;
  name: string;
  kind: 'warehouse' | 'store';
  priority: number;
  address: { country: string; postalCode: string; region: string | null; city: string | null };
  active: boolean;
  updatedAt: string;
};

type CatalogEvent = ProductEvent | LocationEvent;

/** Products and locations as lists an admin or the allocator can page through. */
export const catalogProjection: Projection = {
  name: 'catalog',
  collections: [
    { name: PRODUCTS_COLLECTION, indexes: ['active'], idOf: (doc: ProductView) => doc.sku },
    { name: LOCATIONS_COLLECTION, indexes: ['active', 'priority'], idOf: (doc: LocationView) => doc.locationId },
  ],
  eventTypes: new Set<CatalogEvent['type']>([
    'ProductRegistered',
    'ProductRenamed',
    'ProductRepriced',
    'ProductDeactivated',
    'ProductReactivated',
    'LocationRegistered',
    'LocationUpdated',
    'LocationDeactivated',
    'LocationReactivated',
  ]),
  async apply(stored, view) {
    const event: CatalogEvent = parseStreamId(stored.streamId)?.streamType === 'product' ? decodeProductEvent(stored) : decodeLocationEvent(stored);
    const at = stored.metadata.occurredAt;
    if ('sku' in event.data) {
      const { sku } = event.data;
      const product = await view.get<ProductView>(PRODUCTS_COLLECTION, sku);
      const next = applyProductEvent(product, event as ProductEvent, at);
      if (next) view.put(PRODUCTS_COLLECTION, sku, next);
      return;
    }
    const { locationId } = event.data;
    const location = await view.get<LocationView>(LOCATIONS_COLLECTION, locationId);
    const next = applyLocationEvent(location, event as LocationEvent, at);
    if (next) view.put(LOCATIONS_COLLECTION, locationId, next);
  },
};

const applyProductEvent = (product: ProductView | null, event: ProductEvent, updatedAt: string): ProductView | null => {
  if (event.type === 'ProductRegistered') {
    const { sku, name, unitPrice, currency, active } = event.data;
    return { sku, name, unitPrice, currency, active, updatedAt };
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
  }
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
