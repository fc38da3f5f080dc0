import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteWriteLock } from '../../../src/infrastructure/documents/sqlite-write-lock';

describe('SqliteWriteLock: writing to a file another connection has locked', () => {
  let dir: string;
  let holder: Database.Database;
  let writer: Database.Database;
  let lock: SqliteWriteLock;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-write-lock-'));
    const file = path.join(dir, 'docs.db');
    holder = new Database(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('CREATE TABLE notes (seq INTEGER PRIMARY KEY, n INTEGER NOT NULL UNIQUE)');
    writer = new Database(file);
    writer.pragma('busy_timeout = 5000');
    lock = new SqliteWriteLock(writer, 5000);
  });
  afterEach(() => {
    if (holder.inTransaction) holder.exec('ROLLBACK');
    holder.close();
    writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insert = (n: number) => () => writer.prepare('INSERT INTO notes (n) VALUES (?)').run(n).changes;
  /** In the order they were written. */
  const notes = () => writer.prepare('SELECT n FROM notes ORDER BY seq').pluck().all();

  it('writes at once when the file is free', async () => {
    await expect(lock.write(insert(1))).resolves.toBe(1);
    expect(notes()).toEqual([1]);
  });

  it('leaves the thread free while the lock is held, and writes in the order asked once it is released', async () => {
    holder.exec('BEGIN IMMEDIATE');
    const first = lock.write(insert(2));
    const second = lock.write(insert(1));
    // The thread was not held: this runs while both writes wait.
    const ranMeanwhile = await new Promise<boolean>((resolve) => setImmediate(() => resolve(true)));
    expect(ranMeanwhile).toBe(true);
    expect(notes()).toEqual([]);
    holder.exec('COMMIT');
    await Promise.all([first, second]);
    expect(notes()).toEqual([2, 1]);
  });

  it('queues a write behind one that waits even when the file is free by then', async () => {
    holder.exec('BEGIN IMMEDIATE');
    const waiting = lock.write(insert(1));
    holder.exec('COMMIT');
    await Promise.all([waiting, lock.write(insert(2))]);
    expect(notes()).toEqual([1, 2]);
  });

  it('fails a write with its own error, and one that stays locked past the busy timeout with SQLITE_BUSY', async () => {
    await lock.write(insert(1));
    await expect(lock.write(insert(1))).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    holder.exec('BEGIN IMMEDIATE');
    writer.pragma('busy_timeout = 20');
    const impatient = new SqliteWriteLock(writer, 20);
    await expect(impatient.write(insert(3))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await expect(impatient.write(() => 'read only')).resolves.toBe('read only');
  });
});
