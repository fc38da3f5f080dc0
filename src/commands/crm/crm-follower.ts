import { parseOrderStreamId } from '../../domain/order';
import { DocumentStore, Lease } from '../../infrastructure/documents/document-store';
import { CheckpointedLogFollower } from '../../infrastructure/eventstore/checkpointed-log-follower';
import { EventStore } from '../../infrastructure/eventstore/event-store';
import { JobQueue } from '../../infrastructure/jobs/job-queue';
import { Logger } from '../../infrastructure/observability/logger';
import { recordOrderJob } from './record-order-job';

export const CRM_FOLLOWER = 'crm-follower';

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
 * placed order. The checkpoint moves after the jobs are queued, so a crash
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
        const placed = batch.flatMap((event) => {
          const orderId = event.type === 'OrderPlaced' ? parseOrderStreamId(event.streamId) : null;
          return orderId === null ? [] : [recordOrderJob(orderId)];
        });
        if (placed.length > 0) await deps.jobs.enqueueMany(placed);
        return { writes: [] };
      },
    });
  }
}
