import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { isBusy } from '../sqlite-file';

const LOCKED = Symbol('locked');

/**
 * Writes to a SQLite file that other threads and processes write too. While
 * another connection holds the write lock, SQLite's busy handler sleeps with
 * the thread blocked, a millisecond to tens of them at a time, and holds up
 * everything else that thread runs: the process manager sat behind every
 * commit of the projections. Here a locked write is tried again from the
 * event loop instead, until the busy timeout; only the last try waits in
 * SQLite. The writes of one connection still land in the order they were made.
 */
export class SqliteWriteLock {
  /** Writes that found the file locked, or came while one did: they run in turn. */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly busyTimeoutMs: number,
  ) {}

  /** Runs `write` now when the file is free, else after the writes queued before it, in the order they came. */
  write<T>(write: () => T): Promise<T> {
    if (this.queued === 0) {
      try {
        const outcome = this.tryNow(write);
        if (outcome !== LOCKED) return Promise.resolve(outcome);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    this.queued += 1;
    const done = this.queue.then(() => this.untilUnlocked(write)).finally(() => (this.queued -= 1));
    this.queue = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private async untilUnlocked<T>(write: () => T): Promise<T> {
    const giveUpAt = Date.now() + this.busyTimeoutMs;
    for (let pauseMs = 1; Date.now() < giveUpAt; pauseMs = Math.min(pauseMs * 2, 16)) {
      const outcome = this.tryNow(write);
      if (outcome !== LOCKED) return outcome;
      await sleep(pauseMs);
    }
    return write();
  }

  private tryNow<T>(write: () => T): T | typeof LOCKED {
    // Executed each time, not prepared once: SQLite applies a PRAGMA when it is prepared, so a prepared one run again does nothing.
    this.db.exec('PRAGMA busy_timeout = 0');
    try {
      return write();
    } catch (error) {
      if (isBusy(error)) return LOCKED;
      throw error;
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
    }
  }
}
