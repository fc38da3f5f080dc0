import { FulfillmentDelivered, parseOrderStreamId, ShipmentLabelCreated } from '../../domain/order';
import { Projection, ProjectionView } from '../projection';

export const SHIPMENTS_COLLECTION = 'shipments_by_tracking_number';
/** An order's tracking numbers by fulfilment, to close its shipments when it is delivered or cancelled. */
export const ORDER_SHIPMENTS_COLLECTION = 'tracking_numbers_by_order';

/**
 * Which fulfilment a carrier's tracking number belongs to, for the carrier's
 * tracking webhooks; `open` while the parcel may still move (labelled, not
 * delivered, the order not cancelled), for the tracking poller.
 */
export type ShipmentLookup = { trackingNumber: string; orderId: string; fulfillmentId: string; carrier: string; open: boolean };

type OrderShipments = { orderId: string; trackingNumbers: Record<string, string> };

export const trackingProjection: Projection = {
  name: 'tracking',
  collections: [
    { name: SHIPMENTS_COLLECTION, indexes: ['open'], idOf: (doc) => (doc as ShipmentLookup).trackingNumber },
    { name: ORDER_SHIPMENTS_COLLECTION, indexes: [], idOf: (doc) => (doc as OrderShipments).orderId },
  ],
  eventTypes: new Set(['ShipmentLabelCreated', 'FulfillmentDelivered', 'OrderCancelled']),
  async apply(stored, view) {
    const orderId = parseOrderStreamId(stored.streamId);
    if (orderId === null) return;
    const order = await view.get<OrderShipments>(ORDER_SHIPMENTS_COLLECTION, orderId);
    const trackingNumbers = order?.trackingNumbers ?? {};
    // Events at their current version are written as the schema says (see event-decoders).
    if (stored.type === 'ShipmentLabelCreated') {
      const { fulfillmentId, trackingNumber, carrier } = stored.data as ShipmentLabelCreated['data'];
      // A new label replaces the fulfilment's old one: that parcel no longer moves.
      const replaced = trackingNumbers[fulfillmentId];
      if (replaced !== undefined && replaced !== trackingNumber) await close(view, replaced);
      const lookup: ShipmentLookup = { trackingNumber, orderId, fulfillmentId, carrier, open: true };
      view.put(SHIPMENTS_COLLECTION, trackingNumber, lookup);
      view.put(ORDER_SHIPMENTS_COLLECTION, orderId, { orderId, trackingNumbers: { ...trackingNumbers, [fulfillmentId]: trackingNumber } });
    } else if (stored.type === 'FulfillmentDelivered') {
      const trackingNumber = trackingNumbers[(stored.data as FulfillmentDelivered['data']).fulfillmentId];
      if (trackingNumber !== undefined) await close(view, trackingNumber);
    } else {
      for (const trackingNumber of Object.values(trackingNumbers)) await close(view, trackingNumber);
    }
  },
};

const close = async (view: ProjectionView, trackingNumber: string): Promise<void> => {
  const lookup = await view.get<ShipmentLookup>(SHIPMENTS_COLLECTION, trackingNumber);
  if (lookup?.open) view.put(SHIPMENTS_COLLECTION, trackingNumber, { ...lookup, open: false });
};
