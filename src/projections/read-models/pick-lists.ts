import { FulfillmentState, Order } from '../../domain/order';
import { OrderRecord } from './order-record';
import { ProjectionView } from '../projection';

export const PICK_LISTS_COLLECTION = 'pick_lists';

/** A fulfilment the warehouse still has to pick, pack or hand over (to the carrier, or to the customer collecting it). */
export type PickListEntry = {
  orderId: string;
  fulfillmentId: string;
  locationId: string;
  status: FulfillmentState['status'];
  onHold: boolean;
  lines: FulfillmentState['lines'];
  shipTo: { name: string | null; city: string | null; postalCode: string; country: string };
  shippingMethod: string;
  trackingNumber: string | null;
  requestedAt: string;
};

export const pickListEntryId = (orderId: string, fulfillmentId: string) => `${orderId}|${fulfillmentId}`;

const isOpen = (order: Order, f: FulfillmentState) =>
  !order.cancelled && (f.status === 'requested' || f.status === 'picked' || f.status === 'packed' || f.status === 'ready_for_pickup');

const entryOf = ({ state: order, details }: OrderRecord, f: FulfillmentState): PickListEntry => ({
  orderId: order.orderId,
  fulfillmentId: f.fulfillmentId,
  locationId: f.locationId,
  status: f.status,
  onHold: order.onHold,
  lines: f.lines,
  shipTo: {
    name: details.shippingAddress.name,
    city: details.shippingAddress.city,
    postalCode: details.shippingAddress.postalCode,
    country: details.shippingAddress.country,
  },
  shippingMethod: order.shippingMethod,
  trackingNumber: f.label?.trackingNumber ?? null,
  requestedAt: details.fulfillments[f.fulfillmentId]!.requestedAt,
});

export const pickLists = {
  collections: [
    {
      name: PICK_LISTS_COLLECTION,
      indexes: [['locationId', 'requestedAt']],
      idOf: (doc: PickListEntry) => pickListEntryId(doc.orderId, doc.fulfillmentId),
    },
  ],

  /** Keeps one entry per open fulfilment of the order; closed ones leave the list. */
  sync(view: ProjectionView, beforeRecord: OrderRecord | null, afterRecord: OrderRecord): void {
    const before = beforeRecord?.state ?? null;
    const after = afterRecord.state;
    if (before && before.fulfillments === after.fulfillments && before.onHold === after.onHold && before.cancelled === after.cancelled) return;
    for (const f of Object.values(after.fulfillments)) {
      const previous = before?.fulfillments[f.fulfillmentId];
      const wasOpen = before !== null && previous !== undefined && isOpen(before, previous);
      const id = pickListEntryId(after.orderId, f.fulfillmentId);
      if (isOpen(after, f)) {
        const changed = !wasOpen || previous !== f || before.onHold !== after.onHold;
        if (changed) view.put(PICK_LISTS_COLLECTION, id, entryOf(afterRecord, f));
      } else if (wasOpen) {
        view.delete(PICK_LISTS_COLLECTION, id);
      }
    }
  },
};
