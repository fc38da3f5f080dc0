import { orderStreamId, orderTotals } from '../../domain/order';
import { Crm, CrmRejected } from '../../infrastructure/crm/crm';
import { JobQueue, JobRequest, UnrecoverableJobError } from '../../infrastructure/jobs/job-queue';
import { Logger } from '../../infrastructure/observability/logger';
import { isTransient } from '../../infrastructure/port-error';
import { CommandHandlers } from '../command-handlers';

export const CRM_RECORD_ORDER = 'crm.record-order';

/**
 * One job per order, named after it, so a repeat is a no-op. HubSpot allows
 * a burst of requests per ten seconds: a 429 waits 2 s, then 4, 8, ... (about
 * four minutes over all attempts).
 */
export const recordOrderJob = (orderId: string): JobRequest => ({
  name: CRM_RECORD_ORDER,
  id: `crm:${orderId}`,
  data: { orderId },
  attempts: 8,
  backoffMs: 2_000,
});

/** Records each order's customer and the order in the CRM; running it again finds both and creates nothing. */
export function registerRecordOrderJob(queue: JobQueue, deps: { handlers: CommandHandlers; crm: Crm; logger: Logger }): void {
  queue.process(
    CRM_RECORD_ORDER,
    async (data) => {
      const { orderId } = data as { orderId: string };
      const { state: order } = await deps.handlers.orders.load(orderStreamId(orderId));
      if (!order.exists) return;
      try {
        const recorded = await deps.crm.recordOrder({
          orderId,
          channel: order.channel,
          placedAt: order.placedAt,
          currency: order.currency,
          amount: orderTotals(order).grand,
          customer: { email: order.customer.email, name: order.customer.name, phone: order.customer.phone },
        });
        deps.logger.info({ orderId, ...recorded }, 'order recorded in the CRM');
      } catch (error) {
        if (error instanceof CrmRejected && (error.status === 401 || error.status === 403)) {
          deps.logger.error({ orderId, err: error }, 'HubSpot refused the token: check OMS_HUBSPOT_TOKEN and the private app scopes');
        } else {
          deps.logger.warn({ orderId, err: error }, 'could not record the order in the CRM');
        }
        if (isTransient(error)) throw error;
        throw new UnrecoverableJobError(error instanceof Error ? error.message : String(error));
      }
    },
    { concurrency: 2 },
  );
}
