import { Order, orderStreamId, orderTotals } from '../../domain/order';
import { Crm, CrmRejected } from '../../infrastructure/crm/crm';
import { CollectionDefinition, DocumentStore } from '../../infrastructure/documents/document-store';
import { JobQueue, JobRequest, UnrecoverableJobError } from '../../infrastructure/jobs/job-queue';
import { Logger } from '../../infrastructure/observability/logger';
import { isTransient } from '../../infrastructure/port-error';
import { CommandHandlers } from '../command-handlers';
import { KeyedMutex } from '../keyed-mutex';

export const CRM_RECORD_ORDER = 'crm.record-order';

/**
 * The deal recorded for each order: a search in HubSpot lags its writes by
 * seconds, so an order cancelled right after it was recorded finds its deal
 * here, not there.
 */
export const CRM_DEALS: CollectionDefinition = { name: 'crm_deals', indexes: [] };

type CrmDeal = { orderId: string; dealId: string };

/** `placed`: record the order. `closed`: it was cancelled or rejected since; its deal is lost. */
export type CrmJobReason = 'placed' | 'closed';

/**
 * One job per order and reason, named after them, so a repeat is a no-op.
 * HubSpot allows a burst of requests per ten seconds: a 429 waits 2 s, then
 * 4, 8, ... (about four minutes over all attempts).
 */
export const recordOrderJob = (orderId: string, reason: CrmJobReason = 'placed'): JobRequest => ({
  name: CRM_RECORD_ORDER,
  id: reason === 'placed' ? `crm:${orderId}` : `crm:${orderId}:${reason}`,
  data: { orderId, reason },
  attempts: 8,
  backoffMs: 2_000,
});

/** Why the sale fell through, or null while it stands. */
const lostReasonOf = (order: Order): string | null => {
  if (order.cancelled) return `cancelled: ${order.cancelReason ?? 'no reason given'}`;
  if (order.validation === 'rejected') return `rejected: ${order.rejectionReasons.map((r) => r.message).join('; ')}`;
  return null;
};

/**
 * Records each order's customer and the order in the CRM, won or lost as the
 * order stands when the job runs; a later cancel or rejection marks its deal
 * lost. Running a job again finds what it made and creates nothing. The jobs
 * of one order run one at a time in this process. CRM_DEALS must be declared
 * on `documents`.
 */
export function registerRecordOrderJob(queue: JobQueue, deps: { handlers: CommandHandlers; crm: Crm; documents: DocumentStore; logger: Logger }): void {
  const oneAtATime = new KeyedMutex();

  const sync = async (orderId: string, reason: CrmJobReason) => {
    const { state: order } = await deps.handlers.orders.load(orderStreamId(orderId));
    if (!order.exists) return;
    const lostReason = lostReasonOf(order);
    const known = await deps.documents.get<CrmDeal>(CRM_DEALS.name, orderId);
    if (reason === 'closed') {
      if (lostReason === null) return;
      const marked = await deps.crm.markLost({ orderId, lostReason }, known?.dealId ?? null);
      deps.logger.info({ orderId, dealId: marked?.dealId ?? null, lostReason }, marked ? 'deal marked lost in the CRM' : 'order never recorded in the CRM: nothing to mark lost');
      return;
    }
    const recorded = await deps.crm.recordOrder({
      orderId,
      channel: order.channel,
      placedAt: order.placedAt,
      currency: order.currency,
      amount: orderTotals(order).grand,
      customer: { email: order.customer.email, name: order.customer.name, phone: order.customer.phone },
      lostReason,
    });
    if (!known) await deps.documents.upsert(CRM_DEALS.name, orderId, { orderId, dealId: recorded.dealId } satisfies CrmDeal);
    deps.logger.info({ orderId, ...recorded, lostReason }, 'order recorded in the CRM');
  };

  queue.process(
    CRM_RECORD_ORDER,
    async (data) => {
      const { orderId, reason = 'placed' } = data as { orderId: string; reason?: CrmJobReason };
      try {
        await oneAtATime.run(orderId, () => sync(orderId, reason));
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
