import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteFile, switchToWal } from '../../../src/infrastructure/sqlite-file';

const busy = (code = 'SQLITE_BUSY') => Object.assign(new Error('database is locked'), { code });

/** A connection whose switch to WAL answers these errors first, then succeeds. */
const answering = (...errors: Error[]) => {
  const calls: string[] = [];
  return {
    calls,
    pragma(source: string) {
      calls.push(source);
      const error = errors.shift();
      if (error) throw error;
      return 'wal';
    },
  };
};

describe('switchToWal', () => {
  it('tries again while SQLite answers busy at once, as it does when two processes switch a new file together', () => {
    const db = answering(busy(), busy('SQLITE_BUSY_RECOVERY'), busy());
    switchToWal(db, 5000);
    expect(db.calls).toEqual(Array(4).fill('journal_mode = WAL'));
  });

  it('gives the busy error up once the busy timeout has passed', () => {
    const db = answering(...Array.from({ length: 1000 }, () => busy()));
    expect(() => switchToWal(db, 0)).toThrow('database is locked');
    expect(db.calls).toHaveLength(1);
  });

  it('throws any other error at once', () => {
    const db = answering(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }));
    expect(() => switchToWal(db, 5000)).toThrow('file is not a database');
    expect(db.calls).toHaveLength(1);
  });
});

describe('openSqliteFile', () => {
  it('opens a file in WAL mode with the durability and busy timeout asked for', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-sqlite-'));
    try {
      const db = openSqliteFile(path.join(dir, 'x.db'), { synchronous: 'NORMAL', busyTimeoutMs: 1234 });
      expect({
        journal: db.pragma('journal_mode', { simple: true }),
        synchronous: db.pragma('synchronous', { simple: true }),
        timeout: db.pragma('busy_timeout', { simple: true }),
      }).toEqual({ journal: 'wal', synchronous: 1, timeout: 1234 });
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
