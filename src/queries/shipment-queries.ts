import { DocumentStore } from '../infrastructure/documents/document-store';
import { SHIPMENTS_COLLECTION, ShipmentLookup } from '../projections/read-models/tracking.projection';

/** Shipments by what carriers know them by. */
export class ShipmentQueries {
  constructor(private readonly documents: DocumentStore) {}

  byTrackingNumber(trackingNumber: string): Promise<ShipmentLookup | null> {
    return this.documents.get<ShipmentLookup>(SHIPMENTS_COLLECTION, trackingNumber);
  }
}
