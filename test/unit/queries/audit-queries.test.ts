import { decodeOrderEvent } from '../../../src/infrastructure/eventstore/event-decoders';
import { formatPosition } from '../../../src/infrastructure/eventstore/event-store';
import { evolveOrderRecord, OrderRecord } from '../../../src/projections/read-models/order-record';
import { AuditQueries } from '../../../src/queries/audit-queries';
import { toOrderView } from '../../../src/queries/order-view';
import { at, orderIdOf, OrderStory } from '../projections/support/order-story';

describe('AuditQueries', () => {
  let story: OrderStory;
  let audit: AuditQueries;
  const orderId = orderIdOf(1);

  beforeAll(async () => {
    story = await OrderStory.open();
    await story.product('SKU-A', 1000);
    await story.receive('east', 'SKU-A', 10, at(1));
    await story.authorized(orderId, { at: at(2, 0), lines: [{ sku: 'SKU-A', quantity: 2 }] }); // revisions 0-2
    await story.allocate(orderId, 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 2 }], at(2, 10)); // 3-4
    await story.place(orderIdOf(2), { at: at(2, 11), lines: [{ sku: 'SKU-A', quantity: 1 }] }); // another order in between
    await story.hold(orderId, 'fraud review', at(2, 20)); // 5
    await story.release(orderId, at(2, 30)); // 6
    await story.shipped(orderId, 'F1', at(3, 0)); // 7-11
    audit = new AuditQueries(story.events);
  });
  afterAll(() => story.close());

  describe('history', () => {
    it('lists every event of the order oldest first, with revision, position, data and metadata', async () => {
      const history = await audit.history(orderId);
      expect(history?.orderId).toBe(orderId);
      const events = history!.events;
      expect(events.map((e) => e.type)).toEqual([
        'OrderPlaced',
        'OrderValidated',
        'PaymentAuthorized',
        'InventoryAllocated',
        'FulfillmentRequested',
        'OrderHeld',
        'OrderReleased',
        'FulfillmentPicked',
        'FulfillmentPacked',
        'ShipmentLabelCreated',
        'FulfillmentShipped',
        'PaymentCaptured',
      ]);
      expect(events.map((e) => e.revision)).toEqual(events.map((_, index) => index));
      const positions = events.map((e) => BigInt(e.position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      expect(typeof events[0]!.position).toBe('string');
      expect(events[5]).toMatchObject({
        type: 'OrderHeld',
        data: { reason: 'fraud review', heldAt: at(2, 20), by: 'admin' },
        metadata: { actor: 'test', occurredAt: at(2, 20), schemaVersion: 2, causationId: null },
      });
    });

    it('answers null for an order that does not exist', async () => {
      expect(await audit.history(orderIdOf(404))).toBeNull();
    });
  });

  describe('stateAt', () => {
    const foldedTo = async (revision: number) => {
      const events = (await story.events.readStream(`order-${orderId}`)).slice(0, revision + 1);
      return events.reduce<OrderRecord | null>((record, event) => evolveOrderRecord(record, decodeOrderEvent(event)), null);
    };

    it('folds the order up to a revision as the orders read model does', async () => {
      const state = await audit.stateAt(orderId, { revision: 2 });
      expect(state).toMatchObject({ orderId, revision: 2, state: { status: 'payment_authorized', fulfillments: [] } });
      const folded = await foldedTo(5);
      expect(folded).not.toBeNull();
      expect(await audit.stateAt(orderId, { revision: 5 })).toEqual({ orderId, revision: 5, state: folded && toOrderView(folded, 5) });
      expect((await audit.stateAt(orderId, { revision: 5 }))?.state).toMatchObject({ status: 'allocated', onHold: true });
      expect(await audit.stateAt(orderId, { revision: 999 })).toMatchObject({ revision: 11, state: { status: 'shipped' } });
    });

    it('folds the events that had occurred by an instant, that instant included', async () => {
      expect(await audit.stateAt(orderId, { at: at(2, 10) })).toMatchObject({ revision: 4, state: { status: 'allocated', onHold: false } });
      expect(await audit.stateAt(orderId, { at: at(2, 25) })).toMatchObject({ revision: 5, state: { onHold: true, holdReason: 'fraud review' } });
      expect(await audit.stateAt(orderId, { at: '2025-03-02T09:29:59.999+00:00' })).toMatchObject({ revision: 5 });
      expect(await audit.stateAt(orderId, { at: at(9) })).toMatchObject({ revision: 11, state: { status: 'shipped' } });
    });

    it('has no state before the order was placed, and none for an unknown order', async () => {
      expect(await audit.stateAt(orderId, { at: at(1) })).toEqual({ orderId, revision: -1, state: null });
      expect(await audit.stateAt(orderIdOf(404), { revision: 0 })).toBeNull();
    });
  });

  describe('log', () => {
    it('pages through the global log in position order after a position', async () => {
      const head = await story.events.headPosition();
      const seen: string[] = [];
      let after = 0n;
      for (;;) {
        const page = await audit.log(after, 7);
        expect(page.items.length).toBeLessThanOrEqual(7);
        seen.push(...page.items.map((item) => item.position));
        if (page.nextCursor === null) break;
        expect(page.nextCursor).toBe(page.items.at(-1)!.position);
        after = BigInt(page.nextCursor);
      }
      expect(seen).toEqual(Array.from({ length: Number(head) }, (_, i) => formatPosition(BigInt(i + 1))));
    });

    it('gives each entry its stream, revision, type, data and metadata', async () => {
      const [first] = (await audit.log(0n, 1)).items;
      expect(first).toMatchObject({ position: '1', streamId: 'product-SKU-A', revision: 0, type: 'ProductRegistered', data: { sku: 'SKU-A' } });
      const page = await audit.log(4n, 2);
      expect(page.items.map((item) => item.position)).toEqual(['5', '6']);
      expect(page.nextCursor).toBe('6');
    });

    it('ends with a null cursor on the last page, and an empty page after the head', async () => {
      const head = await story.events.headPosition();
      expect(await audit.log(head - 2n, 2)).toMatchObject({ nextCursor: null });
      expect(await audit.log(head, 10)).toEqual({ items: [], nextCursor: null });
    });
  });
});
