import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteDocumentStore } from '../../src/infrastructure/documents/sqlite-document-store';
import { documentStoreContract } from './document-store.contract';

documentStoreContract('sqlite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-documents-'));
  const file = path.join(dir, 'documents.db');
  return {
    store: await SqliteDocumentStore.open(file),
    reopen: () => SqliteDocumentStore.open(file),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteDocumentStore checkpoint watch', () => {
  it('tells watchers when this handle or another handle on the file commits a checkpoint', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-documents-'));
    const file = path.join(dir, 'documents.db');
    const reader = await SqliteDocumentStore.open(file);
    const writer = await SqliteDocumentStore.open(file);
    let calls = 0;
    const moved = () => new Promise<void>((resolve) => {
      const stop = reader.watchCheckpoints(() => {
        calls++;
        stop();
        resolve();
      });
    });
    const fromOther = moved();
    await writer.commit({ writes: [], checkpoint: { name: 'orders', position: 5n } });
    await fromOther;
    expect(await reader.getCheckpoint('orders')).toBe(5n);
    const fromSelf = moved();
    await reader.commit({ writes: [], checkpoint: { name: 'orders', position: 6n } });
    await fromSelf;
    expect(calls).toBe(2);
    await reader.close();
    await writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
