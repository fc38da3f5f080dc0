import { allocateOrder, AllocationDependencies } from '../../../src/commands/workflow/allocate-order';
import { reservationIdFor } from '../../../src/commands/workflow/reservations';
import { CandidateLocation } from '../../../src/domain/allocation';
import { OrderCommand, orderStatus, orderStreamId } from '../../../src/domain/order';
import { atp } from '../../../src/domain/stock';
import { catalog, ORDER_ID, placeOrder, t, validateOrder } from '../order/order-builders';
import { context, interceptStock, location, openWriteSide, WriteSide } from './workflow-fixtures';

const step = { correlationId: 'corr-1', causationId: 'cause-1' };
const RIVAL = '9e8d7c6b-5a49-4382-9716-05f4e3d2c1b0';

describe('allocateOrder: one allocation attempt against the real write side', () => {
  let w: WriteSide;
  let locations: CandidateLocation[];
  let deps: AllocationDependencies;

  beforeEach(() => {
    w = openWriteSide();
    locations = [location('wh-1', { priority: 1 }), location('wh-2', { priority: 2 })];
    deps = { handlers: w.handlers, locations: async () => locations, strategy: 'priority', now: () => new Date(t(3)) };
  });
  afterEach(() => w.store.close());

  const attempt = async (allocationId = 'initial', recordWhenNothingReserved = true) =>
    allocateOrder(deps, await w.order(), allocationId, step, { recordWhenNothingReserved });
  const orderEvents = async () => (await w.events(orderStreamId(ORDER_ID))).map((e) => ({ type: e.type, data: e.data as Record<string, unknown> }));
  const newOrderEvents = async (after: number) => (await orderEvents()).slice(after);

  it('reserves each planned quantity under the attempt\'s reservation ids and records it with the bins', async () => {
    await w.receive('wh-1', 'SKU-A', 5);
    await w.receive('wh-1', 'SKU-B', 5);
    await w.setBin('wh-1', 'SKU-A', 'A-01');
    await w.authorizedOrder();
    const before = (await orderEvents()).length;

    expect(await attempt()).toBe(true);

    expect(await w.reservationEvents('wh-1', 'SKU-A')).toEqual([`StockReserved ${reservationIdFor(ORDER_ID, 'initial', 'L1')}`]);
    expect(await w.reservationEvents('wh-1', 'SKU-B')).toEqual([`StockReserved ${reservationIdFor(ORDER_ID, 'initial', 'L2')}`]);
    const recorded = await newOrderEvents(before);
    expect(recorded.map((e) => e.type)).toEqual(['InventoryAllocated', 'FulfillmentRequested']);
    expect(recorded[1]!.data).toMatchObject({
      allocationId: 'initial',
      locationId: 'wh-1',
      lines: [
        { lineId: 'L1', sku: 'SKU-A', quantity: 2, bin: 'A-01' },
        { lineId: 'L2', sku: 'SKU-B', quantity: 1, bin: null },
      ],
    });
    // The events carry the step's correlation and causation.
    const [allocated] = (await w.events(orderStreamId(ORDER_ID))).slice(before);
    expect(allocated!.metadata).toMatchObject({ correlationId: 'corr-1', causationId: 'cause-1', actor: 'system:allocation' });
  });

  it('re-plans when a concurrent order took the stock its plan counted on', async () => {
    await w.receive('wh-1', 'SKU-A', 2);
    await w.receive('wh-1', 'SKU-B', 1);
    await w.receive('wh-2', 'SKU-A', 2);
    await w.authorizedOrder();
    let rivalled = false;
    interceptStock(w.handlers, async (command, proceed) => {
      if (command.type === 'ReserveStock' && command.data.orderId === ORDER_ID && command.data.sku === 'SKU-A' && !rivalled) {
        rivalled = true; // between our plan and our reservation, a rival takes wh-1's SKU-A
        await w.reserve('wh-1', 'SKU-A', 'rival-1', 2, RIVAL);
      }
      return proceed();
    });

    expect(await attempt()).toBe(true);

    const order = await w.order();
    expect(order.lines.map((line) => line.allocations)).toEqual([{ 'wh-2': 2 }, { 'wh-1': 1 }]);
    const [allocated] = await newOrderEvents(3);
    expect(allocated!.data.decision).toMatchObject({ reason: expect.stringContaining('re-planned, round 2: a concurrent order took stock first') });
    expect(await w.stockState('wh-1', 'SKU-A')).toMatchObject({ onHand: 2, reserved: 2 });
    expect(await w.stockState('wh-2', 'SKU-A')).toMatchObject({ onHand: 2, reserved: 2 });
    expect(await w.reservationEvents('wh-1', 'SKU-A')).toEqual(['StockReserved rival-1']);
  });

  it('gives up after three rounds outrun by rivals and records what still waits (the process manager looks again)', async () => {
    locations = ['wh-1', 'wh-2', 'wh-3', 'wh-4'].map((id, i) => location(id, { priority: i + 1 }));
    for (const l of locations) await w.receive(l.locationId, 'SKU-A', 2);
    await w.authorizedOrder({ lines: [{ sku: 'SKU-A', quantity: 2, unitPrice: 1000 }] });
    let rivals = 0;
    interceptStock(w.handlers, async (command, proceed) => {
      if (command.type === 'ReserveStock' && command.data.orderId === ORDER_ID) {
        rivals += 1;
        await w.reserve(command.data.locationId, 'SKU-A', `rival-${rivals}`, 2, RIVAL);
      }
      return proceed();
    });

    expect(await attempt()).toBe(true);

    expect(rivals).toBe(3);
    expect((await newOrderEvents(3)).map((e) => [e.type, e.data.lines])).toEqual([['LinesBackordered', [{ lineId: 'L1', sku: 'SKU-A', quantity: 2 }]]]);
    expect(atp(await w.stockState('wh-4', 'SKU-A'))).toBe(2);
  });

  it('run again after a crash, takes up what the same attempt reserved instead of reserving twice', async () => {
    await w.receive('wh-1', 'SKU-A', 5);
    await w.receive('wh-1', 'SKU-B', 5);
    await w.authorizedOrder();
    await w.reserve('wh-1', 'SKU-A', reservationIdFor(ORDER_ID, 'initial', 'L1'), 2);

    expect(await attempt()).toBe(true);

    expect(await w.reservationEvents('wh-1', 'SKU-A')).toEqual([`StockReserved ${reservationIdFor(ORDER_ID, 'initial', 'L1')}`]);
    expect(await w.stockState('wh-1', 'SKU-A')).toMatchObject({ reserved: 2 });
    expect((await w.order()).lines.map((line) => [line.lineId, line.allocations])).toEqual([
      ['L1', { 'wh-1': 2 }],
      ['L2', { 'wh-1': 1 }],
    ]);
  });

  it('takes up a part the same attempt reserved at another location, and reserves only the rest', async () => {
    await w.receive('wh-1', 'SKU-A', 1);
    await w.receive('wh-2', 'SKU-A', 5);
    await w.receive('wh-2', 'SKU-B', 5);
    await w.authorizedOrder();
    await w.reserve('wh-1', 'SKU-A', reservationIdFor(ORDER_ID, 'initial', 'L1'), 1);

    expect(await attempt()).toBe(true);

    expect((await w.order()).lines.map((line) => line.allocations)).toEqual([{ 'wh-1': 1, 'wh-2': 1 }, { 'wh-2': 1 }]);
    expect(await w.reservationEvents('wh-1', 'SKU-A')).toHaveLength(1);
  });

  it("leaves another attempt's reservations alone: releasing orphans is recovery's job, not every attempt's", async () => {
    await w.receive('wh-1', 'SKU-A', 5);
    await w.receive('wh-1', 'SKU-B', 5);
    await w.authorizedOrder();
    await w.reserve('wh-1', 'SKU-A', reservationIdFor(ORDER_ID, 'restock:e1', 'L1'), 1);

    expect(await attempt()).toBe(true);

    expect(await w.stockState('wh-1', 'SKU-A')).toMatchObject({ reserved: 3 });
    expect(await w.reservationEvents('wh-1', 'SKU-A')).toEqual([
      `StockReserved ${reservationIdFor(ORDER_ID, 'restock:e1', 'L1')}`,
      `StockReserved ${reservationIdFor(ORDER_ID, 'initial', 'L1')}`,
    ]);
  });

  it('gives every unit back when the order is cancelled while it reserves (recording is refused)', async () => {
    await w.receive('wh-1', 'SKU-A', 5);
    await w.receive('wh-1', 'SKU-B', 5);
    await w.authorizedOrder();
    interceptStock(w.handlers, async (command, proceed) => {
      const outcome = await proceed();
      if (command.type === 'ReserveStock' && command.data.lineId === 'L2') {
        await w.handlers.orders.handle(orderStreamId(ORDER_ID), { type: 'CancelOrder', data: { reason: 'changed mind', at: t(4) } }, context);
      }
      return outcome;
    });

    expect(await attempt()).toBe(false);

    expect(orderStatus(await w.order())).toBe('cancelled');
    expect(await orderEvents()).not.toContainEqual(expect.objectContaining({ type: 'InventoryAllocated' }));
    for (const [sku, lineId] of [['SKU-A', 'L1'], ['SKU-B', 'L2']] as const) {
      const id = reservationIdFor(ORDER_ID, 'initial', lineId);
      expect(await w.reservationEvents('wh-1', sku)).toEqual([`StockReserved ${id}`, `ReservationReleased ${id}`]);
      expect(await w.releaseReasons('wh-1', sku)).toEqual(['cancelled']);
      expect(await w.stockState('wh-1', sku)).toMatchObject({ onHand: 5, reserved: 0 });
    }
  });

  it.each([
    ['rejected', (): OrderCommand => ({ type: 'ValidateOrder', data: { catalog: {}, at: t(2) } })],
    ['payment_failed', (): OrderCommand => ({ type: 'RecordPaymentFailed', data: { code: 'card_declined', reason: 'declined', at: t(2) } })],
  ] as const)('gives the units back as %s when that closed the order while it reserved', async (reason, closing) => {
    await w.receive('wh-1', 'SKU-A', 5);
    await w.receive('wh-1', 'SKU-B', 5);
    const streamId = orderStreamId(ORDER_ID);
    await w.handlers.orders.handle(streamId, placeOrder(), context);
    if (reason === 'payment_failed') await w.handlers.orders.handle(streamId, validateOrder(catalog()), context);
    const seen = await w.order(); // what the attempt was started from, before the order closed
    await w.handlers.orders.handle(streamId, closing(), context);

    expect(await allocateOrder(deps, seen, 'initial', step, { recordWhenNothingReserved: true })).toBe(false);

    expect(await w.releaseReasons('wh-1', 'SKU-A')).toEqual([reason]);
    expect(await w.releaseReasons('wh-1', 'SKU-B')).toEqual([reason]);
    expect(await w.stockState('wh-1', 'SKU-A')).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it('does nothing for a cancelled order, or for an attempt already recorded', async () => {
    await w.receive('wh-1', 'SKU-A', 5);
    await w.receive('wh-1', 'SKU-B', 5);
    await w.authorizedOrder();
    expect(await attempt('initial')).toBe(true);
    const recorded = (await orderEvents()).length;

    expect(await attempt('initial')).toBe(false);
    expect(await orderEvents()).toHaveLength(recorded);

    await w.handlers.orders.handle(orderStreamId(ORDER_ID), { type: 'CancelOrder', data: { reason: 'x', at: t(4) } }, context);
    expect(await attempt('restock:e9')).toBe(false);
    expect(await w.reservationEvents('wh-1', 'SKU-A')).toEqual([`StockReserved ${reservationIdFor(ORDER_ID, 'initial', 'L1')}`]);
  });

  it('with nothing in stock: records the backorder when asked to, else records nothing', async () => {
    await w.authorizedOrder();
    const before = (await orderEvents()).length;

    expect(await attempt('restock:e1', false)).toBe(false);
    expect(await orderEvents()).toHaveLength(before);

    expect(await attempt('initial', true)).toBe(true);
    const recorded = await newOrderEvents(before);
    expect(recorded.map((e) => e.type)).toEqual(['LinesBackordered']);
    expect(recorded[0]!.data.lines).toEqual([
      { lineId: 'L1', sku: 'SKU-A', quantity: 2 },
      { lineId: 'L2', sku: 'SKU-B', quantity: 1 },
    ]);
  });

  it('never allocates from an inactive location', async () => {
    locations = [location('wh-1', { priority: 1, active: false }), location('wh-2', { priority: 2 })];
    await w.receive('wh-1', 'SKU-A', 5);
    await w.receive('wh-1', 'SKU-B', 5);
    await w.receive('wh-2', 'SKU-A', 1);
    await w.authorizedOrder();

    expect(await attempt()).toBe(true);

    expect((await w.order()).lines.map((line) => [line.allocated, line.backordered])).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(await w.stockState('wh-1', 'SKU-A')).toMatchObject({ reserved: 0 });
  });
});
