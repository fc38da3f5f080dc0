import { retryOrGiveUp } from '../../../src/commands/workflow/retry-or-give-up';
import { AddressRejected, CarrierRejected, CarrierUnavailable } from '../../../src/infrastructure/carriers/carrier';
import { InlineJobQueue } from '../../../src/infrastructure/jobs/inline-job-queue';
import { JobFailure } from '../../../src/infrastructure/jobs/job-queue';
import { InvalidRecipient, NotificationFailed } from '../../../src/infrastructure/notifications/notifier';
import { silentLogger } from '../../../src/infrastructure/observability/logger';
import { PaymentDeclined, PaymentRejected, PaymentTimeout, PaymentUnavailable } from '../../../src/infrastructure/payments/payment-gateway';

/**
 * A job whose port call fails once with `error` and then succeeds, run by the
 * queue the way the workflow jobs run: the failed call goes through
 * retryOrGiveUp. Says which attempts ran and whether the job failed for good.
 */
const runFailingOnce = async (error: unknown) => {
  const queue = new InlineJobQueue({ logger: silentLogger() });
  const attempts: number[] = [];
  const failures: JobFailure[] = [];
  queue.onFailed((failure) => void failures.push(failure));
  queue.process('port.call', async (_data, meta) => {
    attempts.push(meta.attempt);
    try {
      if (meta.attempt === 1) throw error;
    } catch (thrown) {
      retryOrGiveUp(thrown);
    }
  });
  await queue.start();
  await queue.enqueue({ name: 'port.call', id: 'job-1', data: null, attempts: 3, backoffMs: 0 });
  await queue.idle();
  await queue.close();
  return { attempts, failures: failures.map((failure) => ({ attempts: failure.attempts, message: failure.error.message })) };
};

describe('retryOrGiveUp: a job retries what its port says may pass, and gives up on the rest', () => {
  it.each([
    ['a payment timeout', new PaymentTimeout('no answer')],
    ['a payment outage', new PaymentUnavailable('gateway down')],
    ['a carrier outage', new CarrierUnavailable('carrier down')],
    ['a failed send', new NotificationFailed('connection reset')],
  ])('retries %s, and the retry succeeds', async (_name, error) => {
    expect(await runFailingOnce(error)).toEqual({ attempts: [1, 2], failures: [] });
  });

  it.each([
    ['a declined card', new PaymentDeclined('card_declined', 'do not honor')],
    ['a rejected payment call', new PaymentRejected('invalid_amount', 'amount must be positive')],
    ['a rejected address', new AddressRejected('shipTo.postalCode', 'is missing')],
    ['a rejected carrier call', new CarrierRejected('unsupported_service', 'no such service')],
    ['an invalid recipient', new InvalidRecipient('nobody', 'no @')],
    ['an error no port raised', new Error('a bug')],
    ['a thrown non-error', 'just a string'],
  ])('gives up on %s at the first attempt', async (_name, error) => {
    const message = error instanceof Error ? error.message : String(error);
    expect(await runFailingOnce(error)).toEqual({ attempts: [1], failures: [{ attempts: 1, message }] });
  });
});
