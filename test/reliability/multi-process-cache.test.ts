/**
 * Two handles on one events file stand for two threads or processes. A
 * handle keeps the latest state of hot aggregates in memory and trusts it
 * while it has not learnt that another handle appended to that stream. The
 * process manager decides from that state as it reads the log: so whatever a
 * handle hands out from the log, it must already count as changed, or the
 * process manager decides on a state older than the event it is handling
 * (seen as a packed fulfilment that never got its label: the label job was
 * never asked for, because the order still looked only picked).
 */
import path from 'node:path';
import { createCommandHandlers } from '../../src/commands/command-handlers';
import { stockStreamId } from '../../src/domain/stock';
import { SqliteEventStore } from '../../src/infrastructure/eventstore/sqlite-event-store';
import { makeTempDir } from '../support/temp-dir';

const context = { actor: 'test:cache', correlationId: 'test-cache' };
const at = () => new Date().toISOString();
const streamId = stockStreamId('wh-1', 'SKU-1');
const receive = (quantity: number) =>
  ({ type: 'ReceiveStock', data: { locationId: 'wh-1', sku: 'SKU-1', quantity, reference: null, at: at() } }) as const;
const reserve = (reservationId: string, quantity: number) =>
  ({
    type: 'ReserveStock',
    data: { locationId: 'wh-1', sku: 'SKU-1', reservationId, orderId: '00000000-0000-7000-8000-000000000001', lineId: 'L1', quantity, at: at() },
  }) as const;

/**
 * Two handles on one fresh events file, with command handlers on each;
 * closed in afterAll. The periodic check runs too seldom to matter during a
 * test: only what a handle reads (or is told by its siblings) can tell it.
 */
function twoHandles() {
  const temp = makeTempDir('oms-cache-');
  const filename = path.join(temp.dir, 'events.db');
  const other = new SqliteEventStore({ filename, crossProcessCheckMs: 60_000 });
  const mine = new SqliteEventStore({ filename, crossProcessCheckMs: 60_000 });
  afterAll(async () => {
    await other.close();
    await mine.close();
    await temp.remove();
  });
  return { mine, other, myHandlers: createCommandHandlers(mine, { streamCache: { otherWriters: mine } }),
    otherHandlers: createCommandHandlers(other, { streamCache: { otherWriters: other } }),
  };
}

describe('a handle that reads another handle\u2019s events from the log', () => {
  const { mine, myHandlers, otherHandlers } = twoHandles();

  it('answers the state of that stream with those events in it, when read through readAll', async () => {
    await myHandlers.stock.handle(streamId, receive(10), context); // cached here at revision 0
    const before = await mine.headPosition();
    await otherHandlers.stock.handle(streamId, reserve('r1', 4), context);

    const read = await mine.readAll({ after: before });
    expect(read.map((event) => event.type)).toEqual(['StockReserved']);
    const { state, revision } = await myHandlers.stock.load(streamId);
    expect({ revision, reserved: state.reserved }).toEqual({ revision: read[0]!.revision, reserved: 4 });
  });

  it('answers the state of that stream with those events in it, when delivered by a subscription', async () => {
    const before = await mine.headPosition();
    await otherHandlers.stock.handle(streamId, reserve('r2', 3), context);
    const subscription = mine.subscribe({ after: before });
    const iterator = subscription[Symbol.asyncIterator]();
    const { value: batch } = await iterator.next();
    await subscription.close();
    expect((batch as { type: string }[]).map((event) => event.type)).toContain('StockReserved');
    const { state } = await myHandlers.stock.load(streamId);
    expect(state.reserved).toBe(7);
  });

  it('answers the state of that stream with those events in it, when they follow its own appends on one page', async () => {
    const before = await mine.headPosition();
    await myHandlers.stock.handle(streamId, receive(1), context); // remembered by this handle, and cached
    await otherHandlers.stock.handle(streamId, reserve('r3', 2), context);

    const read = await mine.readAll({ after: before });
    expect(read.map((event) => event.type)).toEqual(['StockReceived', 'StockReserved']);
    const { state, revision } = await myHandlers.stock.load(streamId);
    expect({ revision, reserved: state.reserved }).toEqual({ revision: read[1]!.revision, reserved: 9 });
  });
});

describe('a command the cached state would refuse', () => {
  const { myHandlers, otherHandlers } = twoHandles();

  it('is decided again on the stored stream, where another process made it valid', async () => {
    await myHandlers.stock.handle(streamId, receive(1), context); // cached here: 1 on hand
    await otherHandlers.stock.handle(streamId, receive(10), context);
    const outcome = await myHandlers.stock.handle(streamId, reserve('r-late', 5), context);
    expect(outcome.state.reserved).toBe(5);
  });

  it('is still refused when the stored stream refuses it too', async () => {
    await expect(myHandlers.stock.handle(streamId, reserve('r-too-many', 100), context)).rejects.toMatchObject({ code: expect.stringMatching(/^STOCK\./) });
  });

  it('is judged against the stored stream when its If-Match names a revision only another process produced', async () => {
    await myHandlers.stock.handle(streamId, receive(1), context);
    await myHandlers.stock.load(streamId); // cached here, and trusted: nothing appended elsewhere since
    const { revision } = await otherHandlers.stock.handle(streamId, receive(2), context);
    const outcome = await myHandlers.stock.handle(streamId, receive(3), { ...context, expectedRevision: revision });
    expect(outcome.revision).toBe(revision + 1);
  });
});

