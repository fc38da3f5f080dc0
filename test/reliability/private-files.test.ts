import fs from 'node:fs';
import path from 'node:path';
import { locationBody, newOrderId, orderBody, productBody } from '../support/api-fixtures';
import { trackOmsProcesses, waitUntil } from '../support/process-harness';
import { makeTempDir } from '../support/temp-dir';

/*
 * The data folder holds customers' names, emails and addresses and the API
 * keys: `oms serve` creates every file in it 0600 and the folder 0700 (the
 * SQLite files with their -wal and -shm, api-keys.json, the sandbox payment
 * ledger), and narrows a folder made before. Runs the real program from dist
 * on a folder it creates, after real work, and stats everything in it.
 */

const processes = trackOmsProcesses();
const temp = makeTempDir('oms-private-files-');
afterAll(() => temp.remove());

/** Every entry under a folder with its permission bits, e.g. { 'events.db': '600' }. */
const modesUnder = (root: string): Record<string, string> => {
  const modes: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true }) as string[]) {
    modes[entry] = (fs.statSync(path.join(root, entry)).mode & 0o777).toString(8);
  }
  return modes;
};

/** `oms serve` with no OMS_API_KEYS, so it creates api-keys.json; answers the process and its admin key. */
const serveOn = async (dataDir: string) => {
  const server = await processes.start({ dataDir, env: { OMS_API_KEYS: '' } });
  const keys = JSON.parse(fs.readFileSync(path.join(dataDir, 'api-keys.json'), 'utf8')) as { key: string; role: string }[];
  return { server, admin: keys.find((entry) => entry.role === 'admin')!.key };
};

describe('files under the data folder', () => {
  it('are created 0600, in a folder created 0700, whoever writes them', async () => {
    const dataDir = path.join(temp.dir, 'fresh');
    const { server, admin } = await serveOn(dataDir);
    await server.expect(201, 'PUT', '/products/SKU-1', { key: admin, body: productBody(1999) });
    await server.expect(201, 'PUT', '/locations/wh-1', { key: admin, body: locationBody(1) });
    await server.expect(201, 'POST', '/inventory/receipts', { key: admin, body: { locationId: 'wh-1', sku: 'SKU-1', quantity: 5 } });
    const orderId = newOrderId();
    await server.expect(201, 'POST', '/orders', { key: admin, body: orderBody({ orderId }) });
    // the payment job has written to the sandbox ledger once the order is authorized
    await waitUntil(
      async () => {
        const order = await server.get(`/orders/${orderId}`, admin);
        return order.status === 200 && order.body.payment?.status !== 'none' ? true : undefined;
      },
      { what: `order ${orderId} authorized`, timeoutMs: 45_000 },
    );

    const modes = modesUnder(dataDir);
    expect(Object.keys(modes)).toEqual(
      expect.arrayContaining(['api-keys.json', 'events.db', 'events.db-wal', 'read-models.db', 'requests.db', 'payment-secrets.db']),
    );
    expect(Object.entries(modes).filter(([, mode]) => mode !== '600')).toEqual([]);
    expect((fs.statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
  }, 90_000);

  it('live in a folder narrowed to 0700 when it was made before with a wider mode', async () => {
    const dataDir = path.join(temp.dir, 'made-by-hand');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    await serveOn(dataDir);
    expect((fs.statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    expect(Object.entries(modesUnder(dataDir)).filter(([, mode]) => mode !== '600')).toEqual([]);
  }, 60_000);
});
