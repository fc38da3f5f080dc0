import { EsdbEventStore } from '../../../src/infrastructure/eventstore/esdb-event-store';
import { SqliteEventStore } from '../../../src/infrastructure/eventstore/sqlite-event-store';
import { eventLag } from '../../../src/projections/lag';
import { newEvent } from '../../contract/event-store.contract';
import { FakeEsdbServer } from '../eventstore/fake-esdb-server';

/** /health reports how far each reader is behind in events, on every event store. */
describe('lag in events', () => {
  it('counts events on EventStoreDB, whose positions are byte offsets, and only ours', async () => {
    const server = new FakeEsdbServer();
    const store = new EsdbEventStore({ connectionString: 'kurrentdb://simulated:2113?tls=false', streamPrefixes: ['order-'] }, server.client());
    const first = await store.append('order-1', [newEvent('A')]);
    server.writeSystemEvent();
    await server.client().appendToStream('invoice-1', [{ id: crypto.randomUUID(), type: 'Other', data: {}, contentType: 'application/json' } as never]);
    await store.append('order-1', [newEvent('B'), newEvent('C')]);
    const head = await store.headPosition();
    expect(head - first.position).toBeGreaterThan(100n); // bytes, not events

    const lag = eventLag(store, head);
    await expect(lag(first.position)).resolves.toBe(2);
    await expect(lag(0n)).resolves.toBe(3);
    await expect(lag(head)).resolves.toBe(0);
    await store.close();
  });

  it('is head minus position where positions number the events', async () => {
    const store = new SqliteEventStore({ filename: ':memory:' });
    const first = await store.append('order-1', [newEvent('A')]);
    await store.append('order-1', [newEvent('B'), newEvent('C')]);
    const lag = eventLag(store, await store.headPosition());
    await expect(lag(first.position)).resolves.toBe(2);
    await expect(lag(0n)).resolves.toBe(3);
    await store.close();
  });
});
