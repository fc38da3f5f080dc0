import { isDeepStrictEqual } from 'node:util';
import {
  Carrier,
  CarrierRejected,
  Label,
  LabelRequest,
  Quote,
  QuoteRequest,
  ShipFrom,
  ShipTo,
  Parcel,
  Tracking,
  TrackingEvent,
} from '../carrier';
import { checkParcels, checkShipFrom, checkShipTo } from '../label-request-checks';
import { EasyPostClient, EasyPostClientOptions } from './easypost-client';
import {
  allowedRates,
  cheapest,
  estimatedDeliveryOf,
  minorUnits,
  ParcelSize,
  toEasyPostAddress,
  toEasyPostParcel,
  trackingStatusOf,
} from './easypost-mapping';
import { EasyPostShipment, EasyPostTracker, EasyPostTrackerList } from './easypost-objects';

export const EASYPOST_CARRIER = 'easypost';

export type EasyPostCarrierOptions = EasyPostClientOptions & {
  /** The box every parcel is sent in. */
  parcelSize: ParcelSize;
  /** Street lines of the locations parcels leave from, by location id (locations keep no street). */
  fromStreets?: Readonly<Record<string, string>>;
  now?: () => Date;
};

type InFlight = { request: unknown; label: Promise<Label> };

/**
 * Labels bought through EasyPost. Each label's shipment carries the
 * idempotency key as its `reference`, and EasyPost finds a shipment by its
 * reference: a repeated call (a job retried, a restarted process) finds the
 * shipment it made before and buys it at most once, then answers with the
 * label it bought.
 */
export class EasyPostCarrier implements Carrier {
  private readonly client: EasyPostClient;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly now: () => Date;

  constructor(private readonly options: EasyPostCarrierOptions) {
    this.client = new EasyPostClient(options);
    this.now = options.now ?? (() => new Date());
  }

  async quote(request: QuoteRequest): Promise<Quote[]> {
    checkShipFrom(request.shipFrom);
    checkShipTo(request.shipTo);
    checkParcels(request.parcels);
    const shipment = await this.createShipment({ ...request, reference: null });
    const now = this.now();
    return shipment.rates
      .map((rate) => ({
        carrier: rate.carrier,
        service: rate.service,
        amount: minorUnits(rate.rate, rate.currency),
        currency: rate.currency,
        estimatedDeliveryDate: estimatedDeliveryOf(rate, now),
      }))
      .sort((a, b) => a.amount - b.amount);
  }

  createLabel(request: LabelRequest): Promise<Label> {
    const { idempotencyKey, ...rest } = request;
    // Compared as it would travel in a job payload: absent and undefined fields are the same.
    const fingerprint: unknown = JSON.parse(JSON.stringify(rest));
    const seen = this.inFlight.get(idempotencyKey);
    if (seen) {
      if (!isDeepStrictEqual(seen.request, fingerprint)) {
        return Promise.reject(
          new CarrierRejected('idempotency_key_reused', `idempotency key ${idempotencyKey} was used for a different label request`, {
            idempotencyKey,
          }),
        );
      }
      return seen.label.then((label) => ({ ...label }));
    }
    const label = this.buyLabel(request);
    this.inFlight.set(idempotencyKey, { request: fingerprint, label });
    // A failed call is forgotten, so its retry asks EasyPost again.
    label.catch(() => this.inFlight.delete(idempotencyKey));
    return label.then((bought) => ({ ...bought }));
  }

  async track(trackingNumber: string): Promise<Tracking> {
    const query = new URLSearchParams({ tracking_code: trackingNumber, page_size: '1' });
    const list = await this.client.call('GET', `/trackers?${query}`, EasyPostTrackerList);
    const tracker = list?.trackers.find((t) => t.tracking_code === trackingNumber);
    if (!tracker) throw new CarrierRejected('unknown_tracking_number', `no shipment ${trackingNumber}`, { trackingNumber });
    return trackingOf(tracker, this.now());
  }

  private async buyLabel(request: LabelRequest): Promise<Label> {
    checkShipFrom(request.shipFrom);
    checkShipTo(request.shipTo);
    checkParcels(request.parcels);
    const reference = request.idempotencyKey;
    let shipment =
      (await this.client.call('GET', `/shipments/${encodeURIComponent(reference)}`, EasyPostShipment, { notFound: 'null' })) ??
      (await this.createShipment({ ...request, reference }));
    if (!shipment.postage_label || !shipment.tracking_code) {
      const rate = cheapest(allowedRates(shipment.rates, request.service));
      if (!rate) {
        throw new CarrierRejected('unsupported_service', `EasyPost offers no rate for service "${request.service}" on this shipment`, {
          service: request.service,
          offered: shipment.rates.map((r) => `${r.carrier} ${r.service}`),
        });
      }
      shipment = (await this.client.call('POST', `/shipments/${encodeURIComponent(shipment.id)}/buy`, EasyPostShipment, {
        body: { rate: { id: rate.id } },
      }))!;
    }
    const bought = shipment.selected_rate;
    if (!shipment.postage_label || !shipment.tracking_code || !bought) {
      throw new CarrierRejected('refused', `EasyPost bought shipment ${shipment.id} without a label or tracking code`);
    }
    return {
      carrier: bought.carrier,
      service: request.service,
      trackingNumber: shipment.tracking_code,
      labelUrl: shipment.postage_label.label_url,
      cost: minorUnits(bought.rate, bought.currency),
      estimatedDeliveryDate: estimatedDeliveryOf(bought, this.now()),
    };
  }

  private async createShipment(request: {
    shipFrom: ShipFrom;
    shipTo: ShipTo;
    parcels: readonly Parcel[];
    reference: string | null;
    currency?: string;
  }): Promise<EasyPostShipment> {
    const { shipFrom } = request;
    const street = shipFrom.line1 ?? (shipFrom.locationId ? this.options.fromStreets?.[shipFrom.locationId] : undefined) ?? null;
    const shipment = {
      ...(request.reference ? { reference: request.reference } : {}),
      to_address: toEasyPostAddress(request.shipTo),
      from_address: toEasyPostAddress({ ...shipFrom, name: null, line1: street }, { company: shipFrom.name ?? null }),
      parcel: toEasyPostParcel(request.parcels, this.options.parcelSize),
      ...(request.currency ? { options: { currency: request.currency.toUpperCase() } } : {}),
    };
    return (await this.client.call('POST', '/shipments', EasyPostShipment, { body: { shipment } }))!;
  }
}

/** EasyPost's tracker as our tracking, oldest event first; a tracker with no scans yet has had its label made. */
const trackingOf = (tracker: EasyPostTracker, now: Date): Tracking => {
  const events: TrackingEvent[] = tracker.tracking_details.flatMap((detail) => {
    const status = trackingStatusOf(detail.status);
    if (!status) return [];
    const at = detail.datetime ? new Date(detail.datetime) : now;
    return [{ status, at: at.toISOString(), detail: detail.message ?? detail.status }];
  });
  if (events.length === 0) {
    events.push({ status: 'label_created', at: new Date(tracker.created_at ?? now).toISOString(), detail: 'Label created' });
  }
  return { status: trackingStatusOf(tracker.status) ?? events[events.length - 1]!.status, events };
};
