import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type LedgerKind = 'key' | 'timeout' | 'authorization' | 'capture';

/**
 * Where the sandbox gateway keeps its account: what each idempotency key
 * produced, and each authorization and capture, as JSON. In a SQLite file it
 * outlives the process, as a real gateway's test account does: an
 * authorization made before a restart (or by another process on the same
 * data folder) can still be captured or voided. Read through on every call,
 * never cached, so whichever process runs the jobs sees what the others did.
 * Without a file (tests) it lives in memory.
 */
export class SandboxLedger {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string, string], string>;
  private readonly upsert: Database.Statement<[string, string, string]>;

  constructor(filename = ':memory:') {
    if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    // Survives a killed process (WAL without fsync on commit), not a power cut: enough for a
    // sandbox account, and no fsync holds up the workflow thread on every payment call.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS sandbox_payments (kind TEXT NOT NULL, id TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID');
    this.select = this.db.prepare('SELECT value FROM sandbox_payments WHERE kind = ? AND id = ?').pluck() as Database.Statement<[string, string], string>;
    this.upsert = this.db.prepare(
      'INSERT INTO sandbox_payments (kind, id, value) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value',
    );
  }

  get<T>(kind: LedgerKind, id: string): T | undefined {
    const text = this.select.get(kind, id);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  put(kind: LedgerKind, id: string, value: unknown): void {
    this.upsert.run(kind, id, JSON.stringify(value));
  }

  /** Runs `work` (synchronous) so that its puts land together or not at all. */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
