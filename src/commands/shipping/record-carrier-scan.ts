import { orderStreamId } from '../../domain/order';
import { DomainError } from '../../domain/kernel/domain-error';
import { TrackingStatus } from '../../infrastructure/carriers/carrier';
import { CommandHandlers } from '../command-handlers';

/** What a carrier said about one parcel, in our terms. */
export type CarrierScan = {
  orderId: string;
  fulfillmentId: string;
  status: TrackingStatus;
  /** The carrier's own word for the status (e.g. return_to_sender): an exception's code. */
  carrierStatus: string;
  detail: string | null;
  at: string;
};

export type ScanContext = { actor: string; correlationId: string; causationId: string | null };

/** How many events the scan appended, and whether one was a delivery exception (someone should look). */
export type ScanOutcome = { appended: number; exception: boolean };

/**
 * Records a carrier's scan on the order. A parcel the carrier has is on its
 * way, so a packed fulfilment it scans is shipped first; delivered takes the
 * existing delivered path; an exception is recorded and leaves the status
 * alone. The decider drops what would move the shipment backwards, so late,
 * repeated or out-of-order scans append nothing.
 */
export const recordCarrierScan = async (handlers: CommandHandlers, scan: CarrierScan, context: ScanContext): Promise<ScanOutcome> => {
  const streamId = orderStreamId(scan.orderId);
  const { state } = await handlers.orders.load(streamId);
  const f = state.exists ? state.fulfillments[scan.fulfillmentId] : undefined;
  if (!state.exists || !f || !f.label) return { appended: 0, exception: false };
  let appended = 0;
  const run = async (command: Parameters<CommandHandlers['orders']['handle']>[1]) => {
    appended += (await handlers.orders.handle(streamId, command, context)).events.length;
  };
  const { fulfillmentId, at } = scan;

  if (scan.status === 'exception') {
    await run({ type: 'RecordDeliveryException', data: { fulfillmentId, stage: 'delivery', code: scan.carrierStatus, reason: scan.detail ?? scan.carrierStatus, at } });
    return { appended, exception: appended > 0 };
  }
  if (scan.status === 'label_created') return { appended, exception: false };
  if (f.status === 'packed') {
    // A held order is not shipped by a scan: the warehouse decides when it leaves.
    await run({ type: 'MarkFulfillmentShipped', data: { fulfillmentId, at } }).catch(ignoreRefusal);
  }
  if (scan.status === 'delivered') {
    await run({ type: 'MarkFulfillmentDelivered', data: { fulfillmentId, at } }).catch(ignoreRefusal);
  } else {
    await run({ type: 'RecordTrackingUpdate', data: { fulfillmentId, status: scan.status, detail: scan.detail, at } }).catch(ignoreRefusal);
  }
  return { appended, exception: false };
};

/** A step the order refuses (held, cancelled, not shipped yet) is not the carrier's to force. */
const ignoreRefusal = (error: unknown): void => {
  if (!(error instanceof DomainError)) throw error;
};
