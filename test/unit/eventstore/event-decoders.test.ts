import path from 'node:path';
import { createCommandHandlers } from '../../../src/commands/command-handlers';
import { HoldNotReleasable, orderStreamId } from '../../../src/domain/order';
import { decodeAnyEvent, decodeOrderEvent, decodeStockEvent, orderEvents, stockEvents } from '../../../src/infrastructure/eventstore/event-decoders';
import { NewEvent } from '../../../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../../../src/infrastructure/eventstore/sqlite-event-store';
import { makeTempDir } from '../../support/temp-dir';
import { holdOrder, ORDER_ID, placeOrderData, releaseOrder, requested, t } from '../order/order-builders';

const stored = (event: { type: string; data: unknown }, schemaVersion: number, index: number): NewEvent => ({
  ...event,
  metadata: { eventId: `e-${index}`, correlationId: 'c', causationId: null, actor: 'test', occurredAt: t(index), schemaVersion },
});

/** A hold as version 1 wrote it, before holds named who placed them. */
const heldV1 = { type: 'OrderHeld', data: { reason: 'address check', heldAt: t(20) } };

describe('order event decoding', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: SqliteEventStore;
  const streamId = orderStreamId(ORDER_ID);

  beforeEach(async () => {
    temp = makeTempDir();
    store = new SqliteEventStore({ filename: path.join(temp.dir, 'events.db') });
    const history: { type: string; data: unknown }[] = [...requested(), heldV1];
    await store.append(streamId, history.map((event, index) => stored(event, 1, index)));
  });

  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it('reads a version 1 hold from the store as an admin hold', async () => {
    const events = await store.readStream(streamId);
    const hold = decodeOrderEvent(events[events.length - 1]!);
    expect(hold).toMatchObject({ type: 'OrderHeld', data: { reason: 'address check', heldAt: t(20), by: 'admin', channel: null } });
    expect(hold.revision).toBe(events.length - 1);
    // every other event was written at its current version and passes the schema as stored
    for (const event of events) expect(() => orderEvents.decodeStrictly(event)).not.toThrow();
  });

  it('keeps the placer of a version 1 hold that already named one', async () => {
    await store.append(streamId, [stored({ type: 'OrderHeld', data: { reason: 'check', heldAt: t(21), by: 'client', channel: 'web' } }, 1, 98)]);
    const events = await store.readStream(streamId);
    expect(decodeOrderEvent(events[events.length - 1]!).data).toEqual({ reason: 'check', heldAt: t(21), by: 'client', channel: 'web' });
  });

  it('folds a version 1 hold on the write side as one only an admin may lift', async () => {
    const handlers = createCommandHandlers(store);
    await expect(handlers.orders.handle(streamId, releaseOrder(t(30), { by: 'client', channel: 'web' }), { actor: 'web', correlationId: 'c' })).rejects.toThrow(
      HoldNotReleasable,
    );
    const { events } = await handlers.orders.handle(streamId, releaseOrder(t(31)), { actor: 'admin', correlationId: 'c' });
    expect(events.map((e) => e.type)).toEqual(['OrderReleased']);
  });

  it('writes holds at version 2, which are read as written', async () => {
    const handlers = createCommandHandlers(store);
    await handlers.orders.handle(streamId, releaseOrder(t(31)), { actor: 'admin', correlationId: 'c' });
    await handlers.orders.handle(streamId, holdOrder('fraud review', t(32), { by: 'client', channel: 'web' }), { actor: 'web', correlationId: 'c' });
    const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    expect(last!.metadata.schemaVersion).toBe(2);
    expect(orderEvents.decodeStrictly(last!)).toMatchObject({ data: { by: 'client', channel: 'web' } });
    expect(decodeOrderEvent(last!)).toBe(last);
  });

  it('refuses an old event that no upcaster makes valid, rather than folding it', async () => {
    await store.append(streamId, [stored({ type: 'OrderHeld', data: { heldAt: t(40) } }, 1, 99)]);
    const events = await store.readStream(streamId);
    expect(() => decodeOrderEvent(events[events.length - 1]!)).toThrow(/reason/);
  });

  it('versions each event type by its own changes', () => {
    expect(orderEvents.schemaVersionOf('OrderHeld')).toBe(2);
    expect(orderEvents.schemaVersionOf('OrderPlaced')).toBe(2);
    expect(orderEvents.schemaVersionOf('OrderReleased')).toBe(1);
    expect(stockEvents.schemaVersionOf('ReservationReleased')).toBe(2);
    expect(stockEvents.schemaVersionOf('StockReserved')).toBe(1);
  });
});

describe('OrderPlaced written with the card token (version 1)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: SqliteEventStore;
  const streamId = orderStreamId(ORDER_ID);
  const [placed] = requested();
  const placedData = placed!.data as Record<string, unknown>;

  beforeEach(async () => {
    temp = makeTempDir();
    store = new SqliteEventStore({ filename: path.join(temp.dir, 'events.db') });
  });

  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it('is read as version 2, without the token, by the fold, the audit and the strict decoder alike', async () => {
    const withToken = { type: 'OrderPlaced', data: { ...placedData, payment: { method: 'card', token: 'tok_legacy_4242' } } };
    await store.append(streamId, [stored(withToken, 1, 0)]);
    const [event] = await store.readStream(streamId);
    expect(decodeOrderEvent(event!)).toEqual({ ...event, type: 'OrderPlaced', data: { ...placedData, payment: { method: 'card' } } });
    expect(JSON.stringify(decodeAnyEvent(event!).data)).not.toContain('tok_legacy_4242');
    expect(orderEvents.decodeStrictly(event!).data).toEqual(placedData);
  });

  it('is written at version 2 today, and read as written', async () => {
    const handlers = createCommandHandlers(store);
    await handlers.orders.handle(streamId, { type: 'PlaceOrder', data: placeOrderData() }, { actor: 'web', correlationId: 'c' });
    const [event] = await store.readStream(streamId);
    expect(event!.metadata.schemaVersion).toBe(2);
    expect(decodeOrderEvent(event!)).toBe(event);
  });
});

describe('ReservationReleased written with a free-text reason (version 1)', () => {
  const release = (reason: string) => ({
    type: 'ReservationReleased',
    data: { locationId: 'wh-1', sku: 'SKU-A', reservationId: 'r1', orderId: ORDER_ID, quantity: 2, reason, releasedAt: t(5) },
  });
  const at = (event: ReturnType<typeof release>, schemaVersion: number) =>
    ({ ...stored(event, schemaVersion, 0), streamId: 'stock-wh-1-SKU-A', revision: 0, position: 1n }) as const;

  it.each([
    ['order cancelled', 'cancelled'],
    ['rejected by validation', 'rejected'],
    ['Payment failed', 'payment_failed'],
    ['orphaned reservation', 'orphaned_reservation'],
    ['edited order', 'edit'],
    ['released by hand', 'cancelled'],
  ])('reads "%s" as %s', (text, reason) => {
    expect(decodeStockEvent(at(release(text), 1)).data).toMatchObject({ reason });
  });

  it("keeps a version 1 release that already named one of today's reasons", () => {
    expect(decodeStockEvent(at(release('payment_failed'), 1)).data).toMatchObject({ reason: 'payment_failed' });
  });

  it('reads a version 2 release as written, and the strict decoder refuses free text at version 2', () => {
    const current = at(release('edit'), 2);
    expect(decodeStockEvent(current)).toBe(current);
    expect(() => stockEvents.decodeStrictly(at(release('order cancelled'), 2))).toThrow(/reason/);
  });
});
