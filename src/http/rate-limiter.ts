/**
 * A token bucket per caller: `perMinute` requests a minute on average, bursts
 * up to a tenth of that (at least 10). Kept in memory: each API process
 * limits on its own.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();
  private readonly capacity: number;
  private readonly refillPerMs: number;

  constructor(
    perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = Math.max(10, Math.ceil(perMinute / 10));
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one token; answers how long to wait (seconds) when there is none. */
  take(caller: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: this.capacity, updatedMs: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedMs) * this.refillPerMs);
    bucket.updatedMs = now;
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000) };
  }
}
