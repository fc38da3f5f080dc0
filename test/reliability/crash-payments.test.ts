import { locationBody, newOrderId, orderBody, productBody } from '../support/api-fixtures';
import { OmsProcess, trackOmsProcesses, waitUntil } from '../support/process-harness';
import { makeTempDir } from '../support/temp-dir';

/*
 * Money across a crash: what the payment gateway authorized before `oms
 * serve` was killed must still be voided (order cancelled) or captured
 * (order shipped) by the process that comes after. The embedded default's
 * sandbox gateway once kept its account in memory, so after any restart the
 * void and the capture failed for good ("no authorization auth_...") and the
 * order owed them forever.
 */

const processes = trackOmsProcesses();
const temp = makeTempDir('oms-crash-payments-');
afterAll(() => temp.remove());

const options = { dataDir: temp.dir, leaseTtlMs: 1000 };

const orderOn = async (server: OmsProcess, orderId: string) => {
  const answer = await server.get(`/orders/${orderId}`, 'admin');
  return answer.status === 200 ? answer.body : null;
};

const until = (server: OmsProcess, orderId: string, what: string, check: (order: any) => boolean) =>
  waitUntil(
    async () => {
      const order = await orderOn(server, orderId);
      return order !== null && check(order) ? order : undefined;
    },
    {
      what: `order ${orderId} ${what}`,
      timeoutMs: 45_000,
      describe: async () => `${JSON.stringify(await orderOn(server, orderId))}\n${server.problems().join('\n')}`,
    },
  );

describe('payments authorized before a SIGKILL', () => {
  it('are voided on cancel and captured on shipment by the restarted server', async () => {
    let server = await processes.start(options);
    await server.expect(201, 'PUT', '/products/SKU-1', { body: productBody(1999) });
    await server.expect(201, 'PUT', '/locations/wh-1', { body: locationBody(1) });
    await server.expect(201, 'POST', '/inventory/receipts', { key: 'warehouse', body: { locationId: 'wh-1', sku: 'SKU-1', quantity: 10 } });
    const toCancel = newOrderId();
    const toShip = newOrderId();
    for (const orderId of [toCancel, toShip]) await server.expect(201, 'POST', '/orders', { body: orderBody({ orderId }) });
    const authorized = (order: any) => order.fulfillments.length > 0 && order.payment.status === 'authorized';
    await until(server, toCancel, 'allocated and authorized', authorized);
    const shipping = await until(server, toShip, 'allocated and authorized', authorized);

    await server.kill();
    server = await processes.start(options);

    await server.expect(200, 'POST', `/orders/${toCancel}/cancel`, { body: { reason: 'changed my mind after the crash' } });
    const base = `/orders/${toShip}/fulfillments/${shipping.fulfillments[0].fulfillmentId}`;
    await server.expect(200, 'POST', `${base}/picked`, { key: 'warehouse' });
    await server.expect(200, 'POST', `${base}/packed`, { key: 'warehouse' });
    await until(server, toShip, 'labelled', (order) => order.fulfillments[0].shipment !== null);
    await server.expect(200, 'POST', `${base}/shipped`, { key: 'warehouse' });

    const cancelled = await until(server, toCancel, 'voided', (order) => order.payment.status !== 'authorized');
    const shipped = await until(server, toShip, 'captured', (order) => order.payment.capturedAmount > 0 || order.payment.status === 'failed');
    expect({ status: cancelled.status, payment: cancelled.payment.status }).toEqual({ status: 'cancelled', payment: 'voided' });
    expect({ payment: shipped.payment.status, captured: shipped.payment.capturedAmount }).toEqual({
      payment: 'captured',
      captured: shipped.payment.authorizedAmount,
    });
    // No job failed for good on the way.
    expect(server.errors()).toEqual([]);
  }, 120_000);
});
