export type FinishedOutcome = 'completed' | 'failed';

/**
 * Remembers the keys of finished jobs so enqueuing them again is a no-op,
 * forgetting the oldest beyond `capacity` (the inline adapter's dedupe window).
 */
export class FinishedJobs {
  private readonly outcomes = new Map<string, FinishedOutcome>();
  private readonly tally: Record<FinishedOutcome, number> = { completed: 0, failed: 0 };

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be an integer >= 1');
  }

  has(key: string): boolean {
    return this.outcomes.has(key);
  }

  outcomeOf(key: string): FinishedOutcome | undefined {
    return this.outcomes.get(key);
  }

  forget(key: string): void {
    const previous = this.outcomes.get(key);
    if (previous === undefined) return;
    this.outcomes.delete(key);
    this.tally[previous] -= 1;
  }

  remember(key: string, outcome: FinishedOutcome): void {
    const previous = this.outcomes.get(key);
    if (previous !== undefined) {
      this.outcomes.delete(key);
      this.tally[previous] -= 1;
    }
    this.outcomes.set(key, outcome);
    this.tally[outcome] += 1;
    if (this.outcomes.size > this.capacity) {
      const [oldestKey, oldestOutcome] = this.outcomes.entries().next().value as [string, FinishedOutcome];
      this.outcomes.delete(oldestKey);
      this.tally[oldestOutcome] -= 1;
    }
  }

  count(outcome: FinishedOutcome): number {
    return this.tally[outcome];
  }
}
