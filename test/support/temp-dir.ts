import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh directory under the OS temp folder, and a way to remove it. */
export const makeTempDir = (prefix = 'oms-test-') => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
};
