import { AllocationStrategy } from '../../domain/allocation';
import { productStreamId } from '../../domain/catalog';
import { locationStreamId } from '../../domain/location';
import { DomainError } from '../../domain/shared/domain-error';
import { parseStreamId } from '../../domain/shared/stream-names';
import { Catalog, hasReached, isPickup, nextSteps, Order, OrderEvent, orderStreamId } from '../../domain/order';
import { atp, openReservations, StockEvent, stockStreamId } from '../../domain/stock';
import { DocumentStore, Lease } from '../../infrastructure/documents/document-store';
import { decodeLocationEvent, decodeOrderEvent, decodeStockEvent } from '../../infrastructure/eventstore/event-decoders';
import { EventStore, StoredEvent, Subscription } from '../../infrastructure/eventstore/event-store';
import { JobQueue } from '../../infrastructure/jobs/job-queue';
import { Logger } from '../../infrastructure/observability/logger';
import { CommandHandlers } from '../command-handlers';
import { KeyedMutex } from '../keyed-mutex';
import { LruCache } from '../lru-cache';
import { allocateOrder, AllocationDependencies, release, StepContext } from './allocate-order';
import { allocationOf, releaseReasonFor, reservationIdFor } from './reservations';
import { jobFor } from './workflow-jobs';
import { workflowCollections, WorkflowState } from './workflow-state';

export const PROCESS_MANAGER = 'process-manager';

/** Allocation ids: the first attempt, and retries named after what triggered them. */
const INITIAL_ALLOCATION = 'initial';

const ACTOR = 'system:workflow';

/** Stock events that may free units for orders waiting on the SKU. */
const frees = (event: StockEvent): boolean =>
  event.type === 'StockReceived' ||
  event.type === 'ReservationReleased' ||
  event.type === 'StockPolicySet' ||
  (event.type === 'StockAdjusted' && event.data.delta > 0);

/** Order events after which the order's waiting lines may need (re)listing or a retry. */
const BACKORDER_EVENTS = new Set(['LinesBackordered', 'InventoryAllocated', 'OrderCancelled', 'OrderReleased']);

export type ProcessManagerDependencies = {
  events: EventStore;
  documents: DocumentStore;
  jobs: JobQueue;
  handlers: CommandHandlers;
  strategy: AllocationStrategy;
  now: () => Date;
  logger: Logger;
  batchSize?: number;
  /** When set, the process manager's state commits only while it holds this lease. */
  lease?: Lease;
};

/**
 * Drives every order through the order workflow. It follows the log
 * from its checkpoint; for each order with new events it asks the order what
 * it still needs (nextSteps) and does it: validation and allocation as
 * commands, payment, labels and notifications as jobs with deterministic ids.
 * Shipping commits the reservations, cancelling releases them; restocking a
 * SKU retries the orders waiting for it, oldest first. Every step is safe to
 * repeat, so redelivery changes nothing, and a restart carries on from the
 * checkpoint after revisiting the orders that had work in flight.
 */
export class ProcessManager {
  private readonly mutex = new KeyedMutex();
  private readonly state: WorkflowState;
  private readonly enqueued = new LruCache<string, true>(100_000);
  private readonly allocation: AllocationDependencies;
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private position = 0n;
  private failure: Error | null = null;
  private running = false;

  constructor(private readonly deps: ProcessManagerDependencies) {
    this.state = new WorkflowState(deps.documents, deps.lease);
    this.allocation = {
      handlers: deps.handlers,
      locations: async () => this.state.allLocations(),
      strategy: deps.strategy,
      now: deps.now,
    };
  }

  async start(): Promise<void> {
    await this.deps.documents.ensureCollections(workflowCollections);
    await this.state.load();
    await this.state.learnLocationKinds(async (locationId) => {
      const { state } = await this.deps.handlers.locations.load(locationStreamId(locationId));
      return state.exists ? state.kind : null;
    });
    this.position = (await this.deps.documents.getCheckpoint(PROCESS_MANAGER)) ?? 0n;
    await this.recover();
    this.running = true;
    this.subscription = this.deps.events.subscribe({ after: this.position, batchSize: this.deps.batchSize ?? 500 });
    this.loop = this.follow(this.subscription);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.subscription?.close();
    await this.loop;
  }

  health() {
    return { position: this.position, state: this.failure ? 'failed' : this.running ? 'running' : 'stopped', error: this.failure?.message ?? null };
  }

  /** Handles one batch of the log; exposed so tests can deliver a batch again. */
  async handleBatch(batch: readonly StoredEvent[]): Promise<void> {
    const byOrder = new Map<string, StoredEvent<OrderEvent>[]>();
    const freed = new Map<string, StoredEvent>();
    for (const stored of batch) {
      const stream = parseStreamId(stored.streamId);
      if (stream?.streamType === 'order') {
        const event = decodeOrderEvent(stored);
        const { orderId } = stream;
        byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), event]);
        // Lines may start waiting while units are free (re-plans outrun by concurrent orders, or a
        // restock handled before they were listed): look again rather than wait for the next receipt.
        if (event.type === 'LinesBackordered') {
          for (const line of event.data.lines) freed.set(line.sku, event);
        }
      } else if (stream?.streamType === 'location') {
        this.state.applyLocationEvent(decodeLocationEvent(stored));
      } else if (stream?.streamType === 'stock') {
        const event = decodeStockEvent(stored);
        if (frees(event)) freed.set(event.data.sku, event);
      }
    }
    await Promise.all([...byOrder].map(([orderId, events]) => this.mutex.run(orderId, () => this.advance(orderId, events))));
    if (freed.size > 0) {
      // Orders that began waiting in this batch must be listed before the restocks look for them.
      await this.state.flush();
      for (const [sku, event] of freed) await this.retryBackorders(sku, event);
    }
    // A batch delivered again (behind the checkpoint) must not move the checkpoint back.
    const last = batch[batch.length - 1];
    if (last && last.position > this.position) {
      await this.state.flush({ name: PROCESS_MANAGER, position: last.position });
      this.position = last.position;
    } else {
      await this.state.flush();
    }
  }

  private async follow(subscription: Subscription): Promise<void> {
    try {
      for await (const batch of subscription) await this.handleBatch(batch);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.running = false;
      this.deps.logger.error({ err: this.failure }, 'process manager stopped on an error');
    }
  }

  /** Visits every order that had work in flight when the process last stopped. */
  private async recover(): Promise<void> {
    const open = await this.state.openOrders();
    if (open.length > 0) this.deps.logger.info({ orders: open.length }, 'resuming orders with work in flight');
    for (const orderId of open) await this.mutex.run(orderId, () => this.advance(orderId, [], { recovering: true }));
    await this.state.flush();
  }

  private async advance(orderId: string, events: readonly StoredEvent<OrderEvent>[], options: { recovering?: boolean } = {}): Promise<void> {
    let order = await this.orderOf(orderId);
    if (!order) return;
    const last = events[events.length - 1];
    const context: StepContext = { correlationId: last?.metadata.correlationId ?? orderId, causationId: last?.metadata.eventId ?? null };

    for (const event of events) {
      if (event.type === 'FulfillmentShipped') await this.commitShipped(order, event.data.fulfillmentId, context);
      // A pickup order's units leave the store when the customer collects them.
      if (event.type === 'FulfillmentDelivered' && isPickup(order)) await this.commitShipped(order, event.data.fulfillmentId, context);
      if (event.type === 'OrderCancelled') await this.releaseAll(order, context);
      if (event.type === 'OrderReleased' && order.lines.some((l) => l.backordered > 0)) {
        await allocateOrder(this.allocation, order, `release:${event.metadata.eventId}`, context, { recordWhenNothingReserved: false });
        order = (await this.orderOf(orderId)) ?? order;
      }
    }
    if (options.recovering) {
      for (const f of Object.values(order.fulfillments)) if (hasReached(f.status, 'shipped')) await this.commitShipped(order, f.fulfillmentId, context);
      await this.releaseOrphans(order, context);
    }

    // Commands move the order on at once; the loop ends when only jobs (or nothing) remain.
    for (let round = 0; round < 4; round++) {
      const steps = nextSteps(order);
      await this.enqueue(
        steps.map((step) => jobFor(orderId, step)).filter((job) => job !== null),
        { rerunFailed: options.recovering === true },
      );
      const validate = steps.some((step) => step.kind === 'validate');
      const allocate = steps.some((step) => step.kind === 'allocate');
      const ready = steps.flatMap((step) => (step.kind === 'readyForPickup' ? [step.fulfillmentId] : []));
      if (!validate && !allocate && ready.length === 0) break;
      if (validate) await this.validate(order, context);
      else if (allocate) await allocateOrder(this.allocation, order, INITIAL_ALLOCATION, context, { recordWhenNothingReserved: true });
      for (const fulfillmentId of ready) await this.readyForPickup(order, fulfillmentId, context);
      order = (await this.orderOf(orderId)) ?? order;
    }

    this.state.markOpen(orderId, nextSteps(order).length > 0);
    if (options.recovering || events.some((event) => BACKORDER_EVENTS.has(event.type))) this.state.trackBackorders(order);
  }

  private async retryBackorders(sku: string, trigger: StoredEvent): Promise<void> {
    if ((await this.availableToPromise(sku)) === 0) return;
    for await (const entry of this.state.backordersOf(sku)) {
      if ((await this.availableToPromise(sku)) === 0) return;
      await this.mutex.run(entry.orderId, async () => {
        const order = await this.orderOf(entry.orderId);
        if (!order || order.cancelled || order.onHold || !order.lines.some((l) => l.sku === sku && l.backordered > 0)) {
          if (order) this.state.trackBackorders(order);
          return;
        }
        const context = { correlationId: trigger.metadata.correlationId, causationId: trigger.metadata.eventId };
        // Open (durably) while the attempt runs: should the process die between its reservations and
        // its record, recovery visits the order and releases them. Redelivery alone would not: those
        // very reservations leave nothing available, so the retry would stop before reaching the order.
        this.state.markOpen(order.orderId, true);
        await this.state.flush();
        const recorded = await allocateOrder(this.allocation, order, `restock:${trigger.metadata.eventId}`, context, {
          recordWhenNothingReserved: false,
        });
        const after = recorded ? ((await this.orderOf(entry.orderId)) ?? order) : order;
        this.state.markOpen(order.orderId, nextSteps(after).length > 0);
        if (recorded) this.state.trackBackorders(after);
      });
    }
  }

  private async availableToPromise(sku: string): Promise<number> {
    let total = 0;
    for (const location of this.state.allLocations()) {
      if (location.active) total += atp((await this.deps.handlers.stock.load(stockStreamId(location.locationId, sku))).state);
    }
    return total;
  }

  private async validate(order: Order, context: StepContext): Promise<void> {
    const catalog: Catalog = {};
    for (const sku of new Set(order.lines.map((line) => line.sku))) {
      const { state } = await this.deps.handlers.products.load(productStreamId(sku));
      if (state.exists) catalog[sku] = { active: state.active, currency: state.currency, unitPrice: state.unitPrice };
    }
    await this.deps.handlers.orders.handle(
      orderStreamId(order.orderId),
      { type: 'ValidateOrder', data: { catalog, at: this.deps.now().toISOString() } },
      { actor: ACTOR, ...context },
    );
  }

  /** A packed pickup fulfilment is ready at its store: nothing to label, the customer is told to come. */
  private async readyForPickup(order: Order, fulfillmentId: string, context: StepContext): Promise<void> {
    try {
      await this.deps.handlers.orders.handle(
        orderStreamId(order.orderId),
        { type: 'MarkReadyForPickup', data: { fulfillmentId, at: this.deps.now().toISOString() } },
        { actor: ACTOR, ...context },
      );
    } catch (error) {
      // Held or cancelled since we read it: the event that did so brings the order back here.
      if (!(error instanceof DomainError)) throw error;
    }
  }

  /** The units of a shipped (or collected) fulfilment leave the building: its reservations are committed. */
  private async commitShipped(order: Order, fulfillmentId: string, context: StepContext): Promise<void> {
    const fulfillment = order.fulfillments[fulfillmentId];
    if (!fulfillment) return;
    await Promise.all(
      fulfillment.lines.map((line) => {
        const streamId = stockStreamId(fulfillment.locationId, line.sku);
        const reservationId = reservationIdFor(order.orderId, fulfillment.allocationId, line.lineId);
        return this.deps.handlers.stock.handle(
          streamId,
          { type: 'CommitReservation', data: { locationId: fulfillment.locationId, sku: line.sku, reservationId, at: this.deps.now().toISOString() } },
          { actor: ACTOR, ...context },
        );
      }),
    );
  }

  /** A cancelled order gives back the units its fulfilments hold. */
  private async releaseAll(order: Order, context: StepContext): Promise<void> {
    const held = Object.values(order.fulfillments).filter((f) => !f.shippedAt);
    await Promise.all(
      held.flatMap((f) =>
        f.lines.map((line) =>
          release(this.allocation, order.orderId, line.sku, f.locationId, reservationIdFor(order.orderId, f.allocationId, line.lineId), 'cancelled', context),
        ),
      ),
    );
  }

  /**
   * After a restart: reservations of this order that no recorded attempt
   * explains (an attempt cut short), or any at all once it is cancelled, are
   * released. A scan of the order's stock streams, so only done on recovery.
   * The first attempt is the exception: it runs again as soon as the order may
   * advance and takes up what it reserved, rather than reserving it anew.
   */
  private async releaseOrphans(order: Order, context: StepContext): Promise<void> {
    for (const location of this.state.allLocations()) {
      for (const sku of new Set(order.lines.map((line) => line.sku))) {
        const { state } = await this.deps.handlers.stock.load(stockStreamId(location.locationId, sku));
        for (const [reservationId, reservation] of openReservations(state)) {
          if (reservation.orderId !== order.orderId) continue;
          const attempt = allocationOf(reservationId, order.orderId);
          const runsAgain = attempt === INITIAL_ALLOCATION;
          if (order.cancelled || (attempt !== null && !runsAgain && !order.allocationIds[attempt])) {
            await release(this.allocation, order.orderId, sku, location.locationId, reservationId, releaseReasonFor(order), context);
          }
        }
      }
    }
  }

  /** On recovery every needed job is handed over, and one that finally failed (a worker died under it) runs again. */
  private async enqueue(jobs: NonNullable<ReturnType<typeof jobFor>>[], options: { rerunFailed: boolean }): Promise<void> {
    const fresh = options.rerunFailed ? jobs : jobs.filter((job) => !this.enqueued.get(`${job.name}:${job.id}`));
    if (fresh.length === 0) return;
    await this.deps.jobs.enqueueMany(fresh, options.rerunFailed ? { rerunFailed: true } : {});
    for (const job of fresh) this.enqueued.set(`${job.name}:${job.id}`, true);
  }

  private async orderOf(orderId: string): Promise<Order | null> {
    const { state } = await this.deps.handlers.orders.load(orderStreamId(orderId));
    return state.exists ? state : null;
  }
}
