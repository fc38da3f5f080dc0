import fc from 'fast-check';
import { fromBullJobId, toBullJobId, toQueueName } from '../../../src/infrastructure/jobs/bullmq-names';

/** BullMQ's checks on custom job ids (job.ts, validateOptions). */
const acceptedByBullMq = (jobId: string) => !jobId.includes(':') && `${parseInt(jobId, 10)}` !== jobId;

describe('BullMQ job ids', () => {
  it.each([
    ['payment-order-1', 'payment-order-1'],
    ['label:order-1:v2', 'label%3Aorder-1%3Av2'],
    ['100%', '100%25'],
    ['42', '%N42'],
    ['-7', '%N-7'],
    ['007', '007'],
  ])('maps %s to %s', (id, jobId) => {
    expect(toBullJobId(id)).toBe(jobId);
    expect(fromBullJobId(jobId)).toBe(id);
  });

  it('round-trips any id into one BullMQ accepts, keeping distinct ids distinct', () => {
    const idChars = fc.constantFrom('a', 'Z', '0', '1', '9', '-', ':', '%', '3', 'A', 'N', '2', '5', ' ');
    fc.assert(
      fc.property(fc.string({ unit: idChars, minLength: 1, maxLength: 12 }), fc.string({ unit: idChars, minLength: 1, maxLength: 12 }), (a, b) => {
        const jobId = toBullJobId(a);
        expect(acceptedByBullMq(jobId)).toBe(true);
        expect(fromBullJobId(jobId)).toBe(a);
        if (a !== b) expect(toBullJobId(b)).not.toBe(jobId);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps colons out of queue names', () => {
    expect(toQueueName('carrier:label')).toBe('carrier%3Alabel');
    expect(toQueueName('payment.authorize')).toBe('payment.authorize');
  });
});
