import { randomUUID } from 'node:crypto';
import { isTransient } from '../../src/infrastructure/port-error';
import {
  PaymentDeclined,
  PaymentGateway,
  PaymentRejected,
  PaymentUnavailable,
} from '../../src/infrastructure/payments/payment-gateway';

export type PaymentGatewayHarness = {
  gateway: PaymentGateway;
  /** Makes the next call fail as an outage would (absent when the adapter cannot be made to). */
  simulateOutage?: () => void;
  /** A second instance on the same account (another process or container), when the adapter can have one. */
  peer?: PaymentGateway;
};

/** The adapter's test cards. */
export type PaymentGatewayFixtures = {
  approves: string;
  declines: string;
  insufficientFunds: string;
};

const key = (label: string) => `${label}-${randomUUID()}`;

/** One suite, run against every PaymentGateway adapter. */
export const paymentGatewayContract = (
  adapterName: string,
  open: () => Promise<PaymentGatewayHarness>,
  cards: PaymentGatewayFixtures,
) => {
  describe(`PaymentGateway contract: ${adapterName}`, () => {
    let harness: PaymentGatewayHarness;
    let gateway: PaymentGateway;

    beforeEach(async () => {
      harness = await open();
      gateway = harness.gateway;
    });

    const authorize = (amount: number, token = cards.approves, idempotencyKey = key('auth')) =>
      gateway.authorize({ idempotencyKey, amount, currency: 'EUR', token, orderId: 'order-1' });

    describe('authorize', () => {
      it('approves a good card for the amount asked', async () => {
        const authorization = await authorize(12_345);
        expect(authorization.amount).toBe(12_345);
        expect(authorization.authorizationId).toEqual(expect.any(String));
      });

      it('answers a repeat of the same key with the same authorization, and authorizes once', async () => {
        const request = { idempotencyKey: key('auth'), amount: 5_000, currency: 'EUR', token: cards.approves, orderId: 'o-1' };
        const [first, second] = await Promise.all([gateway.authorize(request), gateway.authorize({ ...request })]);
        const third = await gateway.authorize({ ...request });
        expect(second).toEqual(first);
        expect(third).toEqual(first);
        // One authorization of 5000: capturing it fully once leaves nothing for a second capture.
        await gateway.capture({ idempotencyKey: key('cap'), authorizationId: first.authorizationId, amount: 5_000 });
        await expect(
          gateway.capture({ idempotencyKey: key('cap'), authorizationId: first.authorizationId, amount: 1 }),
        ).rejects.toMatchObject({ reason: 'amount_exceeds_authorized' });
      });

      it('gives different keys different authorizations', async () => {
        const a = await authorize(100);
        const b = await authorize(100);
        expect(a.authorizationId).not.toBe(b.authorizationId);
      });

      it.each([
        ['declines', 'card_declined'],
        ['insufficientFunds', 'insufficient_funds'],
      ] as const)('declines the %s card with %s, permanently, and repeats the same decline for the key', async (card, declineCode) => {
        const idempotencyKey = key('decline');
        const first = await authorize(1_000, cards[card], idempotencyKey).catch((e: unknown) => e);
        expect(first).toBeInstanceOf(PaymentDeclined);
        expect(first).toMatchObject({ code: 'PAYMENT.DECLINED', declineCode });
        expect(isTransient(first)).toBe(false);
        await expect(authorize(1_000, cards[card], idempotencyKey)).rejects.toMatchObject({ declineCode });
      });

      it('refuses a key reused for a different request', async () => {
        const idempotencyKey = key('auth');
        await authorize(1_000, cards.approves, idempotencyKey);
        const error = await authorize(2_000, cards.approves, idempotencyKey).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PaymentRejected);
        expect(error).toMatchObject({ reason: 'idempotency_key_reused' });
        expect(isTransient(error)).toBe(false);
      });

      it.each([0, -5, 10.5])('refuses amount %p', async (amount) => {
        await expect(authorize(amount)).rejects.toMatchObject({ reason: 'invalid_amount' });
      });

      it('refuses a malformed currency', async () => {
        await expect(
          gateway.authorize({ idempotencyKey: key('auth'), amount: 100, currency: 'euro', token: cards.approves, orderId: 'o' }),
        ).rejects.toMatchObject({ reason: 'invalid_currency' });
      });
    });

    describe('capture', () => {
      it('captures in parts up to the authorized amount and no further', async () => {
        const { authorizationId } = await authorize(10_000);
        const first = await gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 6_000 });
        const second = await gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 4_000 });
        expect([first.amount, second.amount]).toEqual([6_000, 4_000]);
        expect(first.captureId).not.toBe(second.captureId);
        const error = await gateway
          .capture({ idempotencyKey: key('cap'), authorizationId, amount: 1 })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PaymentRejected);
        expect(isTransient(error)).toBe(false);
      });

      it('refuses a capture above what is left, leaving the remainder capturable', async () => {
        const { authorizationId } = await authorize(10_000);
        await gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 7_000 });
        await expect(gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 3_001 })).rejects.toMatchObject({
          reason: 'amount_exceeds_authorized',
        });
        await expect(gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 3_000 })).resolves.toMatchObject({
          amount: 3_000,
        });
      });

      it('captures once per key, answering repeats with the same capture', async () => {
        const { authorizationId } = await authorize(10_000);
        const request = { idempotencyKey: key('cap'), authorizationId, amount: 6_000 };
        const [first, second] = await Promise.all([gateway.capture(request), gateway.capture({ ...request })]);
        expect(second).toEqual(first);
        // Had it captured twice, 12000 > 10000 would have failed above; 4000 must still be left.
        await expect(gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 4_000 })).resolves.toBeDefined();
      });

      it('refuses an unknown authorization', async () => {
        await expect(
          gateway.capture({ idempotencyKey: key('cap'), authorizationId: 'auth_unknown', amount: 1 }),
        ).rejects.toMatchObject({ code: 'PAYMENT.REJECTED', reason: 'unknown_authorization' });
      });
    });

    describe('void', () => {
      it('releases the whole authorization and then refuses captures', async () => {
        const { authorizationId } = await authorize(8_000);
        await expect(gateway.void({ idempotencyKey: key('void'), authorizationId })).resolves.toEqual({ voidedAmount: 8_000 });
        await expect(gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 1 })).rejects.toMatchObject({
          reason: 'authorization_voided',
        });
      });

      it('releases only what was not captured', async () => {
        const { authorizationId } = await authorize(8_000);
        await gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 3_000 });
        await expect(gateway.void({ idempotencyKey: key('void'), authorizationId })).resolves.toEqual({ voidedAmount: 5_000 });
      });

      it('answers a repeat of the same key with the same result', async () => {
        const { authorizationId } = await authorize(8_000);
        const request = { idempotencyKey: key('void'), authorizationId };
        const first = await gateway.void(request);
        await expect(gateway.void({ ...request })).resolves.toEqual(first);
      });

      it('refuses to void a fully captured authorization, or one already voided under another key', async () => {
        const captured = await authorize(2_000);
        await gateway.capture({ idempotencyKey: key('cap'), authorizationId: captured.authorizationId, amount: 2_000 });
        await expect(
          gateway.void({ idempotencyKey: key('void'), authorizationId: captured.authorizationId }),
        ).rejects.toMatchObject({ reason: 'fully_captured' });

        const voided = await authorize(2_000);
        await gateway.void({ idempotencyKey: key('void'), authorizationId: voided.authorizationId });
        await expect(
          gateway.void({ idempotencyKey: key('void'), authorizationId: voided.authorizationId }),
        ).rejects.toMatchObject({ reason: 'authorization_voided' });
      });

      it('refuses an unknown authorization', async () => {
        await expect(gateway.void({ idempotencyKey: key('void'), authorizationId: 'auth_unknown' })).rejects.toBeInstanceOf(
          PaymentRejected,
        );
      });
    });

    describe('refund', () => {
      it('refunds in parts up to the captured amount, once per key', async () => {
        const { authorizationId } = await authorize(5_000);
        const { captureId } = await gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 4_000 });
        const request = { idempotencyKey: key('refund'), captureId, amount: 2_500 };
        const first = await gateway.refund(request);
        expect(first.amount).toBe(2_500);
        await expect(gateway.refund({ ...request })).resolves.toEqual(first);
        await expect(gateway.refund({ idempotencyKey: key('refund'), captureId, amount: 1_501 })).rejects.toMatchObject({
          reason: 'amount_exceeds_captured',
        });
        const rest = await gateway.refund({ idempotencyKey: key('refund'), captureId, amount: 1_500 });
        expect(rest.refundId).not.toBe(first.refundId);
      });

      it('refuses an unknown capture', async () => {
        await expect(gateway.refund({ idempotencyKey: key('refund'), captureId: 'cap_unknown', amount: 1 })).rejects.toMatchObject({
          reason: 'unknown_capture',
        });
      });
    });

    describe('another instance on the same account', () => {
      const withPeer = (name: string, fn: (peer: PaymentGateway) => Promise<void>) =>
        it(name, async () => {
          if (!harness.peer) return console.info(`${adapterName}: no second instance, skipped: ${name}`);
          await fn(harness.peer);
        });

      withPeer('captures, voids and refunds what this one authorized, each once', async (peer) => {
        const { authorizationId } = await authorize(10_000);
        const capture = await peer.capture({ idempotencyKey: key('cap'), authorizationId, amount: 6_000 });
        await expect(gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 4_001 })).rejects.toMatchObject({
          reason: 'amount_exceeds_authorized',
        });
        await expect(peer.void({ idempotencyKey: key('void'), authorizationId })).resolves.toEqual({ voidedAmount: 4_000 });
        await expect(gateway.refund({ idempotencyKey: key('re'), captureId: capture.captureId, amount: 6_000 })).resolves.toMatchObject({
          amount: 6_000,
        });
      });

      withPeer('answers a key repeated on the other instance with the first answer, concurrent or not', async (peer) => {
        const { authorizationId } = await authorize(10_000);
        const request = { idempotencyKey: key('cap'), authorizationId, amount: 6_000 };
        const [first, second] = await Promise.all([gateway.capture(request), peer.capture({ ...request })]);
        expect(second).toEqual(first);
        // Two different captures racing on two instances never exceed the authorization together.
        const racing = await Promise.allSettled([
          gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 3_000 }),
          peer.capture({ idempotencyKey: key('cap'), authorizationId, amount: 3_000 }),
        ]);
        expect(racing.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      });
    });

    describe('outages', () => {
      const whenSimulated = (name: string, fn: () => Promise<void>) =>
        it(name, async () => {
          if (!harness.simulateOutage) return console.info(`${adapterName}: cannot simulate an outage, skipped: ${name}`);
          await fn();
        });

      whenSimulated('fails transiently with no effect, so a retry with the same key succeeds once', async () => {
        const request = { idempotencyKey: key('auth'), amount: 3_000, currency: 'EUR', token: cards.approves, orderId: 'o' };
        harness.simulateOutage!();
        const error = await gateway.authorize(request).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PaymentUnavailable);
        expect(isTransient(error)).toBe(true);
        const { authorizationId } = await gateway.authorize(request);
        await gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 3_000 });
        await expect(gateway.capture({ idempotencyKey: key('cap'), authorizationId, amount: 1 })).rejects.toBeInstanceOf(
          PaymentRejected,
        );
      });
    });
  });
};
