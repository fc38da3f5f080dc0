import { Notification, NotificationRejected, SendResult } from './notifier';

type Done = { fingerprint: string; result: SendResult };
type Pending = { fingerprint: string; promise: Promise<SendResult> };

/** What makes two sends "the same message": a key reused for anything else is a bug. */
const fingerprintOf = (n: Notification): string => JSON.stringify([n.kind, n.to.email.toLowerCase(), n.to.phone ?? null, n.order.orderId]);

/**
 * In-process deduplication by idempotency key: a repeat (even a concurrent
 * one) gets the first send's result without sending again. A failed send is
 * forgotten, so its retry sends. Remembers the latest `capacity` keys; job
 * retries come long before that many other messages.
 */
export class SendOnce {
  private readonly done = new Map<string, Done>();
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly capacity = 10_000) {}

  async run(notification: Notification, send: () => Promise<SendResult>): Promise<SendResult> {
    const key = notification.idempotencyKey;
    const fingerprint = fingerprintOf(notification);
    const earlier = this.done.get(key) ?? this.pending.get(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        throw new NotificationRejected(`idempotency key ${key} was used for a different message`);
      }
      return 'result' in earlier ? { ...earlier.result } : { ...(await earlier.promise) };
    }

    const promise = send();
    this.pending.set(key, { fingerprint, promise });
    try {
      const result = await promise;
      this.remember(key, { fingerprint, result });
      return { ...result };
    } finally {
      this.pending.delete(key);
    }
  }

  private remember(key: string, done: Done): void {
    this.done.set(key, done);
    if (this.done.size > this.capacity) {
      const oldest = this.done.keys().next();
      if (!oldest.done) this.done.delete(oldest.value);
    }
  }
}
