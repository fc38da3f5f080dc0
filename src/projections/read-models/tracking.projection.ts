import { parseOrderStreamId, ShipmentLabelCreated } from '../../domain/order';
import { Projection } from '../projection';

export const SHIPMENTS_COLLECTION = 'shipments_by_tracking_number';

/** Which fulfilment a carrier's tracking number belongs to, for the carrier's tracking webhooks. */
export type ShipmentLookup = { trackingNumber: string; orderId: string; fulfillmentId: string; carrier: string };

export const trackingProjection: Projection = {
  name: 'tracking',
  collections: [{ name: SHIPMENTS_COLLECTION, indexes: [], idOf: (doc) => (doc as ShipmentLookup).trackingNumber }],
  eventTypes: new Set(['ShipmentLabelCreated']),
  async apply(stored, view) {
    const orderId = parseOrderStreamId(stored.streamId);
    if (orderId === null) return;
    // Events at their current version are written as the schema says (see event-decoders).
    const { fulfillmentId, trackingNumber, carrier } = (stored.data as ShipmentLabelCreated['data']);
    const lookup: ShipmentLookup = { trackingNumber, orderId, fulfillmentId, carrier };
    view.put(SHIPMENTS_COLLECTION, trackingNumber, lookup);
  },
};
