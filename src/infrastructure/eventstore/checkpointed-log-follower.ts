import { DocumentStore, DocumentWrite, Lease } from '../documents/document-store';
import { Logger } from '../observability/logger';
import { pacedBatches } from './commit-window';
import { EventStore, StoredEvent, Subscription } from './event-store';

/** What handling one batch produced: documents to commit with the checkpoint, and work that may only start once they are stored. */
export type BatchOutcome = { writes: readonly DocumentWrite[]; afterCommit?: () => Promise<void> };

export type LogFollowerOptions = {
  /** The checkpoint's name in the document store. */
  name: string;
  events: EventStore;
  documents: DocumentStore;
  handle: (batch: readonly StoredEvent[]) => Promise<BatchOutcome>;
  logger: Logger;
  batchSize?: number;
  /** When set, every commit is fenced by it: a follower that lost the lease writes nothing. */
  lease?: Lease;
  /** On its very first start (no checkpoint yet), begin at the head of the log instead of its start: for what only concerns events from now on. */
  fromHeadWhenNew?: boolean;
  /** How often, at most, to commit while events keep coming (default COMMIT_WINDOW_MS; 0 commits every batch). */
  commitWindowMs?: number;
};

export type FollowerState = 'idle' | 'running' | 'stopped' | 'failed';

/**
 * Follows the global log from its own checkpoint. A batch's writes commit
 * together with the checkpoint after its last event, so a crash either keeps
 * both or neither and the batch is handled again; `afterCommit` then runs
 * (e.g. handing jobs over), and whatever it did not finish before a crash
 * the consumer re-derives at its next start from what the writes stored.
 */
export class CheckpointedLogFollower {
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private position = 0n;
  private state: FollowerState = 'idle';
  private failure: Error | null = null;

  constructor(private readonly options: LogFollowerOptions) {}

  async start(): Promise<void> {
    const { events, documents, name, batchSize } = this.options;
    this.position = (await documents.getCheckpoint(name)) ?? (this.options.fromHeadWhenNew ? await this.checkpointAtHead() : 0n);
    this.failure = null;
    this.state = 'running';
    this.subscription = events.subscribe({ after: this.position, batchSize: batchSize ?? 500 });
    this.loop = this.follow(this.subscription);
  }

  async stop(): Promise<void> {
    if (this.state === 'running') this.state = 'stopped';
    await this.subscription?.close();
    await this.loop;
  }

  health() {
    return { position: this.position, state: this.state, error: this.failure?.message ?? null };
  }

  private async checkpointAtHead(): Promise<bigint> {
    const { events, documents, name, lease } = this.options;
    const head = await events.headPosition();
    await documents.commit({ writes: [], checkpoint: { name, position: head }, ...(lease ? { lease } : {}) });
    return head;
  }

  private async follow(subscription: Subscription): Promise<void> {
    try {
      // Stopped with a commit open, the batches after the checkpoint are handled again at the next start, as after a crash.
      let outcomes: BatchOutcome[] = [];
      let handledUpTo: bigint | null = null;
      for await (const { batch, commit } of pacedBatches(subscription, this.options.commitWindowMs)) {
        const last = batch?.[batch.length - 1];
        if (batch && last) {
          outcomes.push(await this.options.handle(batch));
          handledUpTo = last.position;
        }
        if (!commit || handledUpTo === null) continue;
        await this.commit(outcomes, handledUpTo);
        outcomes = [];
        handledUpTo = null;
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.state = 'failed';
      this.options.logger.error({ err: this.failure, follower: this.options.name }, 'log follower stopped on an error');
    }
  }

  /** The writes of the batches handled since the last commit, with the checkpoint after the last of them. */
  private async commit(outcomes: readonly BatchOutcome[], position: bigint): Promise<void> {
    const { documents, name, lease } = this.options;
    await documents.commit({ writes: outcomes.flatMap((outcome) => outcome.writes), checkpoint: { name, position }, ...(lease ? { lease } : {}) });
    this.position = position;
    for (const outcome of outcomes) await outcome.afterCommit?.();
  }
}
