import { randomUUID } from 'node:crypto';
import { Carrier } from '../../infrastructure/carriers/carrier';
import { DocumentStore, Page } from '../../infrastructure/documents/document-store';
import { Logger } from '../../infrastructure/observability/logger';
import { SHIPMENTS_COLLECTION, ShipmentLookup } from '../../projections/read-models/tracking.projection';
import { CommandHandlers } from '../command-handlers';
import { recordCarrierScan } from './record-carrier-scan';

const PAGE_SIZE = 100;
const ACTOR = 'system:tracking-poller';

export type TrackingPollerOptions = {
  handlers: CommandHandlers;
  documents: DocumentStore;
  carrier: Carrier;
  logger: Logger;
};

/** What one pass did: shipments asked about, events appended, carrier calls that failed. */
export type PollOutcome = { polled: number; appended: number; failed: number };

/**
 * Asks the carrier about every open shipment (labelled, not delivered, the
 * order not cancelled) and records its scans, oldest first,
 * as carrier scans: a repeat or a step back appends nothing. For carriers
 * that do not push tracking (the sandbox); one that fails for a shipment is
 * logged and the pass goes on.
 */
export class TrackingPoller {
  constructor(private readonly options: TrackingPollerOptions) {}

  async pollOnce(signal?: AbortSignal): Promise<PollOutcome> {
    const outcome: PollOutcome = { polled: 0, appended: 0, failed: 0 };
    const context = { actor: ACTOR, correlationId: randomUUID(), causationId: null };
    let cursor: string | null = null;
    do {
      const page: Page<ShipmentLookup> = await this.options.documents.find<ShipmentLookup>(SHIPMENTS_COLLECTION, { filter: { open: true }, limit: PAGE_SIZE, cursor });
      for (const shipment of page.items) {
        if (signal?.aborted) return outcome;
        outcome.polled += 1;
        try {
          outcome.appended += await this.follow(shipment, context);
        } catch (error) {
          outcome.failed += 1;
          this.options.logger.warn(
            { err: error, orderId: shipment.orderId, fulfillmentId: shipment.fulfillmentId, trackingNumber: shipment.trackingNumber },
            'could not follow a shipment; trying again at the next pass',
          );
        }
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    return outcome;
  }

  private async follow(shipment: ShipmentLookup, context: { actor: string; correlationId: string; causationId: null }): Promise<number> {
    const tracking = await this.options.carrier.track(shipment.trackingNumber);
    let appended = 0;
    for (const event of tracking.events) {
      const { orderId, fulfillmentId } = shipment;
      const scan = { orderId, fulfillmentId, status: event.status, carrierStatus: event.status, detail: event.detail, at: event.at };
      const outcome = await recordCarrierScan(this.options.handlers, scan, context);
      if (outcome.exception) this.options.logger.warn({ orderId, fulfillmentId, trackingNumber: shipment.trackingNumber }, 'the carrier could not deliver a shipment');
      appended += outcome.appended;
    }
    return appended;
  }
}
