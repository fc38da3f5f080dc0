import { AppendResult } from './event-store';
import { EventWriter } from './event-writer-client';
import { AppendOutcome, AppendRequest } from './sqlite-event-writer';

type PendingAppend = AppendRequest & {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit: appends that arrive in the same turn of the event loop go to
 * the writer as one batch, which it writes in one durable transaction. Each
 * append still succeeds or fails alone.
 */
export class CommitBatcher {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  /** The batches handed to the writer and not yet answered, so drain() can wait for them. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly writer: EventWriter,
    /** Told of every batch written, before its appends are answered. */
    private readonly committed: (batch: readonly AppendRequest[], outcomes: readonly AppendOutcome[]) => void,
  ) {}

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes what is queued and waits for every batch to be answered. */
  async drain(): Promise<void> {
    if (this.queue.length > 0) this.flush();
    await this.writing;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const requests = batch.map(({ streamId, events, expectedRevision }) => ({ streamId, events, expectedRevision }));
    const written = this.writer.write(requests).then(
      (outcomes) => {
        this.committed(requests, outcomes);
        batch.forEach((pending, index) => {
          const outcome = outcomes[index]!;
          if (outcome.ok) pending.resolve(outcome.result);
          else pending.reject(outcome.error);
        });
      },
      (error: unknown) => {
        for (const pending of batch) pending.reject(error);
      },
    );
    this.writing = this.writing.then(() => written);
  }
}
