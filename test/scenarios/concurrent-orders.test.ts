import { stockInvariantBreaches, openWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

const SKU = 'SKU-HOT';

const layouts: [string, Record<string, number>][] = [
  ['one location', { 'wh-1': 10 }],
  ['four locations', { 'wh-1': 3, 'wh-2': 3, 'wh-3': 2, 'wh-4': 2 }],
  ['ten locations of one unit', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`wh-${i + 1}`, 1]))],
];

describe('40 one-unit orders racing for 10 units', () => {
  let h: WorkflowHarness;

  afterEach(() => h.close());

  const open = async (stock: Record<string, number>) => {
    h = await openWorkflowHarness();
    await h.defineProduct(SKU);
    let priority = 1;
    for (const [locationId, units] of Object.entries(stock)) {
      await h.defineLocation(locationId, { priority: priority++ });
      await h.receiveStock(locationId, SKU, units);
    }
  };

  const placeForty = () => Promise.all(Array.from({ length: 40 }, () => h.placeOrder({ lines: [{ sku: SKU, quantity: 1 }] })));

  /** Exactly 10 allocated and 30 backordered, every unit reserved once, no stream ever promising more than it held. */
  const expectTenAllocated = async (orderIds: string[], stock: Record<string, number>) => {
    const orders = await Promise.all(orderIds.map((orderId) => h.order(orderId)));
    const statuses = orders.map((order) => order.status);
    expect(statuses.filter((status) => status === 'allocated')).toHaveLength(10);
    expect(statuses.filter((status) => status === 'backordered')).toHaveLength(30);
    expect(orders.reduce((sum, order) => sum + order.lines[0]!.allocated, 0)).toBe(10);

    for (const locationId of Object.keys(stock)) {
      const events = await h.stockEvents(locationId, SKU);
      expect(stockInvariantBreaches(events)).toEqual([]);
      const state = await h.stock(locationId, SKU);
      expect(state).toMatchObject({ onHand: stock[locationId], reserved: stock[locationId] });
      // What is still reserved is exactly what the orders recorded there.
      const recorded = orders.reduce((sum, order) => sum + (order.lines[0]!.allocations[locationId] ?? 0), 0);
      expect(state.reserved).toBe(recorded);
    }
  };

  it.each(layouts)('as they arrive, over %s', async (_, stock) => {
    await open(stock);
    const orderIds = await placeForty();
    await h.settle();
    await expectTenAllocated(orderIds, stock);
  });

  it.each(layouts)('all reaching allocation in one batch, over %s', async (_, stock) => {
    await open(stock);
    await h.stopProcessManager();
    const orderIds = await placeForty();
    await Promise.all(orderIds.map((orderId) => h.validateAndAuthorize(orderId)));
    await h.startProcessManager();
    await h.settle();
    await expectTenAllocated(orderIds, stock);
  });
});
