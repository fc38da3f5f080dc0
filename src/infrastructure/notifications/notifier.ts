import { createHash } from 'node:crypto';
import { NotifyBy, Notification as OrderNotification } from '../../domain/order/order.values';
import { E164_PHONE } from '../../domain/kernel/value-objects';
import { PortError } from '../port-error';

/**
 * The Notifier port: tell a customer what happened to their order.
 *
 * Each kind carries what its template needs (see templates.ts). Money is in
 * integer minor units of `currency`. Every send carries an `idempotencyKey`:
 * jobs retry, so repeating a send with the same key delivers one message and
 * answers with the same `messageId`, which derives from the key, so even a
 * send repeated after a restart is recognisable (same Message-ID header).
 */
/** The kinds of message the workflow sends: the order domain's own list. */
export const notificationKinds = OrderNotification.options;
export type NotificationKind = OrderNotification;

/** Email adapters write to `email`, SMS adapters to `phone`; `notify` says which the customer chose (email when unset). */
export type Recipient = { email: string; name?: string | null; phone?: string | null; notify?: NotifyBy };

/** Where an adapter delivers. */
export type Medium = 'email' | 'sms';

export type NotificationLine = {
  sku: string;
  name?: string | null;
  quantity: number;
  /** Minor units. */
  unitPrice: number;
};

/** Minor units. */
export type NotificationTotals = { items: number; shipping: number; grand: number };

export type OrderSummary = {
  orderId: string;
  /** ISO 4217, e.g. USD. */
  currency: string;
  lines: readonly NotificationLine[];
  totals: NotificationTotals;
};

/** `name` is the product's name in the catalog: what the customer recognises (null when the catalog has none). */
export type QuantityLine = { sku: string; name: string | null; quantity: number };

/** Shaped like the domain's rejection reasons, so they can be passed as they are. */
export type RejectionNote = { code?: string; message: string };

/** What each kind's template shows, by kind. */
export type NotificationOrders = {
  confirmation: OrderSummary;
  rejected: { orderId: string; reasons: readonly RejectionNote[] };
  payment_failed: OrderSummary & { reason: string };
  backordered: { orderId: string; backordered: readonly QuantityLine[] };
  shipped: {
    orderId: string;
    carrier: string;
    trackingNumber: string;
    /** A page where the customer can follow the parcel (not the label PDF, which is the warehouse's). */
    trackingUrl?: string | null;
    /** What this shipment holds, when the order ships in parts. */
    lines?: readonly QuantityLine[];
  };
  /** A pickup order waits at a store for the customer to collect it. */
  ready_for_pickup: { orderId: string; store: { name: string; city: string | null; postalCode: string }; lines: readonly QuantityLine[] };
  /** `collected`: handed over at the store rather than delivered by a carrier. */
  delivered: { orderId: string; carrier?: string | null; trackingNumber?: string | null; collected?: boolean };
  cancelled: { orderId: string; reason?: string | null };
  /** The carrier could not deliver: the parcel is coming back, or is lost. */
  delivery_exception: { orderId: string; carrier: string; trackingNumber: string; reason: string };
};

export type Notification<K extends NotificationKind = NotificationKind> = {
  [P in K]: { idempotencyKey: string; kind: P; to: Recipient; order: NotificationOrders[P] };
}[K];

export type SendResult = {
  /** RFC 5322 Message-ID, with its angle brackets. */
  messageId: string;
};

export interface Notifier {
  send(notification: Notification): Promise<SendResult>;
  close(): Promise<void>;
}

/** Every error the notifier throws; `transient` says whether sending again (same idempotency key) can help. */
export abstract class NotifierError extends PortError {}

/** The message could not be handed over now (connection, timeout, SMTP 4xx, HTTP 429 or 5xx). Retry with the same key. */
export class NotificationFailed extends NotifierError {
  readonly code = 'NOTIFY.FAILED';
  readonly transient = true;

  constructor(
    message: string,
    /** `responseCode`: the SMTP reply or HTTP status; `providerCode`: the provider's own error code (Twilio's 21211, ...). */
    readonly details: { smtpCode?: string; responseCode?: number; providerCode?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The address (email or phone number) is malformed or the provider refuses it for good. Permanent. */
export class InvalidRecipient extends NotifierError {
  readonly code = 'NOTIFY.INVALID_RECIPIENT';
  readonly transient = false;

  constructor(
    readonly address: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid recipient ${JSON.stringify(address)}: ${reason}`, options);
  }
}

/** The send itself is wrong, e.g. an idempotency key reused for another message. Permanent. */
export class NotificationRejected extends NotifierError {
  readonly code = 'NOTIFY.REJECTED';
  readonly transient = false;
}

/** One address, no display name, no spaces or angle brackets; the server has the last word. */
const EMAIL = /^[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:]+$/;

export const checkRecipient = (to: Recipient): void => {
  if (!EMAIL.test(to.email)) throw new InvalidRecipient(to.email, 'not a single well-formed email address');
};

/** The number an SMS goes to: present and in E.164 form, or the recipient is permanently invalid. */
export const phoneOf = (to: Recipient): string => {
  const phone = to.phone ?? '';
  if (!E164_PHONE.test(phone)) throw new InvalidRecipient(phone, 'not a phone number in E.164 form (+ and up to 15 digits)');
  return phone;
};

/** The same key gives the same Message-ID, in any process. */
export const messageIdFor = (idempotencyKey: string, domain: string): string =>
  `<notify.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;

/** The domain of an address such as `orders@shop.example` or `Shop <orders@shop.example>`. */
export const domainOf = (address: string): string => /@([^\s@>]+)>?\s*$/.exec(address)?.[1] ?? 'localhost';
