import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/**
 * What the process writes under the data folder is for its own user alone:
 * the event log and read models hold customers' names, emails and addresses,
 * api-keys.json the API keys. A umask of 077 makes every file it creates
 * 0600 and every folder 0700, whichever code creates it (SQLite's -wal and
 * -shm files included) and with no moment in which a new file is readable by
 * others. The umask is the process's: only the main thread may set it.
 */
export function keepCreatedFilesPrivate(): void {
  if (isMainThread) process.umask(0o077);
}

/**
 * The data folder, created 0700, or narrowed to 0700 when this user made it
 * before (by hand, or with an older version); a folder another user owns (a
 * mounted volume) keeps the mode its owner gave it.
 */
export function privateDataFolder(dataDir: string): void {
  keepCreatedFilesPrivate();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { uid, mode } = fs.statSync(dataDir);
  if (uid === process.getuid?.() && (mode & 0o077) !== 0) fs.chmodSync(dataDir, 0o700);
}
