import { parseOrderStreamId } from '../../domain/order';
import { DocumentStore, Lease } from '../../infrastructure/documents/document-store';
import { EventStore, StoredEvent, Subscription } from '../../infrastructure/eventstore/event-store';
import { JobQueue } from '../../infrastructure/jobs/job-queue';
import { Logger } from '../../infrastructure/observability/logger';
import { recordOrderJob } from './record-order-job';

export const CRM_FOLLOWER = 'crm-follower';

export type CrmFollowerDependencies = {
  events: EventStore;
  documents: DocumentStore;
  jobs: JobQueue;
  logger: Logger;
  /** When set, the checkpoint moves only while this lease is held. */
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
export class CrmFollower {
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly deps: CrmFollowerDependencies) {}

  async start(): Promise<void> {
    const { documents, events } = this.deps;
    let position = await documents.getCheckpoint(CRM_FOLLOWER);
    if (position === null) {
      position = await events.headPosition();
      await documents.commit({ writes: [], checkpoint: { name: CRM_FOLLOWER, position }, ...(this.deps.lease ? { lease: this.deps.lease } : {}) });
    }
    this.subscription = events.subscribe({ after: position, batchSize: this.deps.batchSize ?? 500 });
    this.loop = this.follow(this.subscription);
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.loop;
  }

  private async follow(subscription: Subscription): Promise<void> {
    try {
      for await (const batch of subscription) await this.handleBatch(batch);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'CRM follower stopped on an error');
    }
  }

  private async handleBatch(batch: readonly StoredEvent[]): Promise<void> {
    const placed = batch.flatMap((event) => {
      const orderId = event.type === 'OrderPlaced' ? parseOrderStreamId(event.streamId) : null;
      return orderId === null ? [] : [recordOrderJob(orderId)];
    });
    if (placed.length > 0) await this.deps.jobs.enqueueMany(placed);
    const last = batch[batch.length - 1];
    if (last) {
      await this.deps.documents.commit({
        writes: [],
        checkpoint: { name: CRM_FOLLOWER, position: last.position },
        ...(this.deps.lease ? { lease: this.deps.lease } : {}),
      });
    }
  }
}
