import { DocumentStore, Page } from '../infrastructure/documents/document-store';
import {
  LOCATIONS_COLLECTION,
  LocationView,
  PRODUCTS_COLLECTION,
  ProductView,
} from '../projections/read-models/catalog.projection';
import { PageRequest } from './order-queries';

/** Products and locations as the catalog read model holds them. */
export class CatalogQueries {
  constructor(private readonly documents: DocumentStore) {}

  product(sku: string): Promise<ProductView | null> {
    return this.documents.get<ProductView>(PRODUCTS_COLLECTION, sku);
  }

  products(filter: { active?: boolean }, page: PageRequest): Promise<Page<ProductView>> {
    return this.documents.find<ProductView>(PRODUCTS_COLLECTION, {
      filter: filter.active === undefined ? {} : { active: filter.active },
      limit: page.limit,
      cursor: page.cursor ?? null,
    });
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
