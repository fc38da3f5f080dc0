import Database from 'better-sqlite3';

export type SqliteFileOptions = {
  /** FULL: a commit is on disk when it returns. NORMAL: commits stay atomic, the last ones may be lost to a power failure. */
  synchronous: 'FULL' | 'NORMAL';
  /** How long to wait for another connection's lock before failing (ms). Default 5000. */
  busyTimeoutMs?: number;
};

/**
 * Opens a SQLite file as every store here uses one: WAL (readers never wait
 * for the writer), the durability asked for, and a busy timeout that also
 * covers the switch to WAL (see switchToWal).
 */
export function openSqliteFile(filename: string, options: SqliteFileOptions): Database.Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = new Database(filename, { timeout: busyTimeoutMs });
  try {
    switchToWal(db, busyTimeoutMs);
    db.pragma(`synchronous = ${options.synchronous}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Two processes opening a new file at once both switch it to WAL, and SQLite
 * may answer SQLITE_BUSY at once, without waiting, where waiting could
 * deadlock: a second `oms worker` starting beside the first did exit on it.
 * So a busy answer is tried again, with growing pauses, until the busy
 * timeout has passed. The pause blocks the thread, as SQLite's own busy wait does.
 */
export function switchToWal(db: Pick<Database.Database, 'pragma'>, busyTimeoutMs: number): void {
  const giveUpAt = Date.now() + busyTimeoutMs;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 100)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= giveUpAt) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    }
  }
}

/**
 * By its code alone: the native binding builds its errors from the classes of
 * the first copy of the module loaded in the process, which another realm
 * (each Jest test file) does not see as its own SqliteError, or even Error.
 */
export const isBusy = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');
