import { jobFor } from '../../src/commands/workflow/workflow-jobs';
import { NextStep } from '../../src/domain/order';
import { StoredEvent } from '../../src/infrastructure/eventstore/event-store';
import { openWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

/**
 * At-least-once delivery: the process manager may see any event again (a
 * crash before its checkpoint, a rebalanced worker). Every step must then
 * change nothing: no event appended, no port called.
 */
describe('every event delivered twice changes nothing', () => {
  let h: WorkflowHarness;
  let orders: Record<'delivered' | 'cancelled' | 'backordered' | 'declined' | 'rejected' | 'held', string>;

  /** A log with every kind of step in it: delivery, cancellation, backorders, a decline, a rejection, a hold. */
  const runEveryKindOfOrder = async () => {
    await h.defineProduct('SKU-A', { unitPrice: 1000 });
    await h.defineProduct('SKU-OFF', { active: false });
    await h.defineLocation('wh-1', { priority: 1 });
    await h.defineLocation('wh-2', { priority: 2 });
    await h.receiveStock('wh-1', 'SKU-A', 3);
    await h.receiveStock('wh-2', 'SKU-A', 2);
    await h.setStockPolicy('wh-1', 'SKU-A', { bin: 'A-01' });

    const delivered = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await h.settle();
    const cancelled = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.settle();
    const backordered = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 4 }] });
    const declined = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }], token: 'tok_chargeDeclined' });
    const rejected = await h.placeOrder({ lines: [{ sku: 'SKU-OFF', quantity: 1 }] });
    await h.settle();
    const held = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.hold(held);
    await h.settle();

    await h.shipAll(delivered);
    await h.deliver(delivered, 'F1');
    await h.cancel(cancelled);
    await h.settle();
    await h.receiveStock('wh-2', 'SKU-A', 6);
    await h.settle();
    await h.release(held);
    await h.settle();
    orders = { delivered, cancelled, backordered, declined, rejected, held };
  };

  const snapshot = async () => ({
    head: await h.oms.events.headPosition(),
    calls: h.ports.counts(),
    sent: h.ports.logNotifier.sent().length,
    statuses: Object.fromEntries(await Promise.all(Object.entries(orders).map(async ([name, id]) => [name, (await h.order(id)).status]))),
  });

  const redeliver = async (events: StoredEvent[], batchSize: number) => {
    for (let i = 0; i < events.length; i += batchSize) await h.oms.processManager.handleBatch(events.slice(i, i + batchSize));
    await h.settle();
  };

  beforeEach(async () => {
    h = await openWorkflowHarness();
    await runEveryKindOfOrder();
  });
  afterEach(() => h.close());

  it('the log the scenario leaves has every step in it', async () => {
    const statuses = (await snapshot()).statuses;
    expect(statuses).toEqual({
      delivered: 'delivered',
      cancelled: 'cancelled',
      backordered: 'allocated',
      declined: 'payment_failed',
      rejected: 'rejected',
      held: 'allocated',
    });
    const types = new Set((await h.allEvents()).map((e) => e.type));
    for (const type of ['LinesBackordered', 'ReservationReleased', 'ReservationCommitted', 'PaymentCaptured', 'PaymentVoided', 'OrderReleased']) {
      expect(types).toContain(type);
    }
    // The backordered order was served by two later events: a cancellation's release and a receipt.
    const attempts = await h.orderEventsOf<{ allocationId: string }>(orders.backordered, 'InventoryAllocated');
    expect(attempts.map((a) => a.allocationId)).toEqual(['initial', expect.stringMatching(/^restock:/), expect.stringMatching(/^restock:/)]);
  });

  it.each([1, 7, 500])('redelivered to the running process manager in batches of %i', async (batchSize) => {
    const before = await snapshot();
    await redeliver(await h.allEvents(), batchSize);
    expect(await snapshot()).toEqual(before);
  });

  it('redelivered to a restarted process manager (its dedupe memory and the inline queue gone)', async () => {
    h = await h.restart();
    await h.settle();
    const before = await snapshot();
    await redeliver(await h.allEvents(), 13);
    expect(await snapshot()).toEqual(before);
  });

  it('redelivered in reverse order, one event at a time', async () => {
    const before = await snapshot();
    await redeliver((await h.allEvents()).reverse(), 1);
    expect(await snapshot()).toEqual(before);
  });

  it('every job run again after it finished (under a new id, as after a lost acknowledgement) calls no port', async () => {
    const { delivered, cancelled, declined, rejected, backordered } = orders;
    const steps: [string, NextStep][] = [
      [delivered, { kind: 'authorize' }],
      [delivered, { kind: 'label', fulfillmentId: 'F1' }],
      [delivered, { kind: 'capture', fulfillmentId: 'F1' }],
      [delivered, { kind: 'notify', notification: 'confirmation', key: 'order' }],
      [delivered, { kind: 'notify', notification: 'shipped', key: 'F1' }],
      [delivered, { kind: 'notify', notification: 'delivered', key: 'F1' }],
      [cancelled, { kind: 'void' }],
      [cancelled, { kind: 'notify', notification: 'cancelled', key: 'order' }],
      [declined, { kind: 'authorize' }],
      [declined, { kind: 'notify', notification: 'payment_failed', key: 'order' }],
      [rejected, { kind: 'notify', notification: 'rejected', key: 'order' }],
      [backordered, { kind: 'notify', notification: 'backordered', key: 'order' }],
    ];
    const before = await snapshot();
    const jobs = steps.map(([orderId, step]) => {
      const job = jobFor(orderId, step)!;
      return { ...job, id: `${job.id}:again` };
    });
    await h.oms.jobs.enqueueMany(jobs);
    await h.settle();
    expect(await snapshot()).toEqual(before);
    expect((await h.oms.jobs.counts()).failed).toBe(0);
  });
});
