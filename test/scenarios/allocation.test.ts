import { AllocationStrategy } from '../../src/domain/allocation';
import { orderTotals } from '../../src/domain/order';
import { LocationSpec, openWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

type Decision = { strategy: string; reason: string; candidates: { locationId: string; rank: number; atp: Record<string, number> }[] };
type Allocated = { allocations: { lineId: string; sku: string; locationId: string; quantity: number }[]; decision: Decision };

describe('allocation across locations', () => {
  let h: WorkflowHarness;

  const open = async (strategy: AllocationStrategy, locations: Record<string, LocationSpec & { stock: number }>) => {
    h = await openWorkflowHarness({ strategy });
    await h.defineProduct('SKU-A', { unitPrice: 500 }); // 5 units stay below free shipping
    for (const [locationId, { stock, ...spec }] of Object.entries(locations)) {
      await h.defineLocation(locationId, spec);
      if (stock > 0) await h.receiveStock(locationId, 'SKU-A', stock);
    }
  };
  const allocationOf = async (orderId: string) => {
    const recorded = await h.orderEventsOf<Allocated>(orderId, 'InventoryAllocated');
    expect(recorded).toHaveLength(1);
    return recorded[0]!;
  };
  const reservedAt = async (...locationIds: string[]) =>
    Object.fromEntries(await Promise.all(locationIds.map(async (id) => [id, (await h.stock(id, 'SKU-A')).reserved])));

  afterEach(() => h.close());

  it('splits an order no single location can hold over two, says why, and captures each shipped part', async () => {
    await open('priority', { 'wh-a': { priority: 1, stock: 3 }, 'wh-b': { priority: 2, stock: 3 } });
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 5 }] });
    await h.settle();

    const { allocations, decision } = await allocationOf(orderId);
    expect(allocations).toEqual([
      { lineId: 'L1', sku: 'SKU-A', locationId: 'wh-a', quantity: 3 },
      { lineId: 'L1', sku: 'SKU-A', locationId: 'wh-b', quantity: 2 },
    ]);
    expect(decision.strategy).toBe('priority');
    expect(decision.candidates.map(({ locationId, rank, atp }) => ({ locationId, rank, atp }))).toEqual([
      { locationId: 'wh-a', rank: 1, atp: { 'SKU-A': 3 } },
      { locationId: 'wh-b', rank: 2, atp: { 'SKU-A': 3 } },
    ]);
    expect(decision.reason).toMatch(/^no single location holds every line; 2 locations cover it/);
    expect((await h.orderEventsOf<{ locationId: string }>(orderId, 'FulfillmentRequested')).map((f) => f.locationId)).toEqual(['wh-a', 'wh-b']);
    expect(await reservedAt('wh-a', 'wh-b')).toEqual({ 'wh-a': 3, 'wh-b': 2 });
    expect(await h.orderEventsOf(orderId, 'LinesBackordered')).toEqual([]);

    // Each fulfilment ships on its own; each shipment commits its own reservation and captures its part.
    await h.pick(orderId, 'F2');
    await h.pack(orderId, 'F2');
    await h.settle();
    await h.ship(orderId, 'F2');
    await h.settle();
    let order = await h.order(orderId);
    expect(order.status).toBe('partially_shipped');
    expect(await h.stock('wh-b', 'SKU-A')).toMatchObject({ onHand: 1, reserved: 0 });
    expect(await h.stock('wh-a', 'SKU-A')).toMatchObject({ onHand: 3, reserved: 3 });
    const shipping = order.shippingCost;
    expect(await h.orderEventsOf(orderId, 'PaymentCaptured')).toEqual([expect.objectContaining({ fulfillmentId: 'F2', amount: 1000 + shipping })]);
    expect(order.payment.status).toBe('partially_captured');

    await h.pick(orderId, 'F1');
    await h.pack(orderId, 'F1');
    await h.settle();
    await h.ship(orderId, 'F1');
    await h.settle();
    order = await h.order(orderId);
    expect(order.fulfillments.F1!.status).toBe('shipped');
    expect(order.status).toBe('shipped');
    const captures = await h.orderEventsOf<{ fulfillmentId: string; amount: number }>(orderId, 'PaymentCaptured');
    expect(captures.map((c) => [c.fulfillmentId, c.amount])).toEqual([
      ['F2', 1000 + shipping],
      ['F1', 1500],
    ]);
    expect(captures.reduce((sum, c) => sum + c.amount, 0)).toBe(orderTotals(order).grand);
    expect(order.payment.status).toBe('captured');
    expect(await reservedAt('wh-a', 'wh-b')).toEqual({ 'wh-a': 0, 'wh-b': 0 });
    expect(await h.notificationsRecorded(orderId)).toEqual(['confirmation:order', 'shipped:F2', 'shipped:F1']);
  });

  it('captures every part when the parts ship together, the shipping cost once', async () => {
    await open('priority', { 'wh-a': { priority: 1, stock: 3 }, 'wh-b': { priority: 2, stock: 3 } });
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 5 }] });
    await h.settle();
    for (const f of ['F1', 'F2']) {
      await h.pick(orderId, f);
      await h.pack(orderId, f);
    }
    await h.settle();
    // Both shipments reach the workflow in one batch, so both captures are due at once.
    await h.stopProcessManager();
    await h.ship(orderId, 'F1');
    await h.ship(orderId, 'F2');
    await h.startProcessManager();
    await h.settle();

    const order = await h.order(orderId);
    expect(order.shippingCost).toBeGreaterThan(0);
    const captures = await h.orderEventsOf<{ fulfillmentId: string; amount: number }>(orderId, 'PaymentCaptured');
    expect(captures.map((c) => c.fulfillmentId).sort()).toEqual(['F1', 'F2']);
    expect(captures.reduce((sum, c) => sum + c.amount, 0)).toBe(orderTotals(order).grand);
    expect(order.payment).toMatchObject({ status: 'captured', capturedAmount: orderTotals(order).grand });
    expect((await h.oms.jobs.counts()).failed).toBe(0);
  });

  it('prefers one location that holds the whole order, even one ranked lower', async () => {
    await open('priority', {
      'wh-a': { priority: 1, stock: 3 },
      'wh-b': { priority: 2, stock: 2 },
      'wh-c': { priority: 3, stock: 10 },
    });
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 5 }] });
    await h.settle();

    const { allocations, decision } = await allocationOf(orderId);
    expect(allocations).toEqual([{ lineId: 'L1', sku: 'SKU-A', locationId: 'wh-c', quantity: 5 }]);
    expect(decision.reason).toBe(
      'wh-c can fulfil the whole order and ranks 3rd by priority (3); no better-ranked location holds every line',
    );
    expect(decision.candidates.map((c) => c.locationId)).toEqual(['wh-a', 'wh-b', 'wh-c']);
    expect(await reservedAt('wh-a', 'wh-b', 'wh-c')).toEqual({ 'wh-a': 0, 'wh-b': 0, 'wh-c': 5 });
    expect(Object.values((await h.order(orderId)).fulfillments).map((f) => f.locationId)).toEqual(['wh-c']);
  });

  const everyoneHoldsEnough = {
    'wh-ca': { priority: 0, country: 'CA', postalCode: 'M5V 2T6', stock: 5 },
    'wh-ny': { priority: 1, country: 'US', postalCode: '10001', stock: 5 },
    'wh-il': { priority: 5, country: 'US', postalCode: '62704', stock: 8 },
    'wh-big': { priority: 9, country: 'US', postalCode: '98101', stock: 40 },
  };

  it.each<[AllocationStrategy, string, string[]]>([
    ['priority', 'wh-ca', ['wh-ca', 'wh-ny', 'wh-il', 'wh-big']],
    ['nearest', 'wh-il', ['wh-il', 'wh-ny', 'wh-big', 'wh-ca']],
    ['most-stock', 'wh-big', ['wh-big', 'wh-il', 'wh-ca', 'wh-ny']],
  ])('with the %s strategy the order goes to %s', async (strategy, chosen, ranking) => {
    await open(strategy, everyoneHoldsEnough);
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }], country: 'US', postalCode: '62701' });
    await h.settle();

    const { allocations, decision } = await allocationOf(orderId);
    expect(allocations).toEqual([{ lineId: 'L1', sku: 'SKU-A', locationId: chosen, quantity: 2 }]);
    expect(decision.strategy).toBe(strategy);
    expect(decision.candidates.map((c) => c.locationId)).toEqual(ranking);
    expect(decision.reason).toMatch(new RegExp(`^${chosen} can fulfil the whole order and ranks first by ${strategy}`));
    expect((await h.stock(chosen, 'SKU-A')).reserved).toBe(2);
  });

  it('leaves an inactive location out, and says so', async () => {
    await open('priority', { 'wh-a': { priority: 1, stock: 9, active: false }, 'wh-b': { priority: 2, stock: 9 } });
    const orderId = await h.placeOrder({ lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await h.settle();

    const { allocations, decision } = await allocationOf(orderId);
    expect(allocations.map((a) => a.locationId)).toEqual(['wh-b']);
    expect(decision.reason).toContain('wh-a holds stock but is inactive, so not considered');
  });
});
