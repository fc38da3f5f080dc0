import { openTestApi, TestApi } from '../support/api-app';
import { expectProblem, orderBody, seedCatalog } from '../support/api-fixtures';

/*
 * The audit endpoints read the log itself: an order's history, its state at
 * a revision or an instant, and the global log page by page. A test clock
 * puts each command a minute after the one before, so `at` is exact.
 */

let api: TestApi;
let clock = Date.parse('2026-03-01T10:00:00.000Z');
const tick = () => {
  clock += 60_000;
};
const iso = (ms: number) => new Date(ms).toISOString();

type HistoryEvent = { revision: number; position: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown> };

let orderId: string;
const times: Record<'placed' | 'held' | 'released' | 'cancelled', number> = { placed: 0, held: 0, released: 0, cancelled: 0 };

beforeAll(async () => {
  api = await openTestApi({ now: () => new Date(clock) });
  await seedCatalog(api, { products: { 'SKU-1': 1999 } });
  tick();
  times.placed = clock;
  const placed = await api.as('client').post('/orders').set('X-Correlation-Id', 'audit-place-1').send(orderBody()).expect(201);
  orderId = placed.body.orderId;
  await api.settled();
  tick();
  times.held = clock;
  await api.as('client').post(`/orders/${orderId}/hold`).send({ reason: 'address check' }).expect(200);
  await api.settled();
  tick();
  times.released = clock;
  await api.as('client').post(`/orders/${orderId}/release`).expect(200);
  await api.settled();
  tick();
  times.cancelled = clock;
  await api.as('admin').post(`/orders/${orderId}/cancel`).send({ reason: 'customer asked' }).expect(200);
  await api.settled();
  tick();
});
afterAll(() => api.close());

const history = async (): Promise<HistoryEvent[]> => (await api.as('auditor').get(`/orders/${orderId}/history`).expect(200)).body.events;

describe('GET /orders/{id}/history', () => {
  it('lists every event of the order, oldest first, with its metadata', async () => {
    const res = await api.as('auditor').get(`/orders/${orderId}/history`).expect(200);
    expect(res.body.orderId).toBe(orderId);
    const events: HistoryEvent[] = res.body.events;
    expect(events.map((e) => e.revision)).toEqual(events.map((_e, i) => i));
    const positions = events.map((e) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(events[0]).toMatchObject({ revision: 0, type: 'OrderPlaced', data: { orderId, channel: 'web' } });
    for (const event of events) {
      expect(event.metadata).toEqual(
        expect.objectContaining({
          eventId: expect.any(String),
          correlationId: expect.any(String),
          actor: expect.any(String),
          occurredAt: expect.any(String),
          schemaVersion: expect.any(Number),
        }),
      );
    }
    // the request's correlation id and the key's role reach the event
    expect(events[0]!.metadata).toMatchObject({ correlationId: 'audit-place-1', actor: expect.stringMatching(/^client:/), occurredAt: iso(times.placed) });
    const types = events.map((e) => e.type);
    for (const type of ['OrderPlaced', 'OrderHeld', 'OrderReleased', 'OrderCancelled']) expect(types).toContain(type);
    expect(types.indexOf('OrderHeld')).toBeLessThan(types.indexOf('OrderReleased'));
  });

  it('is for auditors and admins, and 404 for an unknown order', async () => {
    await api.as('admin').get(`/orders/${orderId}/history`).expect(200);
    await api.as('analyst').get(`/orders/${orderId}/history`).expect(403);
    expectProblem(await api.as('auditor').get('/orders/0190a0b0-0000-7000-8000-00000000dead/history'), 404);
  });
});

describe('GET /orders/{id}/state', () => {
  it('folds the order as it stood after revision N', async () => {
    const events = await history();
    const placed = await api.as('auditor').get(`/orders/${orderId}/state?revision=0`).expect(200);
    expect(placed.body).toMatchObject({ orderId, revision: 0, state: { orderId, status: 'placed', onHold: false } });
    expect(placed.headers.etag).toBe('"0"');

    const heldAt = events.find((e) => e.type === 'OrderHeld')!.revision;
    const held = await api.as('auditor').get(`/orders/${orderId}/state?revision=${heldAt}`).expect(200);
    expect(held.body).toMatchObject({ revision: heldAt, state: { onHold: true, holdReason: 'address check' } });
    const before = await api.as('auditor').get(`/orders/${orderId}/state?revision=${heldAt - 1}`).expect(200);
    expect(before.body.state.onHold).toBe(false);

    const last = events[events.length - 1]!.revision;
    const now = await api.as('auditor').get(`/orders/${orderId}/state?revision=${last}`).expect(200);
    expect(now.body.state.status).toBe('cancelled');
    // past the end: the order as it is
    const beyond = await api.as('auditor').get(`/orders/${orderId}/state?revision=${last + 100}`).expect(200);
    expect(beyond.body).toEqual(now.body);
  });

  it('folds the order as it stood at an instant: the events that had occurred by then', async () => {
    const events = await history();
    const revisionAt = (ms: number) => Math.max(-1, ...events.filter((e) => Date.parse(String(e.metadata.occurredAt)) <= ms).map((e) => e.revision));

    const whileHeld = times.held + 30_000;
    const held = await api.as('auditor').get(`/orders/${orderId}/state?at=${iso(whileHeld)}`).expect(200);
    expect(held.body).toMatchObject({ revision: revisionAt(whileHeld), state: { onHold: true } });
    const same = await api.as('auditor').get(`/orders/${orderId}/state?revision=${revisionAt(whileHeld)}`).expect(200);
    expect(held.body).toEqual(same.body);

    const released = await api.as('auditor').get(`/orders/${orderId}/state?at=${iso(times.released)}`).expect(200);
    expect(released.body.state).toMatchObject({ onHold: false });
    expect(released.body.state.status).not.toBe('cancelled');

    // 12:00+02:00 is 10:00Z, a minute before the order was placed
    const beforePlaced = await api.as('auditor').get(`/orders/${orderId}/state?at=${encodeURIComponent('2026-03-01T12:00:00+02:00')}`).expect(200);
    expect(beforePlaced.body).toEqual({ orderId, revision: -1, state: null });

    const later = await api.as('auditor').get(`/orders/${orderId}/state?at=${iso(clock + 3_600_000)}`).expect(200);
    expect(later.body.state.status).toBe('cancelled');
  });

  it('needs exactly one of at and revision', async () => {
    expectProblem(await api.as('auditor').get(`/orders/${orderId}/state`), 400);
    expectProblem(await api.as('auditor').get(`/orders/${orderId}/state?revision=1&at=${iso(clock)}`), 400);
    expectProblem(await api.as('auditor').get(`/orders/${orderId}/state?at=yesterday`), 400);
    expectProblem(await api.as('auditor').get(`/orders/${orderId}/state?revision=-1`), 400);
  });
});

describe('GET /audit/events', () => {
  it('pages through the whole log in order with nextCursor', async () => {
    const all = await api.oms.events.readAll({ after: 0n });
    expect(all.length).toBeGreaterThan(5);
    const seen: { position: string; streamId: string; revision: number; type: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = cursor ? `/audit/events?cursor=${cursor}&limit=3` : '/audit/events?after=0&limit=3';
      const res = await api.as('auditor').get(url).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      for (const item of res.body.items) {
        expect(Object.keys(item).sort()).toEqual(['data', 'metadata', 'position', 'revision', 'streamId', 'type']);
      }
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(seen.map((e) => e.position)).toEqual(all.map((e) => e.position.toString()));
    expect(seen.map((e) => `${e.streamId}@${e.revision}:${e.type}`)).toEqual(all.map((e) => `${e.streamId}@${e.revision}:${e.type}`));
  });

  it('starts after the position it is given, and from the start without one', async () => {
    const all = await api.oms.events.readAll({ after: 0n });
    const third = all[2]!.position.toString();
    const after = await api.as('admin').get(`/audit/events?after=${third}&limit=2`).expect(200);
    expect(after.body.items.map((e: { position: string }) => e.position)).toEqual([all[3]!.position.toString(), all[4]!.position.toString()]);
    const first = await api.as('auditor').get('/audit/events').expect(200);
    expect(first.body.items[0].position).toBe(all[0]!.position.toString());
    const end = await api.as('auditor').get(`/audit/events?after=${all[all.length - 1]!.position}`).expect(200);
    expect(end.body).toEqual({ items: [], nextCursor: null });
  });

  it('refuses after and cursor together, and a limit over 500', async () => {
    expectProblem(await api.as('auditor').get('/audit/events?after=1&cursor=2'), 400);
    expectProblem(await api.as('auditor').get('/audit/events?limit=501'), 400);
  });
});
