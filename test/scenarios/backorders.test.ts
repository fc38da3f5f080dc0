import { atp, StockCommand } from '../../src/domain/stock';
import { minute, openWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

/** Ids that sort against age, so "oldest first" cannot pass by sorting on the id. */
const OLDER = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
const NEWER = '00000000-0000-4000-8000-000000000001';

describe('backorders', () => {
  let h: WorkflowHarness;

  beforeEach(async () => {
    h = await openWorkflowHarness();
    await h.defineProduct('SKU-A');
    await h.defineLocation('wh-1', { priority: 1 });
    await h.defineLocation('wh-2', { priority: 2 });
  });
  afterEach(() => h.close());

  const placeBoth = async (quantity: number) => {
    await h.placeOrder({ orderId: OLDER, lines: [{ sku: 'SKU-A', quantity }], at: minute(0) });
    await h.placeOrder({ orderId: NEWER, lines: [{ sku: 'SKU-A', quantity }], at: minute(5) });
    await h.settle();
  };

  it('an order with no stock anywhere is backordered and the customer told once', async () => {
    await placeBoth(2);
    for (const orderId of [OLDER, NEWER]) {
      const order = await h.order(orderId);
      expect(order.status).toBe('backordered');
      expect(await h.orderEventsOf(orderId, 'LinesBackordered')).toEqual([
        expect.objectContaining({ allocationId: 'initial', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 2 }] }),
      ]);
      expect(await h.orderEventsOf(orderId, 'InventoryAllocated')).toEqual([]);
      expect((await h.notificationsRecorded(orderId)).sort()).toEqual(['backordered:order', 'confirmation:order']);
    }
  });

  it('stock received goes to the oldest waiting order first', async () => {
    await placeBoth(2);
    await h.receiveStock('wh-2', 'SKU-A', 2);
    await h.settle();

    const older = await h.order(OLDER);
    expect(older.status).toBe('allocated');
    expect(older.lines[0]).toMatchObject({ allocated: 2, backordered: 0 });
    const [allocated] = await h.orderEventsOf<{ allocationId: string; allocations: unknown[] }>(OLDER, 'InventoryAllocated');
    expect(allocated!.allocationId).toMatch(/^restock:/);
    expect(allocated!.allocations).toEqual([{ lineId: 'L1', sku: 'SKU-A', locationId: 'wh-2', quantity: 2 }]);
    expect(Object.values(older.fulfillments).map((f) => f.locationId)).toEqual(['wh-2']);

    expect((await h.order(NEWER)).status).toBe('backordered');
    expect(await h.orderEventsOf(NEWER, 'InventoryAllocated')).toEqual([]);
    expect(await h.stock('wh-2', 'SKU-A')).toMatchObject({ onHand: 2, reserved: 2 });

    // The next receipt serves the one still waiting.
    await h.receiveStock('wh-1', 'SKU-A', 5);
    await h.settle();
    expect((await h.order(NEWER)).status).toBe('allocated');
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ onHand: 5, reserved: 2 });
    // The backorder notice went out once, not again on allocation.
    expect((await h.notificationsRecorded(NEWER)).filter((n) => n.startsWith('backordered'))).toHaveLength(1);
  });

  it('a receipt short of the oldest order allocates what it can and keeps the rest waiting', async () => {
    await placeBoth(3);
    await h.receiveStock('wh-1', 'SKU-A', 2);
    await h.settle();

    const older = await h.order(OLDER);
    expect(older.status).toBe('partially_allocated');
    expect(older.lines[0]).toMatchObject({ allocated: 2, backordered: 1 });
    expect(Object.values(older.fulfillments).map((f) => f.lines)).toEqual([[{ lineId: 'L1', sku: 'SKU-A', quantity: 2, bin: null }]]);
    expect((await h.order(NEWER)).lines[0]).toMatchObject({ allocated: 0, backordered: 3 });

    await h.receiveStock('wh-1', 'SKU-A', 2);
    await h.settle();
    expect((await h.order(OLDER)).lines[0]).toMatchObject({ allocated: 3, backordered: 0 });
    expect((await h.order(NEWER)).lines[0]).toMatchObject({ allocated: 1, backordered: 2 });
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ onHand: 4, reserved: 4 });
  });

  it('units a cancelled order gives back go to the order waiting for them', async () => {
    await h.receiveStock('wh-1', 'SKU-A', 2);
    const first = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }], at: minute(0) });
    await h.settle();
    const waiting = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }], at: minute(1) });
    await h.settle();
    expect((await h.order(waiting)).status).toBe('backordered');

    await h.cancel(first);
    await h.settle();
    expect((await h.order(first)).status).toBe('cancelled');
    expect((await h.order(waiting)).status).toBe('allocated');
    expect(await h.stock('wh-1', 'SKU-A')).toMatchObject({ onHand: 2, reserved: 2 });
  });

  it('units left free when rivals outran every re-plan still go to the order that waits for them', async () => {
    for (const locationId of ['wh-3', 'wh-4', 'wh-5']) await h.defineLocation(locationId, { priority: 3 });
    for (const locationId of ['wh-1', 'wh-2', 'wh-3', 'wh-4', 'wh-5']) await h.receiveStock(locationId, 'SKU-A', 1);
    const orderId = '11111111-1111-4111-8111-111111111111';
    const rival = '22222222-2222-4222-8222-222222222222';

    // Another process's orders take the units of each location this order plans on, just before it reserves: three times.
    const stock = h.oms.handlers.stock;
    const handle = stock.handle.bind(stock);
    let outrun = 0;
    stock.handle = async (streamId: string, command: StockCommand, context: Parameters<typeof handle>[2]) => {
      if (command.type === 'ReserveStock' && command.data.orderId === orderId && outrun < 3) {
        outrun += 1;
        const { state } = await stock.load(streamId);
        const taken = { ...command.data, reservationId: `rival-${outrun}`, orderId: rival, quantity: atp(state) };
        await handle(streamId, { type: 'ReserveStock', data: taken }, context);
      }
      return handle(streamId, command, context);
    };

    await h.placeOrder({ orderId, lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.settle();

    expect(outrun).toBe(3);
    const order = await h.order(orderId);
    expect(order.status).toBe('allocated');
    expect(order.lines[0]).toMatchObject({ allocated: 1, backordered: 0 });
    const free = await Promise.all(['wh-1', 'wh-2', 'wh-3', 'wh-4', 'wh-5'].map(async (id) => atp(await h.stock(id, 'SKU-A'))));
    expect(free.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
