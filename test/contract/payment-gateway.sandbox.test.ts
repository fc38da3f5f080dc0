import { isTransient } from '../../src/infrastructure/port-error';
import { PaymentDeclined, PaymentTimeout } from '../../src/infrastructure/payments/payment-gateway';
import {
  SANDBOX_MAX_AMOUNT,
  SandboxPaymentGateway,
  sandboxTokens,
} from '../../src/infrastructure/payments/sandbox-payment-gateway';
import path from 'node:path';
import { makeTempDir } from '../support/temp-dir';
import { paymentGatewayContract } from './payment-gateway.contract';
import { DocumentStore } from '../../src/infrastructure/documents/document-store';
import { SqliteDocumentStore } from '../../src/infrastructure/documents/sqlite-document-store';

paymentGatewayContract(
  'sandbox',
  async () => {
    const gateway = new SandboxPaymentGateway();
    return { gateway, simulateOutage: () => gateway.simulateOutage() };
  },
  { approves: sandboxTokens.visa, declines: sandboxTokens.chargeDeclined, insufficientFunds: sandboxTokens.insufficientFunds },
);

const temp = makeTempDir('oms-sandbox-payments-');
const opened: DocumentStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await temp.remove();
});
let files = 0;
/** A SQLite store in a file, opened twice: two processes on one data folder. */
const sharedStore = async () => {
  const file = path.join(temp.dir, `payments-${++files}.db`);
  const [one, other] = await Promise.all([SqliteDocumentStore.open(file), SqliteDocumentStore.open(file)]);
  opened.push(one, other);
  return [one, other] as const;
};

paymentGatewayContract(
  'sandbox, two instances on one store',
  async () => {
    const [one, other] = await sharedStore();
    const gateway = new SandboxPaymentGateway({ store: one });
    return { gateway, peer: new SandboxPaymentGateway({ store: other }), simulateOutage: () => gateway.simulateOutage() };
  },
  { approves: sandboxTokens.visa, declines: sandboxTokens.chargeDeclined, insufficientFunds: sandboxTokens.insufficientFunds },
);

describe('SandboxPaymentGateway specifics', () => {
  const request = (overrides: Partial<Parameters<SandboxPaymentGateway['authorize']>[0]> = {}) => ({
    idempotencyKey: 'order-1/authorize',
    amount: 2_000,
    currency: 'USD',
    token: sandboxTokens.visa,
    orderId: 'order-1',
    ...overrides,
  });

  it('approves any other tok_ token and declines a token of another shape', async () => {
    const gateway = new SandboxPaymentGateway();
    await expect(gateway.authorize(request({ idempotencyKey: 'k1', token: 'tok_mastercard' }))).resolves.toMatchObject({
      amount: 2_000,
    });
    await expect(gateway.authorize(request({ idempotencyKey: 'k2', token: 'pm_123' }))).rejects.toMatchObject({
      declineCode: 'invalid_token',
    });
  });

  it('times out tok_timeout on the first attempt for a key, with no effect, and approves the retry', async () => {
    const gateway = new SandboxPaymentGateway();
    const first = await gateway.authorize(request({ token: sandboxTokens.timeout })).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(PaymentTimeout);
    expect(isTransient(first)).toBe(true);

    const retry = await gateway.authorize(request({ token: sandboxTokens.timeout }));
    await expect(gateway.authorize(request({ token: sandboxTokens.timeout }))).resolves.toEqual(retry);
    // Another key times out again on its own first attempt.
    await expect(gateway.authorize(request({ idempotencyKey: 'other', token: sandboxTokens.timeout }))).rejects.toBeInstanceOf(
      PaymentTimeout,
    );
  });

  it(`declines amounts above ${SANDBOX_MAX_AMOUNT} as amount_too_large, and allows exactly that much`, async () => {
    const gateway = new SandboxPaymentGateway();
    const error = await gateway.authorize(request({ idempotencyKey: 'big', amount: SANDBOX_MAX_AMOUNT + 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentDeclined);
    expect(error).toMatchObject({ declineCode: 'amount_too_large' });
    await expect(gateway.authorize(request({ idempotencyKey: 'max', amount: SANDBOX_MAX_AMOUNT }))).resolves.toMatchObject({
      amount: SANDBOX_MAX_AMOUNT,
    });
  });

  it('derives ids from the idempotency key, so a restarted process gets the same ids back', async () => {
    const before = new SandboxPaymentGateway();
    const after = new SandboxPaymentGateway();
    const a = await before.authorize(request());
    const b = await after.authorize(request());
    expect(b).toEqual(a);
    const captureA = await before.capture({ idempotencyKey: 'order-1/F1/capture', authorizationId: a.authorizationId, amount: 500 });
    const captureB = await after.capture({ idempotencyKey: 'order-1/F1/capture', authorizationId: b.authorizationId, amount: 500 });
    expect(captureB.captureId).toBe(captureA.captureId);
    expect(captureA.captureId).not.toBe(a.authorizationId);
  });

  it('refuses the same key for a different operation', async () => {
    const gateway = new SandboxPaymentGateway();
    const { authorizationId } = await gateway.authorize(request());
    await expect(gateway.capture({ idempotencyKey: request().idempotencyKey, authorizationId, amount: 1 })).rejects.toMatchObject({
      reason: 'idempotency_key_reused',
    });
  });

  it('answers after the configured latency', async () => {
    const gateway = new SandboxPaymentGateway({ latencyMs: 30 });
    const started = performance.now();
    await gateway.authorize(request());
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('applies concurrent repeats of a key once even with latency', async () => {
    const gateway = new SandboxPaymentGateway({ latencyMs: 5 });
    const { authorizationId } = await gateway.authorize(request());
    const capture = { idempotencyKey: 'cap-1', authorizationId, amount: 1_500 };
    const results = await Promise.all([gateway.capture(capture), gateway.capture(capture), gateway.capture(capture)]);
    expect(new Set(results.map((r) => r.captureId)).size).toBe(1);
    await expect(gateway.void({ idempotencyKey: 'void-1', authorizationId })).resolves.toEqual({ voidedAmount: 500 });
  });

  it('keeps its account in the store across a restart: what was authorized before can be captured and voided after', async () => {
    const file = path.join(temp.dir, 'restart.db');
    const storeBefore = await SqliteDocumentStore.open(file);
    const before = new SandboxPaymentGateway({ store: storeBefore });
    const { authorizationId } = await before.authorize(request());
    await before.capture({ idempotencyKey: 'cap-before', authorizationId, amount: 500 });
    await before.close();
    await storeBefore.close();

    const storeAfter = await SqliteDocumentStore.open(file);
    opened.push(storeAfter);
    const after = new SandboxPaymentGateway({ store: storeAfter });
    await expect(after.authorize(request())).resolves.toEqual({ authorizationId, amount: 2_000 });
    await expect(after.capture({ idempotencyKey: 'cap-after', authorizationId, amount: 1_600 })).rejects.toMatchObject({
      reason: 'amount_exceeds_authorized',
    });
    await expect(after.capture({ idempotencyKey: 'cap-after', authorizationId, amount: 1_000 })).resolves.toMatchObject({ amount: 1_000 });
    await expect(after.void({ idempotencyKey: 'void-after', authorizationId })).resolves.toEqual({ voidedAmount: 500 });

    // A gateway without a file starts with an empty account.
    await expect(new SandboxPaymentGateway().void({ idempotencyKey: 'void-x', authorizationId })).rejects.toMatchObject({
      reason: 'unknown_authorization',
    });
  });
});
