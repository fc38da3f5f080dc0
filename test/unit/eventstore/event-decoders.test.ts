import path from 'node:path';
import { createCommandHandlers } from '../../../src/commands/command-handlers';
import { HoldNotReleasable, orderStreamId } from '../../../src/domain/order';
import { decodeOrderEvent, orderEvents } from '../../../src/infrastructure/eventstore/event-decoders';
import { NewEvent } from '../../../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../../../src/infrastructure/eventstore/sqlite-event-store';
import { makeTempDir } from '../../support/temp-dir';
import { holdOrder, ORDER_ID, releaseOrder, requested, t } from '../order/order-builders';

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
    expect(orderEvents.schemaVersionOf('OrderReleased')).toBe(1);
  });
});
