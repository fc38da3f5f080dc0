import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openSqliteFile } from '../sqlite-file';
import { PaymentSecrets, PaymentSecretsOptions } from './payment-secrets';

/**
 * The embedded secret store: a SQLite file of its own in the data folder,
 * readable by its owner only (0600), shared by the threads and processes on
 * that folder. Erasing must leave no copy behind: `secure_delete` zeroes the
 * freed bytes in the database file, and a TRUNCATE checkpoint copies the
 * write-ahead log into the file and empties the log, so no frame that once
 * held the token survives in `-wal` either (`-shm` is an index and holds no
 * row data). Erases are applied together, with one checkpoint, at most
 * `checkpointDelayMs` after the first of them (and at close): a delete and a
 * checkpoint per order made the threads that keep tokens wait on the file's
 * lock. Until then the handle that erased a token no longer answers it, and
 * the token outlives its use on disk by at most that delay.
 *
 * Commits do not wait for the disk (synchronous = NORMAL): a power cut may
 * lose a token just kept, and that order then fails its payment with a clear
 * reason, which is better than every order waiting on an fsync.
 */
export class SqlitePaymentSecrets implements PaymentSecrets {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly ttlMs: number;
  private readonly statements: Record<'keep' | 'read' | 'erase' | 'eraseExpired', Database.Statement>;
  private pendingCheckpoint: NodeJS.Timeout | null = null;
  private readonly erasing = new Set<string>();
  private readonly keeping = new Map<string, { token: string; expiresAt: number; erased: boolean }>();
  private kept: Promise<Map<string, boolean>> | null = null;

  constructor(filename: string, options: PaymentSecretsOptions) {
    this.now = options.now ?? (() => new Date());
    this.ttlMs = options.ttlMs;
    fs.mkdirSync(path.dirname(filename), { recursive: true });
    // Created owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    fs.closeSync(fs.openSync(filename, 'a', 0o600));
    fs.chmodSync(filename, 0o600);
    this.db = openSqliteFile(filename, { synchronous: 'NORMAL' });
    this.db.pragma('secure_delete = ON');
    this.db.exec('CREATE TABLE IF NOT EXISTS payment_secrets (order_id TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at INTEGER NOT NULL)');
    this.db.exec('CREATE INDEX IF NOT EXISTS payment_secrets_expiry ON payment_secrets (expires_at)');
    this.statements = {
      keep: this.db.prepare(
        'INSERT INTO payment_secrets (order_id, token, expires_at) VALUES (?, ?, ?) ON CONFLICT (order_id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at WHERE payment_secrets.expires_at <= ?',
      ),
      read: this.db.prepare('SELECT token FROM payment_secrets WHERE order_id = ? AND expires_at > ?').pluck(),
      erase: this.db.prepare('DELETE FROM payment_secrets WHERE order_id = ?'),
      eraseExpired: this.db.prepare('DELETE FROM payment_secrets WHERE expires_at <= ?'),
    };
  }

  /** Tokens of concurrent orders share one commit: a commit per order held up every request on the file. */
  async keep(orderId: string, token: string): Promise<boolean> {
    if (this.keeping.has(orderId)) return false;
    const erased = this.erasing.delete(orderId);
    const now = this.now().getTime();
    this.keeping.set(orderId, { token, expiresAt: now + this.ttlMs, erased });
    this.kept ??= new Promise<Map<string, boolean>>((resolve, reject) => {
      setImmediate(() => {
        const rows = [...this.keeping];
        this.keeping.clear();
        this.kept = null;
        try {
          const outcome = new Map<string, boolean>();
          this.db.transaction(() => {
            for (const [id, row] of rows) {
              if (row.erased) this.statements.erase.run(id); // erased here, not yet flushed
              outcome.set(id, this.statements.keep.run(id, row.token, row.expiresAt, now).changes > 0);
            }
          })();
          resolve(outcome);
        } catch (error) {
          reject(error);
        }
      });
    });
    return (await this.kept).get(orderId) ?? false;
  }

  async read(orderId: string): Promise<string | null> {
    if (this.erasing.has(orderId)) return null;
    const keeping = this.keeping.get(orderId);
    if (keeping) return keeping.expiresAt > this.now().getTime() ? keeping.token : null;
    const token = this.statements.read.get(orderId, this.now().getTime()) as string | undefined;
    return token ?? null;
  }

  async erase(orderId: string): Promise<void> {
    this.erasing.add(orderId);
    if (this.pendingCheckpoint === null) {
      this.pendingCheckpoint = setTimeout(() => this.flush(), DEFAULT_CHECKPOINT_DELAY_MS);
      this.pendingCheckpoint.unref();
    }
  }

  /**
   * Deletes the tokens erased since the last flush, and every expired one (so
   * a token nobody took does not outlive its time by much), then empties the
   * write-ahead log with every frame that held one.
   */
  flush(): void {
    if (this.pendingCheckpoint !== null) clearTimeout(this.pendingCheckpoint);
    this.pendingCheckpoint = null;
    if (!this.db.open) return;
    const erasing = [...this.erasing];
    this.db.transaction(() => {
      for (const orderId of erasing) this.statements.erase.run(orderId);
      this.statements.eraseExpired.run(this.now().getTime());
    })();
    for (const orderId of erasing) this.erasing.delete(orderId);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.kept;
    this.flush();
    this.db.close();
  }
}

/** How long an erased token may stay on disk. */
export const DEFAULT_CHECKPOINT_DELAY_MS = 1000;
