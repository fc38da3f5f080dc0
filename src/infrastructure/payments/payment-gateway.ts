/**
 * The PaymentGateway port: authorize a card payment, capture it (in parts, up
 * to the authorized amount), void what is left, refund what was captured.
 *
 * Amounts are integer minor units of the authorization's currency. Every call
 * carries an `idempotencyKey`: jobs retry, so repeating a call with the same
 * key has one effect and answers the same way (a decline included). Reusing a
 * key for a different request is refused, as real gateways do.
 *
 * Errors say whether a retry can help: `isTransient(error)` (src/infrastructure/port-error.ts). A timeout leaves
 * the outcome unknown, so retry it with the same idempotency key.
 */
import { PortError } from '../port-error';

export type AuthorizeRequest = {
  idempotencyKey: string;
  amount: number;
  /** ISO 4217, e.g. USD. */
  currency: string;
  /** Card token from the client-side tokenizer. */
  token: string;
  orderId: string;
};

export type Authorization = { authorizationId: string; amount: number };

export type CaptureRequest = { idempotencyKey: string; authorizationId: string; amount: number };

export type Capture = { captureId: string; amount: number };

export type VoidRequest = { idempotencyKey: string; authorizationId: string };

/** What the void released: the authorized amount not captured. */
export type VoidResult = { voidedAmount: number };

export type RefundRequest = { idempotencyKey: string; captureId: string; amount: number };

export type Refund = { refundId: string; amount: number };

export interface PaymentGateway {
  /** The payment methods this gateway takes (e.g. `card`): orders paying any other way are refused at entry. */
  readonly supportedMethods: readonly string[];
  authorize(request: AuthorizeRequest): Promise<Authorization>;
  /** Partial captures are allowed; the total captured never exceeds the authorized amount. */
  capture(request: CaptureRequest): Promise<Capture>;
  void(request: VoidRequest): Promise<VoidResult>;
  /** The total refunded never exceeds the capture. */
  refund(request: RefundRequest): Promise<Refund>;
  /** Lets go of what the adapter holds open (a file, a connection), if anything. */
  close?(): void | Promise<void>;
}

/** Every error the payment gateway throws. */
export abstract class PaymentError extends PortError {}

/** Card-network reasons a sandbox or gateway gives; gateways may add their own. */
export type DeclineCode = 'card_declined' | 'insufficient_funds' | 'amount_too_large' | 'invalid_token' | (string & {});

/** The issuer or gateway said no. Permanent: the customer must pay another way. */
export class PaymentDeclined extends PaymentError {
  readonly code = 'PAYMENT.DECLINED';
  readonly transient = false;

  constructor(
    readonly declineCode: DeclineCode,
    readonly reason: string,
  ) {
    super(`payment declined (${declineCode}): ${reason}`);
  }
}

/** No answer in time; the call may or may not have taken effect. Retry with the same key. */
export class PaymentTimeout extends PaymentError {
  readonly code = 'PAYMENT.TIMEOUT';
  readonly transient = true;
}

/** The gateway could not take the call (down, rate limited, 5xx). Retry with the same key. */
export class PaymentUnavailable extends PaymentError {
  readonly code = 'PAYMENT.UNAVAILABLE';
  readonly transient = true;
}

export type PaymentRejectionReason =
  | 'invalid_amount'
  | 'invalid_currency'
  | 'unknown_authorization'
  | 'unknown_capture'
  | 'amount_exceeds_authorized'
  | 'amount_exceeds_captured'
  | 'authorization_voided'
  | 'fully_captured'
  | 'idempotency_key_reused';

/** The call itself is wrong (a bug on our side, not the customer's): permanent. */
export class PaymentRejected extends PaymentError {
  readonly code = 'PAYMENT.REJECTED';
  readonly transient = false;

  constructor(
    readonly reason: PaymentRejectionReason,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
