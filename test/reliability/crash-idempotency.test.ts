import { orderBody } from '../support/api-fixtures';
import { trackOmsProcesses } from '../support/process-harness';
import { makeTempDir } from '../support/temp-dir';

/*
 * An Idempotency-Key outlives a SIGKILL: a client that got its 201 (or lost
 * it to the crash) and retries against the restarted server gets the first
 * answer back, and the order is placed once. Its record is written before
 * the answer leaves, to a file kept with synchronous=FULL.
 *
 * And when the process dies after the order is in the log but before its
 * answer was stored (OMS_TEST_KILL_AFTER_COMMAND kills it exactly there), the
 * retry to the restarted server rebuilds that answer from the log at once:
 * the claim names a process that no longer runs, and the order's events carry
 * the correlation id the claim recorded.
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

  it('answers a retry with the order whose answer the SIGKILL lost, as soon as the server is back', async () => {
    const idempotencyKey = 'checkout-killed-before-its-answer';
    const headers = { 'Idempotency-Key': idempotencyKey };
    const body = orderBody();
    const dataDir = `${temp.dir}/killed-before-answer`;
    let server = await processes.start({ dataDir, leaseTtlMs: 1000, env: { OMS_TEST_KILL_AFTER_COMMAND: idempotencyKey } });
    await expect(server.post('/orders', body, 'client', headers)).rejects.toThrow();
    expect((await server.exited).signal).toBe('SIGKILL');

    server = await processes.start({ dataDir, leaseTtlMs: 1000 });
    const retry = await server.expect(201, 'POST', '/orders', { key: 'client', body, headers });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    const log = await server.get<{ items: { type: string; streamId: string; revision: number; position: string }[] }>('/audit/events?limit=500', 'auditor');
    const placed = log.body.items.filter((event) => event.type === 'OrderPlaced');
    expect(placed).toHaveLength(1);
    expect(retry.body).toEqual({ orderId: placed[0]!.streamId.replace(/^order-/, ''), status: 'placed', onHold: false, revision: 0, position: placed[0]!.position });
    expect(retry.headers.get('location')).toBe(`/orders/${retry.body.orderId}`);
    expect(retry.headers.get('oms-position')).toBe(placed[0]!.position);
    const again = await server.expect(201, 'POST', '/orders', { key: 'client', body, headers });
    expect(again.body).toEqual(retry.body);
  }, 60_000);
});
