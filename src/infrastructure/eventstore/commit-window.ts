import { StoredEvent, Subscription } from './event-store';

/**
 * How often, at most, a log follower commits while events keep coming. Under
 * load a commit then covers every batch of the window: a document touched by
 * several of them (an order's read model, a checkpoint) is written once
 * instead of once per batch. The first batch after a quiet spell commits at
 * once, so a lone command is never held back.
 */
export const COMMIT_WINDOW_MS = 20;

/** A batch to handle (none when only the window closed), and whether to commit what is open after it. */
export type PacedStep = { batch: readonly StoredEvent[] | null; commit: boolean };

const WINDOW_CLOSED = Symbol('window closed');

/**
 * The subscription's batches, each marked to commit after it unless a commit
 * was made less than `windowMs` ago; then the open commit is made when the
 * window closes, by the next batch or by a step without a batch. The next
 * batch is asked for while the consumer handles this one.
 */
export async function* pacedBatches(subscription: Subscription, windowMs: number = COMMIT_WINDOW_MS): AsyncGenerator<PacedStep> {
  const batches = subscription[Symbol.asyncIterator]();
  let lastCommitAt = Number.NEGATIVE_INFINITY;
  let open = false;
  let next = batches.next();
  for (;;) {
    const arrived = open ? await orWhenClosed(next, lastCommitAt + windowMs - performance.now()) : await next;
    if (arrived === WINDOW_CLOSED) {
      open = false;
      lastCommitAt = performance.now();
      yield { batch: null, commit: true };
      continue;
    }
    if (arrived.done) return;
    next = batches.next();
    const commit = performance.now() - lastCommitAt >= windowMs;
    if (commit) lastCommitAt = performance.now();
    open = !commit;
    yield { batch: arrived.value, commit };
  }
}

async function orWhenClosed<T>(next: Promise<T>, waitMs: number): Promise<T | typeof WINDOW_CLOSED> {
  if (waitMs <= 0) return WINDOW_CLOSED;
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<typeof WINDOW_CLOSED>((resolve) => (timer = setTimeout(() => resolve(WINDOW_CLOSED), waitMs)));
  try {
    return await Promise.race([next, closed]);
  } finally {
    clearTimeout(timer);
  }
}
