import { Subscription } from './event-store';

/**
 * How long a log follower may keep its commit open while more events are
 * already waiting. Under load one commit then covers many batches: a document
 * touched by several of them (an order's read model, a checkpoint) is written
 * once instead of once per batch. When the log is quiet every batch commits
 * at once, so a lone command is never held back.
 */
export const COMMIT_WINDOW_MS = 20;

/** Whether to take the next batch into the commit opened at `openedAt` (a performance.now() instant) instead of committing now. */
export const holdCommitOpen = (subscription: Subscription, openedAt: number, windowMs: number = COMMIT_WINDOW_MS): boolean =>
  performance.now() - openedAt < windowMs && (subscription.hasMore?.() ?? false);
