import { orderBody } from '../support/api-fixtures';
import { trackOmsProcesses } from '../support/process-harness';
import { makeTempDir } from '../support/temp-dir';

/*
 * An Idempotency-Key outlives a SIGKILL: a client that got its 201 (or lost
 * it to the crash) and retries against the restarted server gets the first
 * answer back, and the order is placed once. Its record is written before
 * the answer leaves, to a file kept with synchronous=FULL.
 */

const processes = trackOmsProcesses();
const temp = makeTempDir('oms-crash-idempotency-');
afterAll(() => temp.remove());

describe('an Idempotency-Key across a SIGKILL', () => {
  it('replays the first answer from the restarted server and places the order once', async () => {
    const options = { dataDir: temp.dir, leaseTtlMs: 1000 };
    let server = await processes.start(options);
    // No orderId in the body: the server picks it, so only the key can tell the retry is the same order.
    const body = orderBody();
    const headers = { 'Idempotency-Key': 'checkout-7f3a-attempt' };
    const first = await server.expect(201, 'POST', '/orders', { key: 'client', body, headers });
    await server.kill();

    server = await processes.start(options);
    const retry = await server.expect(201, 'POST', '/orders', { key: 'client', body, headers });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));

    const placed = await server.get<{ items: { type: string; streamId: string }[] }>('/audit/events?limit=500', 'auditor');
    expect(placed.body.items.filter((event) => event.type === 'OrderPlaced').map((event) => event.streamId)).toEqual([
      `order-${first.body.orderId}`,
    ]);
  }, 60_000);
});
