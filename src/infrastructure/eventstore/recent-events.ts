import { StoredEvent } from './event-store';
import { AppendOutcome, AppendRequest } from './sqlite-event-writer';

/** How many of the newest appended events stay in memory for subscribers. */
const RECENT_EVENTS = 20_000;

/**
 * The newest events a handle appended or read from the file, contiguous by
 * position: the subscribers following the head (projections, process
 * manager, webhook dispatcher) read them from here instead of querying and
 * parsing them again, each of them.
 */
export class RecentEvents {
  private events: StoredEvent[] = [];

  /** Up to `maxCount` remembered events after `after`; null when the event after `after` is not remembered. */
  page(after: bigint, maxCount: number): StoredEvent[] | null {
    const first = this.events[0];
    if (!first || after < first.position - 1n || after >= this.events[this.events.length - 1]!.position) return null;
    const start = Number(after - first.position + 1n);
    return this.events.slice(start, start + maxCount);
  }

  /** Others appended in between: what is remembered is no longer the whole log after its first event. */
  forget(): void {
    this.events = [];
  }

  /** A page read from the file: every event in (after, its last position]. */
  rememberRead(after: bigint, page: readonly StoredEvent[]): void {
    if (page.length === 0) return;
    const newest = this.events[this.events.length - 1];
    if (newest && newest.position === after) this.events.push(...page);
    else if (!newest || newest.position < page[page.length - 1]!.position) this.events = [...page];
    this.trim();
  }

  remember(batch: readonly AppendRequest[], outcomes: readonly AppendOutcome[]): void {
    outcomes.forEach((outcome, index) => {
      if (!outcome.ok) return;
      const { streamId, events } = batch[index]!;
      const firstPosition = outcome.result.position - BigInt(events.length) + 1n;
      const newest = this.events[this.events.length - 1];
      if (newest && newest.position >= firstPosition) return; // an idempotent retry: stored long ago
      if (newest && newest.position + 1n !== firstPosition) this.events = [];
      let revision = outcome.result.nextExpectedRevision - events.length;
      let position = firstPosition - 1n;
      for (const { type, data, metadata } of events) {
        this.events.push({ type, data, metadata, streamId, revision: ++revision, position: ++position });
      }
    });
    this.trim();
  }

  private trim(): void {
    if (this.events.length > 2 * RECENT_EVENTS) this.events = this.events.slice(-RECENT_EVENTS);
  }
}
