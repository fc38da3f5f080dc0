import { parseOrderStreamId } from '../../domain/order';
import { DocumentStore, Lease } from '../../infrastructure/documents/document-store';
import { CheckpointedLogFollower } from '../../infrastructure/eventstore/checkpointed-log-follower';
import { EventStore } from '../../infrastructure/eventstore/event-store';
import { JobQueue } from '../../infrastructure/jobs/job-queue';
import { Logger } from '../../infrastructure/observability/logger';
import { CrmJobReason, recordOrderJob } from './record-order-job';

export const CRM_FOLLOWER = 'crm-follower';

/** The events that send an order to the CRM, and why. */
const JOB_REASONS: Readonly<Record<string, CrmJobReason>> = { OrderPlaced: 'placed', OrderCancelled: 'closed', OrderRejected: 'closed' };

export type CrmFollowerDependencies = {
  events: EventStore;
  documents: DocumentStore;
  jobs: JobQueue;
  logger: Logger;
  lease?: Lease;
  batchSize?: number;
};

/**
 * Follows the log from its own checkpoint and queues the CRM job of each
 * order placed, cancelled or rejected. The checkpoint moves after the jobs are queued, so a crash
 * queues some again, which the job ids make harmless. The first start
 * begins at the head of the log: orders placed before the CRM was configured
 * are not sent.
 */
export class CrmFollower extends CheckpointedLogFollower {
  constructor(deps: CrmFollowerDependencies) {
    super({
      name: CRM_FOLLOWER,
      events: deps.events,
      documents: deps.documents,
      logger: deps.logger,
      ...(deps.lease ? { lease: deps.lease } : {}),
      ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
      fromHeadWhenNew: true,
      handle: async (batch) => {
        const jobs = batch.flatMap((event) => {
          const reason = JOB_REASONS[event.type];
          const orderId = reason ? parseOrderStreamId(event.streamId) : null;
          return orderId === null || reason === undefined ? [] : [recordOrderJob(orderId, reason)];
        });
        if (jobs.length > 0) await deps.jobs.enqueueMany(jobs);
        return { writes: [] };
      },
    });
  }
}
