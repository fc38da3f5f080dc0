/**
 * `oms seed` beside a running `oms serve` on the same data folder: the
 * server holds the process-manager and projection leases, so the seed's own
 * workflow stands by; the seed must wait for the server's work (through the
 * shared stores) and finish, and, when the workflow stands still, give up in
 * one line instead of hanging. Needs a build (`npm run build`).
 */
import path from 'node:path';
import { PROCESS_MANAGER } from '../../src/commands/workflow/process-manager';
import { SqliteDocumentStore } from '../../src/infrastructure/documents/sqlite-document-store';
import { makeTempDir } from '../support/temp-dir';
import { runOms, trackOmsProcesses } from '../support/process-harness';

jest.setTimeout(120_000);

const processes = trackOmsProcesses();
const temps: ReturnType<typeof makeTempDir>[] = [];
const tempDir = () => {
  const temp = makeTempDir('oms-seed-');
  temps.push(temp);
  return temp.dir;
};
afterAll(async () => {
  for (const temp of temps) await temp.remove();
});

it('seeds beside oms serve: the server runs the workflow and the seed waits for it', async () => {
  const dataDir = tempDir();
  const server = await processes.start({ dataDir });
  const seeded = await runOms(['seed', '--orders', '12', '--skus', '4', '--days', '5', '--stall-seconds', '60'], { dataDir, timeoutMs: 110_000 });
  // A seed that failed shows what the server logged too: its workflow is the one the seed waited for.
  if (seeded.code !== 0) {
    const health = JSON.stringify(await server.health(), (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    throw processes.explain(new Error(`oms seed exited with ${seeded.code}:\n${seeded.stderr}\nthe server's /health: ${health}`));
  }
  expect(JSON.parse(seeded.stdout.trim())).toMatchObject({ seeded: { orders: 12, skus: 4 } });

  const orders = await server.expect<{ items: { status: string }[] }>(200, 'GET', '/orders?limit=100', { key: 'admin' });
  expect(orders.body.items).toHaveLength(12);
  // the server's process manager took every order past placement
  expect(orders.body.items.filter((order) => order.status === 'placed')).toEqual([]);
});

it('gives up in one line when the workflow stands still, instead of hanging', async () => {
  const dataDir = tempDir();
  // A process-manager lease held by a process that no longer runs: nobody advances the workflow.
  const documents = await SqliteDocumentStore.open(path.join(dataDir, 'read-models.db'));
  expect(await documents.tryLease({ name: PROCESS_MANAGER, holder: 'gone:1' }, 600_000)).toBe(true);
  await documents.close();

  const seeded = await runOms(['seed', '--orders', '3', '--skus', '2', '--stall-seconds', '1'], { dataDir, timeoutMs: 60_000 });
  expect(seeded.code).toBe(1);
  const lines = seeded.stderr.split('\n').filter((line) => line.startsWith('oms seed:'));
  expect(lines).toEqual([expect.stringMatching(/^oms seed: the workflow made no progress for 1 s at position \d+ of \d+ \(stopped there: process-manager\)/)]);
  expect(seeded.stdout).toBe('');
});

it('seeds a catalog of one SKU: an order never asks for more distinct lines than there are SKUs', async () => {
  // Each draw of the day's dates moves the random sequence on, so which order asks for three lines changes with the date: one SKU forces it.
  const seeded = await runOms(['seed', '--orders', '20', '--skus', '1', '--days', '3'], { dataDir: tempDir(), timeoutMs: 60_000 });
  expect({ code: seeded.code, stdout: seeded.stdout }).toMatchObject({ code: 0, stdout: expect.stringContaining('"skus":1') });
});

it('answers --help with its usage', async () => {
  const help = await runOms(['seed', '--help'], { dataDir: tempDir() });
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^usage: oms seed --orders N/);
  expect(help.stdout).toMatch(/--stall-seconds/);
  const wrong = await runOms(['seed', '--orders', 'many'], { dataDir: tempDir() });
  expect(wrong.code).toBe(2);
  expect(wrong.stderr.trim().split('\n')[0]).toMatch(/^oms seed: --orders must be a whole number/);
});
