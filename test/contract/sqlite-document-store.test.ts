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
