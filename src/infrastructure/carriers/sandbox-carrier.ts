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
  /** Clock for labels and tracking. */
  now?: () => Date;
  /** Artificial latency before each call answers. Default 0. */
  latencyMs?: number;
  /** Seconds between two scans of a parcel: in transit after one, out for delivery after two, delivered after three. Default 60. */
  trackingStepSeconds?: number;
};

type KeyedLabel = { request: unknown; label: Label };

/** The scans every sandbox parcel gets, one tracking step apart. */
const journey: readonly TrackingStatus[] = ['label_created', 'in_transit', 'out_for_delivery', 'delivered'];

/**
 * "SBX" + 12 digits from the key's hash + 10 digits of the purchase time in
 * epoch seconds: any process can tell how far the parcel got, with no state.
 * `attempt` steps past the (rare) collision of the key digits.
 */
const trackingNumberFor = (idempotencyKey: string, attempt: number, createdAt: Date): string => {
  const hash = createHash('sha256').update(attempt === 0 ? idempotencyKey : `${idempotencyKey}#${attempt}`).digest('hex');
  const digits = (BigInt(`0x${hash.slice(0, 16)}`) % 10n ** 12n).toString().padStart(12, '0');
  const seconds = Math.floor(createdAt.getTime() / 1000).toString().padStart(10, '0');
  return `SBX${digits}${seconds}`;
};

const TRACKING_NUMBER = /^SBX\d{12}(\d{10})$/;

/** When the label of a sandbox tracking number was bought, or null for a number the sandbox never issues. */
const createdAtOf = (trackingNumber: string): Date | null => {
  const match = TRACKING_NUMBER.exec(trackingNumber);
  return match ? new Date(Number(match[1]) * 1000) : null;
};

/**
 * In-memory carrier that behaves like a real one in test mode. Tracking
 * numbers derive from the idempotency key and carry the purchase time, so
 * tracking moves along on a schedule that any process, also after a restart,
 * answers alike. A restarted process that repeats a call gets a label with
 * the same key digits, stamped with its own purchase time.
 */
export class SandboxCarrier implements Carrier {
  private readonly labels = new Map<string, KeyedLabel>();
  /** Scans set by `advance`, which replace the schedule for their parcel. */
  private readonly advanced = new Map<string, TrackingEvent[]>();
  private readonly now: () => Date;
  private readonly latencyMs: number;
  private readonly stepMs: number;
  private outageCalls = 0;

  constructor(options: SandboxCarrierOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.latencyMs = options.latencyMs ?? 0;
    this.stepMs = (options.trackingStepSeconds ?? 60) * 1000;
  }

  /** Test hook: the next `calls` calls fail with CarrierUnavailable and have no effect. */
  simulateOutage(calls = 1): void {
    this.outageCalls += calls;
  }

  /** Test hook: the parcel moves on, as the carrier's scans would report; its schedule no longer applies. */
  advance(trackingNumber: string, status: TrackingStatus, detail: string = defaultDetails[status]): void {
    const events = this.advanced.get(trackingNumber) ?? [this.scheduled(trackingNumber)[0]!];
    this.advanced.set(trackingNumber, [...events, { status, at: this.now().toISOString(), detail }]);
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

    const createdAt = this.now();
    const issued = new Set([...this.labels.values()].map((keyed) => keyed.label.trackingNumber));
    let attempt = 0;
    let trackingNumber = trackingNumberFor(idempotencyKey, attempt, createdAt);
    while (issued.has(trackingNumber)) trackingNumber = trackingNumberFor(idempotencyKey, ++attempt, createdAt);

    const label: Label = {
      carrier: SANDBOX_CARRIER,
      service: request.service,
      trackingNumber,
      labelUrl: sandboxLabelUrl(trackingNumber),
      cost,
      estimatedDeliveryDate: dateAfter(createdAt, sandboxTransitDays[scope][request.service as ShippingService]!),
    };
    this.labels.set(idempotencyKey, { request: fingerprint, label });
    return { ...label };
  }

  async track(trackingNumber: string): Promise<Tracking> {
    await this.callStarts();
    const events = this.advanced.get(trackingNumber) ?? this.scheduled(trackingNumber);
    const latest = events[events.length - 1]!;
    return { status: latest.status, events: events.map((event) => ({ ...event })) };
  }

  /** The scans due by now: one per tracking step since the label was bought (its time is in the number). */
  private scheduled(trackingNumber: string): TrackingEvent[] {
    const createdAt = createdAtOf(trackingNumber);
    if (!createdAt) {
      throw new CarrierRejected('unknown_tracking_number', `no shipment ${trackingNumber}`, { trackingNumber });
    }
    const elapsed = this.now().getTime() - createdAt.getTime();
    const steps = Math.floor(Math.max(0, elapsed) / this.stepMs);
    return journey.slice(0, Math.min(steps, journey.length - 1) + 1).map((status, step) => ({
      status,
      at: new Date(createdAt.getTime() + step * this.stepMs).toISOString(),
      detail: defaultDetails[status],
    }));
  }

  private async callStarts(): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (this.outageCalls > 0) {
      this.outageCalls -= 1;
      throw new CarrierUnavailable(`${SANDBOX_CARRIER}: service unavailable`);
    }
  }
}
