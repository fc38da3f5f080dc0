import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import {
  Authorization,
  AuthorizeRequest,
  Capture,
  CaptureRequest,
  PaymentDeclined,
  PaymentGateway,
  PaymentRejected,
  PaymentTimeout,
  PaymentUnavailable,
  Refund,
  RefundRequest,
  VoidRequest,
  VoidResult,
} from './payment-gateway';

/** Amounts above this decline with `amount_too_large`. */
export const SANDBOX_MAX_AMOUNT = 1_000_000_000;

/** Test tokens, after the card networks' test cards. Any other `tok_` token approves. */
export const sandboxTokens = {
  visa: 'tok_visa',
  chargeDeclined: 'tok_chargeDeclined',
  insufficientFunds: 'tok_insufficientFunds',
  /** Times out on the first attempt for an idempotency key, approves on the next. */
  timeout: 'tok_timeout',
} as const;

export type SandboxPaymentGatewayOptions = {
  /** Artificial latency before each call answers. Default 0. */
  latencyMs?: number;
};

type Operation = 'authorize' | 'capture' | 'void' | 'refund';

/** What a key produced: replayed on every repeat of the same request. Transient failures are not kept. */
type KeyedOutcome = {
  operation: Operation;
  request: unknown;
  outcome: { ok: true; value: object } | { ok: false; error: PaymentDeclined };
};

type AuthorizationState = { amount: number; currency: string; captured: number; voided: boolean };
type CaptureState = { authorizationId: string; amount: number; refunded: number };

const idFor = (prefix: string, idempotencyKey: string): string =>
  `${prefix}_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;

const isMinorUnits = (amount: number): boolean =>
  Number.isSafeInteger(amount) && amount > 0;

/**
 * In-memory gateway that behaves like a real one in test mode. Ids derive
 * from the idempotency key, so a restarted process that repeats a call gets
 * the same id back (its state, like a test account's, does not survive).
 */
export class SandboxPaymentGateway implements PaymentGateway {
  private readonly keys = new Map<string, KeyedOutcome>();
  private readonly timedOutKeys = new Set<string>();
  private readonly authorizations = new Map<string, AuthorizationState>();
  private readonly captures = new Map<string, CaptureState>();
  private readonly latencyMs: number;
  private outageCalls = 0;

  constructor(options: SandboxPaymentGatewayOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Test hook: the next `calls` calls fail with PaymentUnavailable and have no effect. */
  simulateOutage(calls = 1): void {
    this.outageCalls += calls;
  }

  async authorize(request: AuthorizeRequest): Promise<Authorization> {
    const { idempotencyKey, amount, currency, token, orderId } = request;
    return this.once('authorize', idempotencyKey, { amount, currency, token, orderId }, () => {
      if (!isMinorUnits(amount)) throw invalidAmount(amount);
      if (!/^[A-Z]{3}$/.test(currency)) {
        throw new PaymentRejected('invalid_currency', `not an ISO 4217 currency code: ${currency}`, { currency });
      }
      if (token === sandboxTokens.timeout && !this.timedOutKeys.has(idempotencyKey)) {
        this.timedOutKeys.add(idempotencyKey);
        throw new PaymentTimeout(`sandbox: authorization ${idempotencyKey} timed out`);
      }
      if (amount > SANDBOX_MAX_AMOUNT) {
        throw new PaymentDeclined('amount_too_large', `amount ${amount} exceeds ${SANDBOX_MAX_AMOUNT}`);
      }
      if (token === sandboxTokens.chargeDeclined) throw new PaymentDeclined('card_declined', 'the card was declined');
      if (token === sandboxTokens.insufficientFunds) {
        throw new PaymentDeclined('insufficient_funds', 'the card has insufficient funds');
      }
      if (!token.startsWith('tok_')) throw new PaymentDeclined('invalid_token', 'the card token is not valid');

      const authorizationId = idFor('auth', idempotencyKey);
      this.authorizations.set(authorizationId, { amount, currency, captured: 0, voided: false });
      return { authorizationId, amount };
    });
  }

  async capture(request: CaptureRequest): Promise<Capture> {
    const { idempotencyKey, authorizationId, amount } = request;
    return this.once('capture', idempotencyKey, { authorizationId, amount }, () => {
      if (!isMinorUnits(amount)) throw invalidAmount(amount);
      const authorization = this.openAuthorization(authorizationId);
      const remaining = authorization.amount - authorization.captured;
      if (amount > remaining) {
        throw new PaymentRejected(
          'amount_exceeds_authorized',
          `capture of ${amount} exceeds the ${remaining} left on ${authorizationId}`,
          { authorizationId, authorized: authorization.amount, captured: authorization.captured, requested: amount },
        );
      }
      authorization.captured += amount;
      const captureId = idFor('cap', idempotencyKey);
      this.captures.set(captureId, { authorizationId, amount, refunded: 0 });
      return { captureId, amount };
    });
  }

  async void(request: VoidRequest): Promise<VoidResult> {
    const { idempotencyKey, authorizationId } = request;
    return this.once('void', idempotencyKey, { authorizationId }, () => {
      const authorization = this.openAuthorization(authorizationId);
      const remaining = authorization.amount - authorization.captured;
      if (remaining === 0) {
        throw new PaymentRejected('fully_captured', `authorization ${authorizationId} is fully captured`, {
          authorizationId,
        });
      }
      authorization.voided = true;
      return { voidedAmount: remaining };
    });
  }

  async refund(request: RefundRequest): Promise<Refund> {
    const { idempotencyKey, captureId, amount } = request;
    return this.once('refund', idempotencyKey, { captureId, amount }, () => {
      if (!isMinorUnits(amount)) throw invalidAmount(amount);
      const capture = this.captures.get(captureId);
      if (!capture) throw new PaymentRejected('unknown_capture', `no capture ${captureId}`, { captureId });
      const refundable = capture.amount - capture.refunded;
      if (amount > refundable) {
        throw new PaymentRejected(
          'amount_exceeds_captured',
          `refund of ${amount} exceeds the ${refundable} refundable on ${captureId}`,
          { captureId, captured: capture.amount, refunded: capture.refunded, requested: amount },
        );
      }
      capture.refunded += amount;
      return { refundId: idFor('re', idempotencyKey), amount };
    });
  }

  private openAuthorization(authorizationId: string): AuthorizationState {
    const authorization = this.authorizations.get(authorizationId);
    if (!authorization) {
      throw new PaymentRejected('unknown_authorization', `no authorization ${authorizationId}`, { authorizationId });
    }
    if (authorization.voided) {
      throw new PaymentRejected('authorization_voided', `authorization ${authorizationId} was voided`, {
        authorizationId,
      });
    }
    return authorization;
  }

  /**
   * Runs `effect` at most once per idempotency key. Its result, or its
   * decline, is kept and replayed; rejections and transient failures are not,
   * as they had no effect. After the latency wait everything runs
   * synchronously, so concurrent repeats of one key cannot both take effect.
   */
  private async once<T extends object>(
    operation: Operation,
    idempotencyKey: string,
    request: object,
    effect: () => T,
  ): Promise<T> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (this.outageCalls > 0) {
      this.outageCalls -= 1;
      throw new PaymentUnavailable('sandbox: gateway unavailable');
    }
    const seen = this.keys.get(idempotencyKey);
    if (seen) {
      if (seen.operation !== operation || !isDeepStrictEqual(seen.request, request)) {
        throw new PaymentRejected(
          'idempotency_key_reused',
          `idempotency key ${idempotencyKey} was used for a different ${seen.operation} request`,
          { idempotencyKey },
        );
      }
      if (!seen.outcome.ok) throw seen.outcome.error;
      return { ...(seen.outcome.value as T) };
    }
    try {
      const value = effect();
      this.keys.set(idempotencyKey, { operation, request, outcome: { ok: true, value } });
      return { ...value };
    } catch (error) {
      if (error instanceof PaymentDeclined) {
        this.keys.set(idempotencyKey, { operation, request, outcome: { ok: false, error } });
      }
      throw error;
    }
  }
}

const invalidAmount = (amount: number) =>
  new PaymentRejected('invalid_amount', `amount must be a positive integer of minor units, got ${amount}`, { amount });
