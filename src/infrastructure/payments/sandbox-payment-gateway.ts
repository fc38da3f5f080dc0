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
import { DocumentStore } from '../documents/document-store';
import { SqliteDocumentStore } from '../documents/sqlite-document-store';
import { LedgerTransaction, SandboxLedger, SandboxLedgerOptions } from './sandbox-ledger';

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
  /**
   * The store to keep the account in, shared by every process on it (as a
   * real gateway's test account is): what one process authorized another can
   * capture, before or after a restart. Without one it lives in memory.
   */
  store?: DocumentStore;
  ledger?: SandboxLedgerOptions;
};

type Operation = 'authorize' | 'capture' | 'void' | 'refund';

type Outcome = { ok: true; value: object } | { ok: false; declineCode: string; reason: string };

/** What a key produced: replayed on every repeat of the same request. Transient failures are not kept. */
type KeyedOutcome = { operation: Operation; request: unknown; outcome: Outcome };

type AuthorizationState = { amount: number; currency: string; captured: number; voided: boolean };
type CaptureState = { authorizationId: string; amount: number; refunded: number };

const idFor = (prefix: string, idempotencyKey: string): string =>
  `${prefix}_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;

const isMinorUnits = (amount: number): boolean =>
  Number.isSafeInteger(amount) && amount > 0;

/**
 * A gateway that behaves like a real one in test mode. Ids derive from the
 * idempotency key, so a process that repeats a call gets the same id back.
 * Its account lives in the store it is given (`oms` passes the requests
 * store: SQLite in the data folder, or MongoDB), so every replica sees what
 * the others authorized; without one, in memory.
 */
export class SandboxPaymentGateway implements PaymentGateway {
  readonly supportedMethods = ['card'] as const;
  private readonly ledger: Promise<SandboxLedger>;
  /** The in-memory store it opened itself, to close; a store it was given belongs to the caller. */
  private readonly ownStore: Promise<SqliteDocumentStore> | null;
  private readonly latencyMs: number;
  private outageCalls = 0;

  constructor(options: SandboxPaymentGatewayOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.ownStore = options.store ? null : SqliteDocumentStore.open(':memory:');
    const store = options.store ? Promise.resolve(options.store) : this.ownStore!;
    this.ledger = store.then((opened) => new SandboxLedger(opened, options.ledger));
  }

  async close(): Promise<void> {
    if (this.ownStore) await (await this.ownStore).close();
  }

  /** Test hook: the next `calls` calls fail with PaymentUnavailable and have no effect. */
  simulateOutage(calls = 1): void {
    this.outageCalls += calls;
  }

  async authorize(request: AuthorizeRequest): Promise<Authorization> {
    const { idempotencyKey, amount, currency, token, orderId } = request;
    // The account keeps a digest of the token to tell a repeat from another request, never the token itself.
    return this.once('authorize', idempotencyKey, { amount, currency, token: digestOf(token), orderId }, [], async (ledger) => {
      if (!isMinorUnits(amount)) throw invalidAmount(amount);
      if (!/^[A-Z]{3}$/.test(currency)) {
        throw new PaymentRejected('invalid_currency', `not an ISO 4217 currency code: ${currency}`, { currency });
      }
      if (token === sandboxTokens.timeout && !(await ledger.get('timeout', idempotencyKey))) {
        ledger.put('timeout', idempotencyKey, true);
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
      ledger.put('authorization', authorizationId, { amount, currency, captured: 0, voided: false } satisfies AuthorizationState);
      return { authorizationId, amount };
    });
  }

  async capture(request: CaptureRequest): Promise<Capture> {
    const { idempotencyKey, authorizationId, amount } = request;
    return this.once('capture', idempotencyKey, { authorizationId, amount }, [`authorization:${authorizationId}`], async (ledger) => {
      if (!isMinorUnits(amount)) throw invalidAmount(amount);
      const authorization = await openAuthorization(ledger, authorizationId);
      const remaining = authorization.amount - authorization.captured;
      if (amount > remaining) {
        throw new PaymentRejected(
          'amount_exceeds_authorized',
          `capture of ${amount} exceeds the ${remaining} left on ${authorizationId}`,
          { authorizationId, authorized: authorization.amount, captured: authorization.captured, requested: amount },
        );
      }
      ledger.put('authorization', authorizationId, { ...authorization, captured: authorization.captured + amount });
      const captureId = idFor('cap', idempotencyKey);
      ledger.put('capture', captureId, { authorizationId, amount, refunded: 0 } satisfies CaptureState);
      return { captureId, amount };
    });
  }

  async void(request: VoidRequest): Promise<VoidResult> {
    const { idempotencyKey, authorizationId } = request;
    return this.once('void', idempotencyKey, { authorizationId }, [`authorization:${authorizationId}`], async (ledger) => {
      const authorization = await openAuthorization(ledger, authorizationId);
      const remaining = authorization.amount - authorization.captured;
      if (remaining === 0) {
        throw new PaymentRejected('fully_captured', `authorization ${authorizationId} is fully captured`, {
          authorizationId,
        });
      }
      ledger.put('authorization', authorizationId, { ...authorization, voided: true });
      return { voidedAmount: remaining };
    });
  }

  async refund(request: RefundRequest): Promise<Refund> {
    const { idempotencyKey, captureId, amount } = request;
    return this.once('refund', idempotencyKey, { captureId, amount }, [`capture:${captureId}`], async (ledger) => {
      if (!isMinorUnits(amount)) throw invalidAmount(amount);
      const capture = await ledger.get<CaptureState>('capture', captureId);
      if (!capture) throw new PaymentRejected('unknown_capture', `no capture ${captureId}`, { captureId });
      const refundable = capture.amount - capture.refunded;
      if (amount > refundable) {
        throw new PaymentRejected(
          'amount_exceeds_captured',
          `refund of ${amount} exceeds the ${refundable} refundable on ${captureId}`,
          { captureId, captured: capture.amount, refunded: capture.refunded, requested: amount },
        );
      }
      ledger.put('capture', captureId, { ...capture, refunded: capture.refunded + amount });
      return { refundId: idFor('re', idempotencyKey), amount };
    });
  }

  /**
   * Runs `effect` at most once per idempotency key. Its result, or its
   * decline, is kept and replayed; rejections and transient failures are not,
   * as they had no effect (a timeout only marks that the key timed out once).
   * After the latency wait everything runs in one ledger transaction that
   * locks the key and what the call changes (`touches`), so concurrent
   * repeats of one key, or two captures of one authorization, from this
   * process or another, cannot both take effect.
   */
  private async once<T extends object>(
    operation: Operation,
    idempotencyKey: string,
    request: object,
    touches: readonly string[],
    effect: (ledger: LedgerTransaction) => Promise<T>,
  ): Promise<T> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (this.outageCalls > 0) {
      this.outageCalls -= 1;
      throw new PaymentUnavailable('sandbox: gateway unavailable');
    }
    // Compared as stored: absent and undefined fields are the same.
    const fingerprint: unknown = JSON.parse(JSON.stringify(request));
    const ledger = await this.ledger;
    const outcome = await ledger.atomically([`key:${idempotencyKey}`, ...touches], async (transaction): Promise<Outcome | PaymentTimeout> => {
      const seen = await transaction.get<KeyedOutcome>('key', idempotencyKey);
      if (seen) {
        if (seen.operation !== operation || !isDeepStrictEqual(seen.request, fingerprint)) {
          throw new PaymentRejected(
            'idempotency_key_reused',
            `idempotency key ${idempotencyKey} was used for a different ${seen.operation} request`,
            { idempotencyKey },
          );
        }
        return seen.outcome;
      }
      let result: Outcome;
      try {
        result = { ok: true, value: await effect(transaction) };
      } catch (error) {
        if (error instanceof PaymentTimeout) return error; // committed: the retry approves
        if (!(error instanceof PaymentDeclined)) throw error;
        result = { ok: false, declineCode: error.declineCode, reason: error.reason };
      }
      transaction.put('key', idempotencyKey, { operation, request: fingerprint, outcome: result } satisfies KeyedOutcome);
      return result;
    });
    if (outcome instanceof PaymentTimeout) throw outcome;
    if (!outcome.ok) throw new PaymentDeclined(outcome.declineCode, outcome.reason);
    return { ...(outcome.value as T) };
  }
}

const digestOf = (token: string): string => createHash('sha256').update(token).digest('hex');

const openAuthorization = async (ledger: LedgerTransaction, authorizationId: string): Promise<AuthorizationState> => {
  const authorization = await ledger.get<AuthorizationState>('authorization', authorizationId);
  if (!authorization) {
    throw new PaymentRejected('unknown_authorization', `no authorization ${authorizationId}`, { authorizationId });
  }
  if (authorization.voided) {
    throw new PaymentRejected('authorization_voided', `authorization ${authorizationId} was voided`, {
      authorizationId,
    });
  }
  return authorization;
};

const invalidAmount = (amount: number) =>
  new PaymentRejected('invalid_amount', `amount must be a positive integer of minor units, got ${amount}`, { amount });
