import { reservationIdFor } from '../../src/commands/workflow/reservations';
import { openReservations } from '../../src/domain/stock';
import { openWorkflowHarness, RecordingPorts, WorkflowHarness } from '../support/workflow-harness';

const orderIdOf = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
const ORDERS = 6;

/**
 * One script of orders, run once straight through and once with the OMS
 * closed at the worst moments (orders just placed, jobs waiting or waiting
 * out a retry; a cancellation and a receipt just appended; shipments just
 * made) and reopened on the same data folder. Plenty of stock everywhere
 * but where an order is meant to wait, so the outcome does not depend on timing.
 */
async function runScript(h: WorkflowHarness, interrupt: (h: WorkflowHarness) => Promise<WorkflowHarness>): Promise<WorkflowHarness> {
  await h.defineProduct('SKU-A', { unitPrice: 1000 });
  await h.defineProduct('SKU-B', { unitPrice: 2000 });
  await h.defineProduct('SKU-C', { unitPrice: 300 });
  await h.defineProduct('SKU-D', { unitPrice: 700 });
  await h.defineLocation('wh-1', { priority: 1 });
  await h.defineLocation('wh-2', { priority: 2 });
  await h.receiveStock('wh-1', 'SKU-A', 100);
  await h.receiveStock('wh-1', 'SKU-B', 100);
  await h.receiveStock('wh-2', 'SKU-C', 100);

  const place = [
    { lines: [{ sku: 'SKU-A', quantity: 2 }] },
    { lines: [{ sku: 'SKU-A', quantity: 1 }, { sku: 'SKU-C', quantity: 1 }] },
    { lines: [{ sku: 'SKU-B', quantity: 3 }], token: 'tok_timeout' },
    { lines: [{ sku: 'SKU-D', quantity: 1 }] },
    { lines: [{ sku: 'SKU-A', quantity: 1 }], token: 'tok_chargeDeclined' },
    { lines: [{ sku: 'SKU-A', quantity: 1 }] },
  ];
  for (const [index, spec] of place.entries()) await h.placeOrder({ orderId: orderIdOf(index), ...spec });
  h = await interrupt(h);

  await h.cancel(orderIdOf(5));
  await h.receiveStock('wh-2', 'SKU-D', 10);
  h = await interrupt(h);

  for (const index of [0, 1, 2, 3]) {
    const orderId = orderIdOf(index);
    for (const f of Object.keys((await h.order(orderId)).fulfillments)) {
      await h.pick(orderId, f);
      await h.pack(orderId, f);
    }
  }
  await h.settle();
  for (const index of [0, 1, 2, 3]) {
    const orderId = orderIdOf(index);
    for (const f of Object.keys((await h.order(orderId)).fulfillments)) await h.ship(orderId, f);
  }
  h = await interrupt(h);

  for (const index of [0, 1]) {
    const orderId = orderIdOf(index);
    for (const f of Object.keys((await h.order(orderId)).fulfillments)) await h.deliver(orderId, f);
  }
  h = await interrupt(h);
  return h;
}

/** What must come out the same: per order its status, allocations, captures and notifications; stock per location. */
async function outcomeOf(h: WorkflowHarness) {
  const orders = [];
  for (let index = 0; index < ORDERS; index++) {
    const orderId = orderIdOf(index);
    const order = await h.order(orderId);
    orders.push({
      status: order.status,
      allocated: order.lines.map((line) => line.allocations),
      // A sandbox tracking number ends with its purchase time, which two runs do not share: the label's key part is compared.
      fulfillments: Object.values(order.fulfillments).map((f) => [f.fulfillmentId, f.locationId, f.status, f.label?.trackingNumber.slice(0, 15) ?? null]),
      captures: (await h.orderEventsOf<{ fulfillmentId: string; amount: number }>(orderId, 'PaymentCaptured')).map((c) => [c.fulfillmentId, c.amount]),
      voided: (await h.orderEventsOf(orderId, 'PaymentVoided')).length,
      notified: (await h.notificationsRecorded(orderId)).sort(),
      delivered: h.ports.sentTo(orderId).map((message) => message.kind).sort(),
    });
  }
  const stock: Record<string, unknown> = {};
  for (const [locationId, sku] of [['wh-1', 'SKU-A'], ['wh-1', 'SKU-B'], ['wh-2', 'SKU-C'], ['wh-2', 'SKU-D']] as const) {
    const { onHand, reserved } = await h.stock(locationId, sku);
    stock[`${locationId}/${sku}`] = { onHand, reserved };
  }
  return { orders, stock };
}

describe('the process manager stopped mid-workflow and restarted', () => {
  const harnesses: WorkflowHarness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });

  it('reaches the same outcome as a run that was never interrupted', async () => {
    const straight = await runScript(await openWorkflowHarness(), async (h) => {
      await h.settle();
      return h;
    });
    harnesses.push(straight);
    const expected = await outcomeOf(straight);

    let restarts = 0;
    const interrupted = await runScript(await openWorkflowHarness(), async (h) => {
      restarts += 1;
      const reopened = await h.restart();
      await reopened.settle();
      return reopened;
    });
    harnesses.push(interrupted);

    expect(restarts).toBe(4);
    expect(await outcomeOf(interrupted)).toEqual(expected);
    // Sanity: the script did reach every kind of outcome.
    expect(expected.orders.map((o) => o.status)).toEqual(['delivered', 'delivered', 'shipped', 'shipped', 'payment_failed', 'cancelled']);
    expect(expected.orders[1]!.captures).toHaveLength(2);
    expect(expected.orders[5]!.voided).toBe(1);
  });

  it('carries on the orders whose jobs were lost with the queue, and retries a payment that was waiting out its backoff', async () => {
    const ports = new RecordingPorts();
    let h = await openWorkflowHarness({ ports });
    harnesses.push(h);
    await h.defineProduct('SKU-A');
    await h.defineLocation('wh-1');
    await h.receiveStock('wh-1', 'SKU-A', 10);
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 1 }], token: 'tok_timeout' });
    while (ports.calls.authorize.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    expect((await h.oms.jobs.counts()).delayed).toBe(1);

    h = await h.restart();
    harnesses.push(h);
    await h.settle();

    expect((await h.order(orderId)).status).toBe('allocated');
    expect(ports.calls.authorize).toHaveLength(2);
    expect(new Set(ports.calls.authorize.map((call) => call.idempotencyKey)).size).toBe(1);
    expect(await h.notificationsRecorded(orderId)).toEqual(['confirmation:order']);
  });
});

describe('a crash between reserving stock and recording the allocation', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openWorkflowHarness();
    await h.defineProduct('SKU-A');
    await h.defineProduct('SKU-B');
    await h.defineLocation('wh-1');
    await h.receiveStock('wh-1', 'SKU-B', 5);
  });
  afterEach(() => h.close());

  const reservationsOf = async (sku: string) => {
    const events = await h.stockEvents('wh-1', sku);
    const idsOf = (type: string) => events.filter((e) => e.type === type).map((e) => (e.data as { reservationId: string }).reservationId);
    return { reserved: idsOf('StockReserved'), released: idsOf('ReservationReleased') };
  };

  it('the restarted first attempt reuses the reservation it made instead of reserving twice', async () => {
    await h.receiveStock('wh-1', 'SKU-A', 5);
    const orderId = '33333333-3333-4333-8333-333333333333';
    // The process dies after L1 is reserved and before L2 is, so before anything is recorded on the order.
    h.interceptStockCommands(async (command, proceed) => {
      if (command.type === 'ReserveStock' && command.data.orderId === orderId && command.data.lineId === 'L2') throw new Error('killed');
      return proceed();
    });
    await h.placeOrder({ orderId, lines: [{ sku: 'SKU-A', quantity: 2 }, { sku: 'SKU-B', quantity: 3 }] });
    expect(await h.processManagerFailure()).toBe('killed');
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ reserved: 2 });
    expect(await h.orderEventsOf(orderId, 'InventoryAllocated')).toEqual([]);

    h = await h.restart();
    await h.settle();

    expect((await h.order(orderId)).status).toBe('allocated');
    expect(await h.orderEventsOf(orderId, 'InventoryAllocated')).toEqual([
      expect.objectContaining({
        allocationId: 'initial',
        allocations: expect.arrayContaining([
          { lineId: 'L1', sku: 'SKU-A', locationId: 'wh-1', quantity: 2 },
          { lineId: 'L2', sku: 'SKU-B', locationId: 'wh-1', quantity: 3 },
        ]),
      }),
    ]);
    expect(await reservationsOf('SKU-A')).toEqual({ reserved: [reservationIdFor(orderId, 'initial', 'L1')], released: [] });
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ onHand: 5, reserved: 2 });
    expect(await h.stock('wh-1', 'SKU-B')).toMatchObject({ onHand: 5, reserved: 3 });

    // The reservation it reused is the one shipping commits.
    await h.shipAll(orderId);
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await h.stock('wh-1', 'SKU-B')).toMatchObject({ onHand: 2, reserved: 0 });
  });

  it('a restock attempt cut short leaves no units stranded: the restarted workflow allocates them to the order', async () => {
    const orderId = '44444444-4444-4444-8444-444444444444';
    await h.placeOrder({ orderId, lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await h.settle();
    expect((await h.order(orderId)).status).toBe('backordered');

    // The receipt's retry reserves for the order, then the process dies before recording it.
    h.interceptStockCommands(async (command, proceed) => {
      const outcome = await proceed();
      if (command.type === 'ReserveStock' && command.data.orderId === orderId) throw new Error('killed');
      return outcome;
    });
    await h.receiveStock('wh-1', 'SKU-A', 2);
    expect(await h.processManagerFailure()).toBe('killed');
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ onHand: 2, reserved: 2 });

    h = await h.restart();
    await h.settle();

    const order = await h.order(orderId);
    expect(order.status).toBe('allocated');
    expect(order.lines[0]).toMatchObject({ allocated: 2, backordered: 0 });
    const stock = await h.stock('wh-1', 'SKU-A');
    expect(stock).toMatchObject({ onHand: 2, reserved: 2 });
    // Whatever stays reserved belongs to an attempt the order recorded: the one its fulfilment ships.
    const [fulfilment] = Object.values(order.fulfillments);
    expect(fulfilment!.allocationId).toMatch(/^restock:/);
    expect(openReservations(stock).map(([id, r]) => [id, r.quantity])).toEqual([[reservationIdFor(orderId, fulfilment!.allocationId, 'L1'), 2]]);
  });
});
