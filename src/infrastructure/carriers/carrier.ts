/**
 * The Carrier port: buy a shipping label for a packed fulfillment, then
 * follow its tracking.
 *
 * `createLabel` carries an `idempotencyKey`: jobs retry, so repeating it with
 * the same key buys one label and answers with the same tracking number.
 * Reusing a key for a different request is refused. Costs are integer minor
 * units of the shipper's account currency.
 */
import { PortError } from '../port-error';

export const shippingServices = ['standard', 'express', 'next_day', 'pickup'] as const;
export type ShippingService = (typeof shippingServices)[number];

/** Where the parcel is collected: a location's address (the sandbox needs only country and postal code). */
export type ShipFrom = {
  /** The OMS location, for carriers configured per location. */
  locationId?: string;
  country: string;
  postalCode: string;
  name?: string | null;
  line1?: string | null;
  city?: string | null;
  region?: string | null;
};

/** Shaped like the order's shipping address, so it can be passed as is. */
export type ShipTo = {
  name?: string | null;
  line1: string;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
};

export type Parcel = { weightGrams: number };

export type LabelRequest = {
  idempotencyKey: string;
  orderId: string;
  fulfillmentId: string;
  shipFrom: ShipFrom;
  shipTo: ShipTo;
  parcels: readonly Parcel[];
  /** One of ours, or a carrier's own service code. */
  service: ShippingService | (string & {});
};

export type Label = {
  carrier: string;
  service: string;
  trackingNumber: string;
  labelUrl: string;
  cost: number;
  /** YYYY-MM-DD, when the carrier gives one. */
  estimatedDeliveryDate: string | null;
};

/** What a parcel would cost to send, before anything is bought. */
export type QuoteRequest = {
  shipFrom: ShipFrom;
  shipTo: ShipTo;
  parcels: readonly Parcel[];
  /** The currency the caller would like prices in (a carrier may only price in its account's). */
  currency: string;
};

export type Quote = {
  carrier: string;
  service: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** YYYY-MM-DD, when the carrier gives one. */
  estimatedDeliveryDate: string | null;
};

export const trackingStatuses = ['label_created', 'in_transit', 'out_for_delivery', 'delivered', 'exception'] as const;
export type TrackingStatus = (typeof trackingStatuses)[number];

export type TrackingEvent = {
  status: TrackingStatus;
  /** ISO 8601 UTC. */
  at: string;
  detail: string;
};

/** `status` is the latest event's; events are oldest first. */
export type Tracking = { status: TrackingStatus; events: TrackingEvent[] };

export interface Carrier {
  /** Every service this carrier offers for the parcel, cheapest first. Buys nothing. */
  quote(request: QuoteRequest): Promise<Quote[]>;
  createLabel(request: LabelRequest): Promise<Label>;
  track(trackingNumber: string): Promise<Tracking>;
}

/** Every error the carrier throws; `transient` says whether a retry can help. */
export abstract class CarrierError extends PortError {}

/** The carrier could not take the call (down, rate limited, timed out). Retry with the same key. */
export class CarrierUnavailable extends CarrierError {
  readonly code = 'CARRIER.UNAVAILABLE';
  readonly transient = true;
}

/** The carrier cannot deliver to (or from) this address. Permanent: the address must change. */
export class AddressRejected extends CarrierError {
  readonly code = 'CARRIER.ADDRESS_REJECTED';
  readonly transient = false;

  constructor(
    /** Which field, e.g. `shipTo.postalCode`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`address rejected: ${field} ${reason}`);
  }
}

export type CarrierRejectionReason =
  | 'unsupported_service'
  | 'invalid_parcels'
  | 'unknown_tracking_number'
  | 'idempotency_key_reused'
  /** The carrier refused the call itself (bad credentials, no funds, a parameter it does not take). */
  | 'refused';

/** The call itself is wrong (a bug or a misconfiguration on our side): permanent. */
export class CarrierRejected extends CarrierError {
  readonly code = 'CARRIER.REJECTED';
  readonly transient = false;

  constructor(
    readonly reason: CarrierRejectionReason,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
