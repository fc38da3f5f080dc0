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
  private wakeClosed: (() => void) | null = null;
  private readonly closedSignal = new Promise<false>((resolve) => {
    this.wakeClosed = () => resolve(false);
  });

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
      const grew = await Promise.race([this.source.waitBeyond(this.position), this.closedSignal]);
      if (!grew) return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeClosed?.();
  }
}
