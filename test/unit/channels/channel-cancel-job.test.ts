import pino from 'pino';
import { CHANNEL_CANCEL, channelCancelJob, registerChannelCancelJob } from '../../../src/commands/channels/channel-cancel-job';
import { ChannelCancel, ChannelOrders, ChannelRejected, ChannelUnavailable, channelOrders } from '../../../src/infrastructure/channels/channel-orders';
import { EventStore, StoredEvent } from '../../../src/infrastructure/eventstore/event-store';
import { JobHandler, JobQueue, UnrecoverableJobError } from '../../../src/infrastructure/jobs/job-queue';
import { orderPlaced, ORDER_ID } from '../order/order-builders';

const PLATFORM_ID = '820982911946154508';

/** The job's handler, run directly: the queue's own retries are tested with the queue. */
function setup(channels: ChannelOrders, externalRef: string | null = PLATFORM_ID) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const placed = orderPlaced({ channel: 'shopify', externalRef, payment: { method: 'external' } });
  const events = {
    readStream: async () => [{ ...placed, streamId: `order-${ORDER_ID}`, metadata: { schemaVersion: 1 } } as unknown as StoredEvent],
  } as unknown as EventStore;
  let handler: JobHandler | undefined;
  const queue = { process: (name: string, h: JobHandler) => name === CHANNEL_CANCEL && (handler = h) } as unknown as JobQueue;
  const done: string[] = [];
  registerChannelCancelJob(queue, { events, channels, logger, onJob: (name, outcome) => done.push(`${name}:${outcome}`) });
  const job = channelCancelJob(ORDER_ID, 'shopify', 'customer called');
  return { run: () => handler!(job.data, { id: job.id, attempt: 1 }), lines, done };
}

describe('channel.cancel: tells the storefront the OMS cancelled its order', () => {
  it('cancels the order under the id the storefront sent, and logs the outcome', async () => {
    const calls: ChannelCancel[] = [];
    const { run, lines, done } = setup({ cancel: async (request) => (calls.push(request), 'already_cancelled') });
    await run();
    expect(calls).toEqual([
      { platform: 'shopify', platformOrderId: PLATFORM_ID, reason: 'customer called', idempotencyKey: `channel-cancel:${ORDER_ID}` },
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'order cancelled in shopify', outcome: 'already_cancelled', platformOrderId: PLATFORM_ID }));
    expect(done).toEqual(['channel.cancel:done']);
  });

  it('a platform not configured is a warning to act on by hand, and the job ends (no retries)', async () => {
    const { run, lines, done } = setup(channelOrders({}));
    await expect(run()).resolves.toBeUndefined();
    expect(done).toEqual(['channel.cancel:done']);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: 'shopify is not configured: cancel it in shopify yourself' }));
  });

  it('a transient failure is thrown as it is, for the queue to retry', async () => {
    const { run } = setup({ cancel: async () => Promise.reject(new ChannelUnavailable('Shopify answered 503')) });
    await expect(run()).rejects.toBeInstanceOf(ChannelUnavailable);
  });

  it('a permanent refusal ends the job without retries', async () => {
    const { run } = setup({ cancel: async () => Promise.reject(new ChannelRejected('Shopify refused the credentials (401)', 401)) });
    await expect(run()).rejects.toBeInstanceOf(UnrecoverableJobError);
  });

  it('an order without the storefront id cannot be found there: a warning, no call', async () => {
    const calls: ChannelCancel[] = [];
    const { run, lines } = setup({ cancel: async (request) => (calls.push(request), 'cancelled') }, null);
    await run();
    expect(calls).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40 }));
  });
});
