import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { PaymentSecrets, PaymentSecretsOptions } from './payment-secrets';

/**
 * The embedded secret store: a SQLite file of its own in the data folder,
 * readable by its owner only (0600), shared by the threads and processes on
 * that folder. Erasing must leave no copy behind: `secure_delete` zeroes the
 * freed bytes in the database file, and after every erase a TRUNCATE
 * checkpoint copies the write-ahead log into the file and empties the log,
 * so no frame that once held the token survives in `-wal` either (`-shm` is
 * an index and holds no row data).
 *
 * Commits do not wait for the disk (synchronous = NORMAL): a power cut may
 * lose a token just kept, and that order then fails its payment with a clear
 * reason, which is better than every order waiting on an fsync.
 */
export class SqlitePaymentSecrets implements PaymentSecrets {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly ttlMs: number;

  constructor(filename: string, options: PaymentSecretsOptions) {
    this.now = options.now ?? (() => new Date());
    this.ttlMs = options.ttlMs;
    fs.mkdirSync(path.dirname(filename), { recursive: true });
    // Created owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    fs.closeSync(fs.openSync(filename, 'a', 0o600));
    fs.chmodSync(filename, 0o600);
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS payment_secrets (order_id TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at INTEGER NOT NULL)');
    this.db.exec('CREATE INDEX IF NOT EXISTS payment_secrets_expiry ON payment_secrets (expires_at)');
  }

  async keep(orderId: string, token: string): Promise<void> {
    const expiresAt = this.now().getTime() + this.ttlMs;
    this.db
      .prepare('INSERT INTO payment_secrets (order_id, token, expires_at) VALUES (?, ?, ?) ON CONFLICT (order_id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at')
      .run(orderId, token, expiresAt);
  }

  async read(orderId: string): Promise<string | null> {
    const token = this.db
      .prepare('SELECT token FROM payment_secrets WHERE order_id = ? AND expires_at > ?')
      .pluck()
      .get(orderId, this.now().getTime()) as string | undefined;
    return token ?? null;
  }

  /** Also clears every expired token, so one nobody took does not outlive its time by much. */
  async erase(orderId: string): Promise<void> {
    const erased = this.db.transaction(() => {
      const mine = this.db.prepare('DELETE FROM payment_secrets WHERE order_id = ?').run(orderId).changes;
      const expired = this.db.prepare('DELETE FROM payment_secrets WHERE expires_at <= ?').run(this.now().getTime()).changes;
      return mine + expired;
    })();
    if (erased > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
