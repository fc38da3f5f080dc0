import { StoredEvent, Subscription } from './event-store';

type LogSource = {
  after: bigint;
  batchSize: number;
  read: (after: bigint, maxCount: number) => Promise<StoredEvent[]>;
  /** Resolves true once the log holds an event after `position`, false when the source closes. */
  waitBeyond: (position: bigint) => Promise<boolean>;
};

/**
 * A catch-up subscription over a log that can be read in pages and that
 * signals when it grows: it reads pages until it reaches the head, then sleeps
 * until the source says new events landed. No polling loop.
 */
export class LogSubscription implements Subscription {
  private position: bigint;
  private closed = false;
  /** Ends the current wait when the subscription closes. */
  private endWait: (() => void) | null = null;

  constructor(private readonly source: LogSource) {
    this.position = source.after;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StoredEvent[]> {
    while (!this.closed) {
      const batch = await this.source.read(this.position, this.source.batchSize);
      if (this.closed) return;
      if (batch.length > 0) {
        this.position = batch[batch.length - 1]!.position;
        yield batch;
        continue;
      }
      // A fresh promise per wait: racing against one long-lived "closed" promise would
      // leave a handler on it for every wait until the subscription closes.
      const grew = await new Promise<boolean>((resolve) => {
        this.endWait = () => resolve(false);
        void this.source.waitBeyond(this.position).then(resolve);
      });
      this.endWait = null;
      if (!grew) return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.endWait?.();
  }
}
