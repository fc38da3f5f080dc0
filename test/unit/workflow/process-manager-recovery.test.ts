import { PROCESS_MANAGER, ProcessManager } from '../../../src/commands/workflow/process-manager';
import { reservationIdFor } from '../../../src/commands/workflow/reservations';
import { OPEN_ORDERS, WORKFLOW_LOCATIONS, workflowCollections } from '../../../src/commands/workflow/workflow-state';
import { orderStatus, orderStreamId } from '../../../src/domain/order';
import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';
import { InlineJobQueue } from '../../../src/infrastructure/jobs/inline-job-queue';
import { alloc, ORDER_ID, t } from '../order/order-builders';
import { context, location, openProcessManagerSide, ProcessManagerSide, WriteSide } from './workflow-fixtures';
import { waitUntil } from '../../support/process-harness';

/**
 * What the process manager does on start for the orders it had marked as
 * having work in flight, when the process before it died part-way through a
 * step: the log says what happened, the checkpoint says the events were seen.
 */
describe('ProcessManager recovery after a crash', () => {
  let side: ProcessManagerSide;
  let w: WriteSide;
  let documents: SqliteDocumentStore;
  let jobs: InlineJobQueue;
  let pm: ProcessManager;

  beforeEach(async () => {
    side = await openProcessManagerSide();
    ({ w, documents, jobs } = side);
    pm = side.processManager();
    await w.receive('wh-1', 'SKU-A', 5);
    await w.receive('wh-1', 'SKU-B', 5);
  });
  afterEach(async () => {
    await pm.stop();
    await side.close();
  });

  /** The state the dead process had committed: it knew wh-1, had seen the whole log, and had this order open. */
  const crashedWithOpen = async (...orderIds: string[]) => {
    await documents.ensureCollections(workflowCollections);
    await documents.commit({
      writes: [
        { op: 'put', collection: WORKFLOW_LOCATIONS, id: 'wh-1', doc: location('wh-1') },
        ...orderIds.map((orderId) => ({ op: 'put' as const, collection: OPEN_ORDERS, id: orderId, doc: { orderId } })),
      ],
      checkpoint: { name: PROCESS_MANAGER, position: await w.store.headPosition() },
    });
  };
  const record = (command: Parameters<WriteSide['handlers']['orders']['handle']>[1]) =>
    w.handlers.orders.handle(orderStreamId(ORDER_ID), command, context);

  it('keeps what the first attempt reserved and carries the attempt through, reserving only the rest', async () => {
    await w.authorizedOrder();
    await w.reserve('wh-1', 'SKU-A', reservationIdFor(ORDER_ID, 'initial', 'L1'), 2);
    await crashedWithOpen(ORDER_ID);

    await pm.start();

    expect(await w.reservationEvents('wh-1', 'SKU-A')).toEqual([`StockReserved ${reservationIdFor(ORDER_ID, 'initial', 'L1')}`]);
    expect(await w.reservationEvents('wh-1', 'SKU-B')).toEqual([`StockReserved ${reservationIdFor(ORDER_ID, 'initial', 'L2')}`]);
    const order = await w.order();
    expect(order.allocationIds).toEqual({ initial: true });
    expect(order.lines.map((line) => line.allocated)).toEqual([2, 1]);
  });

  it('releases what an attempt that was never recorded reserved, so no unit stays held for nothing', async () => {
    await w.authorizedOrder({ lines: [{ sku: 'SKU-A', quantity: 2, unitPrice: 1000 }] });
    await record({
      type: 'RecordAllocation',
      data: { allocationId: 'initial', allocations: [], decision: { strategy: 'priority', reason: 'none', candidates: [] }, at: t(3) },
    });
    const orphan = reservationIdFor(ORDER_ID, 'restock:e1', 'L1');
    await w.reserve('wh-1', 'SKU-A', orphan, 2);
    await crashedWithOpen(ORDER_ID);

    await pm.start();

    expect((await w.reservationEvents('wh-1', 'SKU-A')).slice(0, 2)).toEqual([`StockReserved ${orphan}`, `ReservationReleased ${orphan}`]);
    expect((await w.releaseReasons('wh-1', 'SKU-A'))[0]).toBe('orphaned_reservation');
  });

  it('of a cancelled order, releases every reservation, recorded or not', async () => {
    await w.authorizedOrder();
    const placed = [alloc('L1', 'SKU-A', 'wh-1', 2), alloc('L2', 'SKU-B', 'wh-1', 1)];
    await w.reserve('wh-1', 'SKU-A', reservationIdFor(ORDER_ID, 'initial', 'L1'), 2);
    await w.reserve('wh-1', 'SKU-B', reservationIdFor(ORDER_ID, 'initial', 'L2'), 1, ORDER_ID, 'L2');
    await record({ type: 'RecordAllocation', data: { allocationId: 'initial', allocations: placed, decision: { strategy: 'priority', reason: 'x', candidates: [] }, at: t(3) } });
    await w.reserve('wh-1', 'SKU-A', reservationIdFor(ORDER_ID, 'restock:e1', 'L1'), 1);
    await record({ type: 'CancelOrder', data: { reason: 'customer asked', at: t(4) } });
    await crashedWithOpen(ORDER_ID);

    await pm.start();

    expect(await w.stockState('wh-1', 'SKU-A')).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await w.stockState('wh-1', 'SKU-B')).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await w.releaseReasons('wh-1', 'SKU-A')).toEqual(['cancelled', 'cancelled']);
    expect(await w.releaseReasons('wh-1', 'SKU-B')).toEqual(['cancelled']);
  });

  it('learns the kind of a location it recorded before kinds were kept, so pickup orders find their store', async () => {
    await w.handlers.locations.handle(
      'location-wh-1',
      {
        type: 'DefineLocation',
        data: { locationId: 'wh-1', name: 'Corner shop', kind: 'store', priority: 1, address: { country: 'US', postalCode: '10001', region: null, city: null }, active: true, at: t(0) },
      },
      context,
    );
    await crashedWithOpen(); // its document for wh-1 has no kind, and the log is behind its checkpoint

    await pm.start();

    expect(await documents.get(WORKFLOW_LOCATIONS, 'wh-1')).toMatchObject({ locationId: 'wh-1', kind: 'store' });
  });

  it('commits the reservations of a fulfilment that shipped before the process could', async () => {
    await w.authorizedOrder();
    const placed = [alloc('L1', 'SKU-A', 'wh-1', 2), alloc('L2', 'SKU-B', 'wh-1', 1)];
    await w.reserve('wh-1', 'SKU-A', reservationIdFor(ORDER_ID, 'initial', 'L1'), 2);
    await w.reserve('wh-1', 'SKU-B', reservationIdFor(ORDER_ID, 'initial', 'L2'), 1, ORDER_ID, 'L2');
    await record({ type: 'RecordAllocation', data: { allocationId: 'initial', allocations: placed, decision: { strategy: 'priority', reason: 'x', candidates: [] }, at: t(3) } });
    await record({ type: 'MarkFulfillmentPicked', data: { fulfillmentId: 'F1', at: t(5) } });
    await record({ type: 'MarkFulfillmentPacked', data: { fulfillmentId: 'F1', at: t(6) } });
    await record({ type: 'RecordShipmentLabel', data: { fulfillmentId: 'F1', carrier: 'c', service: 'standard', trackingNumber: 'T1', labelUrl: 'u', cost: 1, at: t(7) } });
    await record({ type: 'MarkFulfillmentShipped', data: { fulfillmentId: 'F1', at: t(8) } });
    await crashedWithOpen(ORDER_ID);

    await pm.start();

    expect(await w.stockState('wh-1', 'SKU-A')).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await w.stockState('wh-1', 'SKU-B')).toMatchObject({ onHand: 4, reserved: 0 });
    // ...and owes the capture and the shipping notice again, as jobs (the inline queue lost them).
    expect((await jobs.counts()).waiting).toBeGreaterThanOrEqual(2);
  });

  it('a batch delivered again never moves the checkpoint back', async () => {
    await w.authorizedOrder();
    await crashedWithOpen();
    await pm.start();
    const head = await w.store.headPosition();
    expect(pm.health().position).toBe(head);

    await pm.handleBatch(await w.store.readAll({ after: 0n, maxCount: 2 }));

    expect(pm.health().position).toBe(head);
    expect(await documents.getCheckpoint(PROCESS_MANAGER)).toBe(head);
  });

  it('stops, failed, when a commit finds its lease taken over, and commits nothing after', async () => {
    const lease = { name: PROCESS_MANAGER, holder: 'a' };
    await documents.ensureCollections(workflowCollections);
    expect(await documents.tryLease(lease, 60_000)).toBe(true);
    await pm.stop();
    pm = side.processManager({ lease });
    await pm.start();
    const head = await w.store.headPosition();
    await waitUntil(() => pm.health().position === head, { what: 'the process manager to commit what was there' });

    await documents.releaseLease(lease);
    expect(await documents.tryLease({ name: PROCESS_MANAGER, holder: 'b' }, 60_000)).toBe(true);
    await w.authorizedOrder();
    await waitUntil(() => pm.health().state === 'failed', { what: 'the process manager to stop on the lost lease' });
    expect(pm.health().error).toMatch(/lease/i);
    expect(await documents.getCheckpoint(PROCESS_MANAGER)).toBe(head);
  });

  it('started again after a commit that failed, carries on from its checkpoint and reports running', async () => {
    await pm.start();
    const head = await w.store.headPosition();
    await waitUntil(() => pm.health().position === head, { what: 'the process manager to commit what was there' });
    const commit = documents.commit.bind(documents);
    let failures = 1;
    documents.commit = async (unit) => {
      if (failures-- > 0) throw new Error('database is locked');
      return commit(unit);
    };
    const { orderId } = await w.authorizedOrder();
    await waitUntil(() => pm.health().state === 'failed', { what: 'the process manager to stop on the failed commit' });
    expect(pm.health().error).toBe('database is locked');

    await pm.stop();
    await pm.start();
    await waitUntil(async () => pm.health().position === (await w.store.headPosition()), { what: 'the process manager to catch up' });
    expect(pm.health()).toMatchObject({ state: 'running', error: null });
    // The order it was visiting when the commit failed was taken on past its authorization.
    expect(orderStatus(await w.order(orderId))).not.toBe('payment_authorized');
  });

  it('stores as its checkpoint the position it reports, when a later batch is handled while a commit is still being written', async () => {
    await pm.start();
    await waitUntil(async () => pm.health().position === (await w.store.headPosition()), { what: 'the process manager to catch up' });
    await pm.stop();
    await w.receive('wh-1', 'SKU-A', 1);
    await w.receive('wh-1', 'SKU-B', 1);
    const [first, second] = await w.store.readAll({ after: pm.health().position, maxCount: 2 });

    // The commit of the first batch waits, as one does behind another writer's lock, while the second batch is handled.
    const commit = documents.commit.bind(documents);
    let release!: () => void;
    let entered!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (entered = resolve));
    documents.commit = async (unit) => {
      if (unit.checkpoint) {
        entered();
        await held;
      }
      return commit(unit);
    };
    const committingFirst = pm.handleBatch([first!]);
    await reached;
    await pm.handleBatch([second!], { commit: false });
    release();
    await committingFirst;

    expect(await documents.getCheckpoint(PROCESS_MANAGER)).toBe(pm.health().position);
    // The next commit stores the second batch: a process manager at rest has the log's head as its checkpoint.
    await pm.handleBatch([]);
    expect({ stored: await documents.getCheckpoint(PROCESS_MANAGER), reported: pm.health().position }).toEqual({ stored: second!.position, reported: second!.position });
  });
});
