import { CommandHandlers, createCommandHandlers } from '../../../src/commands/command-handlers';
import { ProcessManager, ProcessManagerDependencies } from '../../../src/commands/workflow/process-manager';
import { CandidateLocation } from '../../../src/domain/allocation';
import { Order, orderStreamId, PlaceOrder } from '../../../src/domain/order';
import { StockCommand, StockEvent, stockStreamId } from '../../../src/domain/stock';
import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';
import { SqliteEventStore } from '../../../src/infrastructure/eventstore/sqlite-event-store';
import { InlineJobQueue } from '../../../src/infrastructure/jobs/inline-job-queue';
import { silentLogger } from '../../../src/infrastructure/observability/logger';
import { StreamNotFound } from '../../../src/infrastructure/eventstore/event-store';
import { catalog, ORDER_ID, placeOrder, recordPaymentAuthorized, t, validateOrder } from '../order/order-builders';

export const context = { actor: 'test', correlationId: 'test' };

/** An active US location, priority 1 unless told. */
export const location = (locationId: string, overrides: Partial<CandidateLocation> = {}): CandidateLocation => ({
  locationId,
  priority: 1,
  active: true,
  country: 'US',
  postalCode: '10001',
  ...overrides,
});

/** A real event store in memory and the command handlers over it: the write side, no process manager. */
export function openWriteSide() {
  const store = new SqliteEventStore({ filename: ':memory:' });
  const handlers = createCommandHandlers(store);

  const stock = (command: StockCommand) => handlers.stock.handle(stockStreamId(command.data.locationId, command.data.sku), command, context);

  return {
    store,
    handlers,
    receive: (locationId: string, sku: string, quantity: number) =>
      stock({ type: 'ReceiveStock', data: { locationId, sku, quantity, reference: 'PO-1', at: t(0) } }),
    setBin: (locationId: string, sku: string, bin: string) =>
      stock({ type: 'SetStockPolicy', data: { locationId, sku, safetyStock: 0, lowStockThreshold: 0, leadTimeDays: 0, bin, at: t(0) } }),
    reserve: (locationId: string, sku: string, reservationId: string, quantity: number, orderId = ORDER_ID, lineId = 'L1') =>
      stock({ type: 'ReserveStock', data: { locationId, sku, reservationId, orderId, lineId, quantity, at: t(0) } }),
    stock,
    /** An order placed (2 x SKU-A as L1, 1 x SKU-B as L2 unless told), validated and authorized: ready to allocate. */
    async authorizedOrder(overrides: Partial<PlaceOrder['data']> = {}): Promise<Order> {
      const streamId = orderStreamId(overrides.orderId ?? ORDER_ID);
      await handlers.orders.handle(streamId, placeOrder(overrides), context);
      await handlers.orders.handle(streamId, validateOrder(catalog()), context);
      const { state } = await handlers.orders.handle(streamId, recordPaymentAuthorized(), context);
      if (!state.exists) throw new Error('no order');
      return state;
    },
    async order(orderId = ORDER_ID): Promise<Order> {
      const { state } = await handlers.orders.load(orderStreamId(orderId));
      if (!state.exists) throw new Error('no order');
      return state;
    },
    async stockState(locationId: string, sku: string) {
      return (await handlers.stock.load(stockStreamId(locationId, sku))).state;
    },
    async events(streamId: string) {
      try {
        return await store.readStream(streamId);
      } catch (error) {
        if (error instanceof StreamNotFound) return [];
        throw error;
      }
    },
    /** The reason of every release on a stock stream, in order. */
    async releaseReasons(locationId: string, sku: string): Promise<string[]> {
      return (await this.events(stockStreamId(locationId, sku)))
        .filter((e) => e.type === 'ReservationReleased')
        .map((e) => (e.data as { reason: string }).reason);
    },
    /** `type reservationId` of every reservation event on a stock stream, in order. */
    async reservationEvents(locationId: string, sku: string): Promise<string[]> {
      return (await this.events(stockStreamId(locationId, sku)))
        .filter((e) => e.type === 'StockReserved' || e.type === 'ReservationReleased' || e.type === 'ReservationCommitted')
        .map((e) => `${e.type} ${(e as unknown as StockEvent & { data: { reservationId: string } }).data.reservationId}`);
    },
  };
}
export type WriteSide = ReturnType<typeof openWriteSide>;

/**
 * The write side, with what a process manager over it needs: its state in a
 * document store in memory, and jobs held by an inline queue. `processManager`
 * makes one (not started); `close` closes all but the process managers.
 */
export async function openProcessManagerSide() {
  const w = openWriteSide();
  const documents = await SqliteDocumentStore.open(':memory:');
  const jobs = new InlineJobQueue({ logger: silentLogger() });
  return {
    w,
    documents,
    jobs,
    processManager: (options: Partial<ProcessManagerDependencies> = {}) =>
      new ProcessManager({
        events: w.store,
        documents,
        jobs,
        handlers: w.handlers,
        strategy: 'priority',
        now: () => new Date(t(30)),
        logger: silentLogger(),
        ...options,
      }),
    async close(): Promise<void> {
      await jobs.close();
      await documents.close();
      await w.store.close();
    },
  };
}
export type ProcessManagerSide = Awaited<ReturnType<typeof openProcessManagerSide>>;

/**
 * Puts `around` in front of every stock command: a rival order taking stock
 * first, a cancellation landing mid-attempt, a crash.
 */
export function interceptStock(
  handlers: CommandHandlers,
  around: (command: StockCommand, proceed: () => ReturnType<CommandHandlers['stock']['handle']>) => ReturnType<CommandHandlers['stock']['handle']>,
): void {
  const stock = handlers.stock;
  const handle = stock.handle.bind(stock);
  stock.handle = (streamId, command, commandContext) => around(command, () => handle(streamId, command, commandContext));
}
