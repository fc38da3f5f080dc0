import { randomUUID } from 'node:crypto';
import { PaymentSecrets, PaymentSecretsOptions } from '../../src/infrastructure/secrets/payment-secrets';

export type OpenPaymentSecrets = (options: PaymentSecretsOptions) => Promise<{ secrets: PaymentSecrets; cleanup?: () => Promise<void> }>;

const TTL_MS = 60_000;

/** What every PaymentSecrets adapter must do; `open` gives a fresh, empty store on the clock it is handed. */
export function paymentSecretsContract(name: string, open: OpenPaymentSecrets): void {
  describe(`PaymentSecrets contract: ${name}`, () => {
    let secrets: PaymentSecrets;
    let cleanup: (() => Promise<void>) | undefined;
    let clock: number;

    beforeEach(async () => {
      clock = Date.UTC(2025, 0, 1, 12);
      ({ secrets, cleanup } = await open({ ttlMs: TTL_MS, now: () => new Date(clock) }));
    });

    afterEach(async () => {
      await secrets.close();
      await cleanup?.();
    });

    const orderId = () => randomUUID();

    it('keeps a token for its order until it is erased', async () => {
      const [a, b] = [orderId(), orderId()];
      await secrets.keep(a, 'tok_a');
      await secrets.keep(b, 'tok_b');
      expect(await secrets.read(a)).toBe('tok_a');
      await secrets.erase(a);
      expect(await secrets.read(a)).toBeNull();
      expect(await secrets.read(b)).toBe('tok_b');
    });

    it('answers null for an order it never kept a token for, and erases that as a no-op', async () => {
      const unknown = orderId();
      expect(await secrets.read(unknown)).toBeNull();
      await expect(secrets.erase(unknown)).resolves.toBeUndefined();
    });

    it('forgets a token once its time is up', async () => {
      const id = orderId();
      await secrets.keep(id, 'tok_expiring');
      clock += TTL_MS - 1;
      expect(await secrets.read(id)).toBe('tok_expiring');
      clock += 1;
      expect(await secrets.read(id)).toBeNull();
    });

    it('keeps the first token of an order: a second one is refused while the first is live', async () => {
      const id = orderId();
      expect(await secrets.keep(id, 'tok_first')).toBe(true);
      expect(await secrets.keep(id, 'tok_second')).toBe(false);
      expect(await secrets.read(id)).toBe('tok_first');
    });

    it('keeps a new token for an order whose token expired', async () => {
      const id = orderId();
      await secrets.keep(id, 'tok_first');
      clock += TTL_MS;
      expect(await secrets.keep(id, 'tok_second')).toBe(true);
      expect(await secrets.read(id)).toBe('tok_second');
    });

    it('keeps a new token for an order whose token was erased', async () => {
      const id = orderId();
      await secrets.keep(id, 'tok_first');
      await secrets.erase(id);
      expect(await secrets.keep(id, 'tok_second')).toBe(true);
      expect(await secrets.read(id)).toBe('tok_second');
    });
  });
}
