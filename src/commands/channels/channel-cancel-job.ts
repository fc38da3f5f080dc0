import type { Platform } from '../../domain/catalog';
import { ChannelNotConfigured, ChannelOrders } from '../../infrastructure/channels/channel-orders';
import { EventStore } from '../../infrastructure/eventstore/event-store';
import { JobQueue, JobRequest, UnrecoverableJobError } from '../../infrastructure/jobs/job-queue';
import { Logger } from '../../infrastructure/observability/logger';
import { isTransient } from '../../infrastructure/port-error';
import { placedOrderOf } from '../workflow/placed-order';

export const CHANNEL_CANCEL = 'channel.cancel';

type ChannelCancelJob = { orderId: string; platform: Platform; reason: string };

/**
 * One job per cancelled order, named after it, so a repeat is a no-op.
 * Storefront APIs throttle with 429: a retry waits 2 s, then 4, 8, ...
 * (about four minutes over all attempts).
 */
export const channelCancelJob = (orderId: string, platform: Platform, reason: string): JobRequest => ({
  name: CHANNEL_CANCEL,
  id: `channel-cancel:${orderId}`,
  data: { orderId, platform, reason },
  attempts: 8,
  backoffMs: 2_000,
});

/**
 * Tells the storefront an order it took payment for was cancelled in the OMS,
 * so the storefront refunds or releases the payment. A platform without
 * credentials is someone's manual step, said once at warn, not a retry.
 */
export function registerChannelCancelJob(
  queue: JobQueue,
  deps: { events: EventStore; channels: ChannelOrders; logger: Logger; onJob?: (name: string, outcome: 'done' | 'failed') => void },
): void {
  queue.process(CHANNEL_CANCEL, async (data, meta) => {
    await cancelInChannel(data as ChannelCancelJob, meta.id);
    deps.onJob?.(CHANNEL_CANCEL, 'done');
  });

  async function cancelInChannel({ orderId, platform, reason }: ChannelCancelJob, jobId: string): Promise<void> {
    const placed = await placedOrderOf(deps.events, orderId);
    const platformOrderId = placed?.externalRef;
    if (!platformOrderId) {
      deps.logger.warn({ orderId, platform }, `the order has no ${platform} order id: cancel it in ${platform} yourself`);
      return;
    }
    const context = { orderId, platform, platformOrderId };
    try {
      const outcome = await deps.channels.cancel({ platform, platformOrderId, reason, idempotencyKey: jobId });
      deps.logger.info({ ...context, outcome }, `order cancelled in ${platform}`);
    } catch (error) {
      if (error instanceof ChannelNotConfigured) {
        deps.logger.warn(context, `${platform} is not configured: cancel it in ${platform} yourself`);
        return;
      }
      deps.logger.warn({ ...context, err: error }, `could not cancel the order in ${platform}`);
      if (isTransient(error)) throw error;
      throw new UnrecoverableJobError(error instanceof Error ? error.message : String(error));
    }
  }
}
