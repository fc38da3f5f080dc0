import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import {
  Carrier,
  CarrierRejected,
  CarrierUnavailable,
  Label,
  LabelRequest,
  Quote,
  QuoteRequest,
  ShippingService,
  Tracking,
  TrackingEvent,
  TrackingStatus,
} from './carrier';
import { checkParcels, checkShipFrom, checkShipTo, dateAfter, isDomestic } from './label-request-checks';

export const SANDBOX_CARRIER = 'sandbox-post';

/** Label cost in minor units, per shipment. Pickup is only offered domestically. */
export const sandboxRates: Record<'domestic' | 'international', Partial<Record<ShippingService, number>>> = {
  domestic: { standard: 499, express: 1499, next_day: 2999, pickup: 0 },
  international: { standard: 1999, express: 3999, next_day: 7999 },
};

/** Calendar days from the label to the door, per service. */
export const sandboxTransitDays: Record<'domestic' | 'international', Partial<Record<ShippingService, number>>> = {
  domestic: { standard: 3, express: 2, next_day: 1, pickup: 0 },
  international: { standard: 7, express: 4, next_day: 2 },
};

export const sandboxLabelUrl = (trackingNumber: string): string =>
  `https://labels.sandbox.invalid/${trackingNumber}.pdf`;

const defaultDetails: Record<TrackingStatus, string> = {
  label_created: 'Label created, awaiting pickup',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  exception: 'Delivery exception',
};

export type SandboxCarrierOptions = {
  /** Clock for tracking events. */
  now?: () => Date;
  /** Artificial latency before each call answers. Default 0. */
  latencyMs?: number;
};

type Shipment = { idempotencyKey: string; events: TrackingEvent[] };
type KeyedLabel = { request: unknown; label: Label };

/** "SBX" + 12 digits from the key's hash; `attempt` steps past the (rare) collision. */
const trackingNumberFor = (idempotencyKey: string, attempt: number): string => {
  const hash = createHash('sha256').update(attempt === 0 ? idempotencyKey : `${idempotencyKey}#${attempt}`).digest('hex');
  const digits = (BigInt(`0x${hash.slice(0, 16)}`) % 10n ** 12n).toString().padStart(12, '0');
  return `SBX${digits}`;
};

/**
 * In-memory carrier that behaves like a real one in test mode. Tracking
 * numbers derive from the idempotency key, so a restarted process that
 * repeats a call gets the same tracking number back.
 */
export class SandboxCarrier implements Carrier {
  private readonly labels = new Map<string, KeyedLabel>();
  private readonly shipments = new Map<string, Shipment>();
  private readonly now: () => Date;
  private readonly latencyMs: number;
  private outageCalls = 0;

  constructor(options: SandboxCarrierOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Test hook: the next `calls` calls fail with CarrierUnavailable and have no effect. */
  simulateOutage(calls = 1): void {
    this.outageCalls += calls;
  }

  /** Test hook: the parcel moves on, as the carrier's scans would report. */
  advance(trackingNumber: string, status: TrackingStatus, detail: string = defaultDetails[status]): void {
    this.shipment(trackingNumber).events.push({ status, at: this.now().toISOString(), detail });
  }

  async quote(request: QuoteRequest): Promise<Quote[]> {
    await this.callStarts();
    checkShipFrom(request.shipFrom);
    checkShipTo(request.shipTo);
    checkParcels(request.parcels);
    const scope = isDomestic(request.shipFrom, request.shipTo) ? 'domestic' : 'international';
    return Object.entries(sandboxRates[scope])
      .map(([service, amount]) => ({
        carrier: SANDBOX_CARRIER,
        service,
        amount: amount!,
        currency: request.currency,
        estimatedDeliveryDate: dateAfter(this.now(), sandboxTransitDays[scope][service as ShippingService]!),
      }))
      .sort((a, b) => a.amount - b.amount);
  }

  async createLabel(request: LabelRequest): Promise<Label> {
    await this.callStarts();
    const { idempotencyKey, ...rest } = request;
    // Compared as it would travel in a job payload: absent and undefined fields are the same.
    const fingerprint: unknown = JSON.parse(JSON.stringify(rest));
    const seen = this.labels.get(idempotencyKey);
    if (seen) {
      if (!isDeepStrictEqual(seen.request, fingerprint)) {
        throw new CarrierRejected(
          'idempotency_key_reused',
          `idempotency key ${idempotencyKey} was used for a different label request`,
          { idempotencyKey },
        );
      }
      return { ...seen.label };
    }

    checkShipFrom(request.shipFrom);
    checkShipTo(request.shipTo);
    checkParcels(request.parcels);
    const scope = isDomestic(request.shipFrom, request.shipTo) ? 'domestic' : 'international';
    const cost = (sandboxRates[scope] as Partial<Record<string, number>>)[request.service];
    if (cost === undefined) {
      throw new CarrierRejected('unsupported_service', `${SANDBOX_CARRIER} has no ${scope} service "${request.service}"`, {
        service: request.service,
        scope,
      });
    }

    let attempt = 0;
    let trackingNumber = trackingNumberFor(idempotencyKey, attempt);
    while (this.shipments.has(trackingNumber)) trackingNumber = trackingNumberFor(idempotencyKey, ++attempt);

    const label: Label = {
      carrier: SANDBOX_CARRIER,
      service: request.service,
      trackingNumber,
      labelUrl: sandboxLabelUrl(trackingNumber),
      cost,
      estimatedDeliveryDate: dateAfter(this.now(), sandboxTransitDays[scope][request.service as ShippingService]!),
    };
    this.labels.set(idempotencyKey, { request: fingerprint, label });
    this.shipments.set(trackingNumber, {
      idempotencyKey,
      events: [{ status: 'label_created', at: this.now().toISOString(), detail: defaultDetails.label_created }],
    });
    return { ...label };
  }

  async track(trackingNumber: string): Promise<Tracking> {
    await this.callStarts();
    const { events } = this.shipment(trackingNumber);
    const latest = events[events.length - 1]!;
    return { status: latest.status, events: events.map((event) => ({ ...event })) };
  }

  private shipment(trackingNumber: string): Shipment {
    const shipment = this.shipments.get(trackingNumber);
    if (!shipment) {
      throw new CarrierRejected('unknown_tracking_number', `no shipment ${trackingNumber}`, { trackingNumber });
    }
    return shipment;
  }

  private async callStarts(): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (this.outageCalls > 0) {
      this.outageCalls -= 1;
      throw new CarrierUnavailable(`${SANDBOX_CARRIER}: service unavailable`);
    }
  }
}
