import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { locationBody, newOrderId, orderBody, productBody } from '../support/api-fixtures';
import { OmsProcess, trackOmsProcesses, waitUntil } from '../support/process-harness';
import { makeTempDir } from '../support/temp-dir';

/*
 * No card token is kept anywhere but the short-lived secret store, and not
 * there once the authorization has used it: the real `oms serve` places
 * orders with a token no other byte sequence could match, authorizes them,
 * and then no file under the data folder (every byte, -wal, -shm and
 * -journal files included), no answer of /orders, /history or /audit/events,
 * and no line it logged contains the token.
 */

const processes = trackOmsProcesses();
const temp = makeTempDir('oms-token-leak-');
afterAll(() => temp.remove());

const TOKEN = `tok_leakcheck_${randomBytes(12).toString('hex')}`;

/** Every file under a folder, recursively. */
const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });

const filesContaining = (dir: string, needle: string) => filesUnder(dir).filter((file) => fs.readFileSync(file).includes(Buffer.from(needle)));

/** Every page of the global log, as /audit/events answers it. */
const auditLog = async (server: OmsProcess): Promise<string[]> => {
  const pages: string[] = [];
  let after = '0';
  for (;;) {
    const page = await server.expect(200, 'GET', `/audit/events?after=${after}&limit=500`, { key: 'auditor' });
    pages.push(page.text);
    if (page.body.nextCursor === null) return pages;
    after = page.body.nextCursor;
  }
};

describe('payment tokens', () => {
  it('are in no file of the data folder, no answer and no log line once the orders are authorized', async () => {
    const server = await processes.start({ dataDir: temp.dir });
    await server.expect(201, 'PUT', '/products/SKU-1', { body: productBody(1999) });
    await server.expect(201, 'PUT', '/locations/wh-1', { body: locationBody(1) });
    await server.expect(201, 'POST', '/inventory/receipts', { key: 'warehouse', body: { locationId: 'wh-1', sku: 'SKU-1', quantity: 100 } });

    const orderIds = Array.from({ length: 6 }, () => newOrderId());
    for (const [i, orderId] of orderIds.entries()) {
      const body = { ...orderBody({ orderId }), payment: { method: 'card', token: TOKEN } };
      // Half with an Idempotency-Key, so the idempotency store holds their answers too.
      const headers: Record<string, string> = i % 2 === 0 ? { 'idempotency-key': `leak-${i}` } : {};
      await server.expect(201, 'POST', '/orders', { key: i % 3 === 0 ? 'admin' : 'client', body, headers });
    }
    // Refused at entry, also with an Idempotency-Key: the stored refusal must not keep the token either.
    const refused = { ...orderBody({ lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: 1 }] }), payment: { method: 'card', token: TOKEN } };
    await server.expect(422, 'POST', '/orders', { key: 'client', body: refused, headers: { 'idempotency-key': 'leak-refused' } });

    const views = await Promise.all(
      orderIds.map((orderId) =>
        waitUntil(
          async () => {
            const answer = await server.get(`/orders/${orderId}`, 'admin');
            return answer.status === 200 && answer.body.payment.status === 'authorized' ? answer : undefined;
          },
          { what: `order ${orderId} authorized`, timeoutMs: 45_000, describe: async () => server.problems().join('\n') },
        ),
      ),
    );

    const answers = [
      ...views.map((view) => view.text),
      ...(await Promise.all(orderIds.map(async (orderId) => (await server.expect(200, 'GET', `/orders/${orderId}/history`, { key: 'auditor' })).text))),
      ...(await auditLog(server)),
      (await server.expect(200, 'GET', '/orders?limit=500', { key: 'analyst' })).text,
    ];
    expect(answers.filter((text) => text.includes(TOKEN))).toEqual([]);
    expect(answers.join('\n')).toContain('"method":"card"');

    const files = filesUnder(temp.dir).map((file) => path.relative(temp.dir, file));
    expect(files).toEqual(expect.arrayContaining(['events.db', 'payment-secrets.db', 'requests.db', 'read-models.db']));
    // An erased token leaves the secret store's write-ahead log at its next checkpoint, within a second.
    await waitUntil(async () => (filesContaining(temp.dir, TOKEN).length === 0 ? true : undefined), {
      what: 'no file of the data folder holding the token',
      timeoutMs: 10_000,
      describe: async () => filesContaining(temp.dir, TOKEN).join(', '),
    });
    expect(server.log).not.toContain(TOKEN);
    expect(server.log).toContain('OMS listening');

    // And after a clean stop, which checkpoints every file.
    await server.stop();
    expect(filesContaining(temp.dir, TOKEN)).toEqual([]);
  }, 120_000);
});
