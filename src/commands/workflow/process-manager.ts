import { AllocationStrategy } from '../../domain/allocation';
import { Catalog, Order, orderStreamId } from '../../domain/order';
import { locationStreamId } from '../../domain/location';
import { DomainError } from '../../domain/kernel/domain-error';
import { parseStreamId } from '../../domain/kernel/stream-names';
import { atp, openReservations, stockStreamId } from '../../domain/stock';
import { DocumentStore, Lease } from '../../infrastructure/documents/document-store';
import { decodeLocationEvent, decodeOrderEvent, decodeStockEvent } from '../../infrastructure/eventstore/event-decoders';
import { pacedBatches } from '../../infrastructure/eventstore/commit-window';
import { EventStore, StoredEvent, Subscription } from '../../infrastructure/eventstore/event-store';
import { JobQueue, JobRequest } from '../../infrastructure/jobs/job-queue';
import { Logger } from '../../infrastructure/observability/logger';
import { catalogProducts } from '../catalog-products';
import { CommandHandlers } from '../command-handlers';
import { KeyedMutex } from '../keyed-mutex';
import { LruCache } from '../lru-cache';
import { allocateOrder, AllocationDependencies, release } from './allocate-order';
import { workflowCollections, WorkflowState } from './workflow-state';
import {
  HeldReservation,
  isStep,
  LoggedOrderEvent,
  react,
  RestockTrigger,
  StepContext,
  stepKey,
  VisitCause,
  WorkflowIntent,
} from './workflow-reactor';

export const PROCESS_MANAGER = 'process-manager';

const ACTOR = 'system:workflow';

/**
 * Batches whose orders may be visited at once, while together they hold less
 * than one full batch of events: under a backlog, orders taken on all at once
 * would each finish later, so a full batch is carried through alone.
 */
const BATCHES_IN_FLIGHT = 4;
const DEFAULT_BATCH_SIZE = 500;

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
  /** How often, at most, to commit the state and checkpoint while events keep coming (default COMMIT_WINDOW_MS). */
  commitWindowMs?: number;
};

/**
 * Runs the order workflow: follows the log from its checkpoint, asks the
 * workflow reactor (react) what each event calls for, and carries out the
 * intents it answers with: commands to the order and stock streams, jobs
 * with deterministic ids, the workflow's own state (open orders, backorders).
 * All deciding is in the reactor; here is only reading, writing and the
 * order in which things happen. Every intent is safe to repeat, so
 * redelivery changes nothing, and a restart carries on from the checkpoint
 * after revisiting the orders that had work in flight.
 */
export class ProcessManager {
  private readonly mutex = new KeyedMutex();
  private readonly state: WorkflowState;
  private readonly enqueued = new LruCache<string, true>(100_000);
  private readonly allocation: AllocationDependencies;
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private position = 0n;
  /** The last event handled, committed as the checkpoint with the next flush. */
  private handledUpTo = 0n;
  private failure: Error | null = null;
  private committing: Promise<void> = Promise.resolve();
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
    this.handledUpTo = this.position;
    this.failure = null;
    await this.recover();
    this.running = true;
    this.subscription = this.deps.events.subscribe({ after: this.position, batchSize: this.batchSize });
    this.loop = this.follow(this.subscription);
  }

  private get batchSize(): number {
    return this.deps.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.subscription?.close();
    await this.loop;
    await this.committing;
  }

  health() {
    return { position: this.position, state: this.failure ? 'failed' : this.running ? 'running' : 'stopped', error: this.failure?.message ?? null };
  }

  /**
   * Handles one batch of the log, and commits unless told not to yet; exposed
   * so tests can deliver a batch again. `afterEarlier` settles once the batches
   * before this one are handled: this one's orders are visited at once (each
   * order's visits still one at a time, in log order), but its restocks and
   * its place in the checkpoint wait for them.
   */
  async handleBatch(batch: readonly StoredEvent[], options: { commit?: boolean; afterEarlier?: Promise<void> } = {}): Promise<void> {
    const byOrder = new Map<string, LoggedOrderEvent[]>();
    const restocks = new Restocks();
    for (const stored of batch) {
      const stream = parseStreamId(stored.streamId);
      if (stream?.streamType === 'order') {
        const events = byOrder.get(stream.orderId);
        if (events) events.push(decodeOrderEvent(stored));
        else byOrder.set(stream.orderId, [decodeOrderEvent(stored)]);
      } else if (stream?.streamType === 'location') {
        this.state.applyLocationEvent(decodeLocationEvent(stored));
      } else if (stream?.streamType === 'stock') {
        restocks.add(react({ type: 'StockEventLogged', event: decodeStockEvent(stored) }, null));
      }
    }
    await Promise.all(
      [...byOrder].map(([orderId, events]) =>
        this.mutex.run(orderId, async () => restocks.add(await this.visit(orderId, { type: 'OrderEventsLogged', events }))),
      ),
    );
    // Restocks run in log order, and the checkpoint moves past this batch only once every batch before it is handled.
    await options.afterEarlier;
    // Most restocks find nothing available (the batch's own backorders): those cost no write.
    const due = await this.withStockAvailable(restocks);
    if (due.length > 0) {
      // Orders that began waiting in this batch must be listed before the restocks look for them.
      await this.state.flush();
      for (const [sku, trigger] of due) await this.retryBackorders(sku, trigger);
    }
    const last = batch[batch.length - 1];
    if (last && last.position > this.handledUpTo) this.handledUpTo = last.position;
    if (options.commit !== false) await this.commit();
  }

  /** Writes the state changed since the last commit, with the checkpoint after the last event handled. */
  private async commit(): Promise<void> {
    // A batch delivered again (behind the checkpoint) must not move the checkpoint back.
    // Commits run behind the batches: by the time this one lands, later batches may have moved handledUpTo on.
    const upTo = this.handledUpTo;
    if (upTo > this.position) {
      await this.state.flush({ name: PROCESS_MANAGER, position: upTo });
      this.position = upTo;
    } else {
      await this.state.flush();
    }
  }

  /**
   * Orders are visited as each batch arrives, without waiting for the batches
   * before it to finish their steps: an order's allocation does not queue
   * behind another order's payment (see BATCHES_IN_FLIGHT). Only the commit
   * of the state and checkpoint waits for the window. Stopped with a commit
   * open, the batches after the checkpoint are handled again at the next
   * start, as after a crash.
   */
  private async follow(subscription: Subscription): Promise<void> {
    const inFlight: { handled: Promise<void>; events: number }[] = [];
    const eventsInFlight = () => inFlight.reduce((total, open) => total + open.events, 0);
    let earlier: Promise<void> = Promise.resolve();
    try {
      for await (const { batch, commit } of pacedBatches(subscription, this.deps.commitWindowMs)) {
        if (batch) {
          const handled = this.handleBatch(batch, { commit: false, afterEarlier: earlier });
          // Seen here at once, not when its turn to be awaited comes: a failed batch stops the process manager.
          handled.catch(async (error: unknown) => {
            this.fail(error);
            await subscription.close();
          });
          inFlight.push({ handled, events: batch.length });
          earlier = handled;
          while (inFlight.length >= BATCHES_IN_FLIGHT || eventsInFlight() >= this.batchSize) await inFlight.shift()!.handled;
        }
        if (commit) this.commitBehind(subscription, earlier);
      }
      await earlier;
    } catch (error) {
      this.fail(error);
    } finally {
      // After a failure the batches still open carry on for a moment: the process manager stops once they have.
      await Promise.allSettled(inFlight.map((open) => open.handled));
    }
  }

  /**
   * Commits while the next batches are carried out: the commit may wait for
   * the file (the projections write to it too), and the orders need not.
   * Commits land in turn, each once the batches handed out before it are
   * handled, with the state and checkpoint as they are when it starts. One
   * that fails stops the process manager.
   */
  private commitBehind(subscription: Subscription, batchesBefore: Promise<void>): void {
    this.committing = this.committing
      .then(() => batchesBefore)
      .then(() => this.commit())
      .catch(async (error: unknown) => {
        this.fail(error);
        await subscription.close();
      });
  }

  private fail(error: unknown): void {
    // A failed batch fails every batch after it as well: the first error is the one to report.
    if (this.failure && !this.running) return;
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.running = false;
    this.deps.logger.error({ err: this.failure }, 'process manager stopped on an error');
  }

  /** Visits every order that had work in flight when the process last stopped. */
  private async recover(): Promise<void> {
    const open = await this.state.openOrders();
    if (open.length > 0) this.deps.logger.info({ orders: open.length }, 'resuming orders with work in flight');
    for (const orderId of open) {
      await this.mutex.run(orderId, async () => {
        const order = await this.orderOf(orderId);
        if (order) await this.visit(orderId, { type: 'ProcessRestarted', held: await this.reservationsHeldFor(order) }, order);
      });
    }
    await this.state.flush();
  }

  /**
   * One visit to an order: react, carry the intents out, and while they held
   * steps feed the order after them back to the reactor (which never asks for
   * a step twice in one visit, so the visit ends). Answers the restock
   * retries the visit asked for, to run once the whole batch has advanced.
   */
  private async visit(orderId: string, cause: VisitCause, loaded?: Order): Promise<WorkflowIntent[]> {
    let order = loaded ?? (await this.orderOf(orderId));
    const reaction = react(cause, order);
    const restocks = reaction.filter((intent) => intent.kind === 'retryBackorders');
    if (!order) return restocks;
    let intents = withinTheVisit(reaction);
    const taken: string[] = [];
    const recorded: string[] = [];
    for (;;) {
      const outcomes = await this.carryOut(intents, order);
      const steps = intents.filter(isStep);
      if (steps.length === 0) return restocks;
      taken.push(...steps.map(stepKey));
      recorded.push(...steps.filter((step) => outcomes.get(step) === true).map(stepKey));
      order = (await this.orderOf(orderId)) ?? order;
      intents = withinTheVisit(react({ type: 'StepsTaken', cause, taken, recorded }, order));
    }
  }

  /** Carries out intents in the order given (stock changes next to each other side by side); answers which steps recorded something. */
  private async carryOut(intents: readonly VisitIntent[], order: Order): Promise<Map<VisitIntent, boolean>> {
    const recorded = new Map<VisitIntent, boolean>();
    for (let index = 0; index < intents.length; ) {
      let end = index + 1;
      if (isStockChange(intents[index]!)) while (end < intents.length && isStockChange(intents[end]!)) end++;
      const batch = intents.slice(index, end);
      const outcomes = await Promise.all(batch.map((intent) => this.carryOutOne(intent, order)));
      batch.forEach((intent, i) => recorded.set(intent, outcomes[i]!));
      index = end;
    }
    return recorded;
  }

  /** Answers, for a step, whether it appended anything to the order. */
  private async carryOutOne(intent: VisitIntent, order: Order): Promise<boolean> {
    switch (intent.kind) {
      case 'validate':
        return this.validate(order, intent.context);
      case 'allocate':
        return allocateOrder(this.allocation, order, intent.allocationId, intent.context, { recordWhenNothingReserved: intent.recordWhenNothingReserved });
      case 'markReadyForPickup':
        return this.readyForPickup(intent.orderId, intent.fulfillmentId, intent.context);
      case 'commitReservation':
        await this.deps.handlers.stock.handle(
          stockStreamId(intent.locationId, intent.sku),
          {
            type: 'CommitReservation',
            data: { locationId: intent.locationId, sku: intent.sku, reservationId: intent.reservationId, at: this.deps.now().toISOString() },
          },
          { actor: ACTOR, ...intent.context },
        );
        return false;
      case 'releaseReservation':
        await release(this.allocation, order.orderId, intent.sku, intent.locationId, intent.reservationId, intent.reason, intent.context);
        return false;
      case 'enqueueJobs':
        await this.enqueue(intent.jobs, { rerunFailed: intent.rerunFailed });
        return false;
      case 'markOpen':
        this.state.markOpen(intent.orderId, intent.open);
        if (intent.durably) await this.state.flush();
        return false;
      case 'listBackorders':
        this.state.listBackorders(intent);
        return false;
    }
  }

  /** Orders waiting for the SKU, oldest first, each retried while any unit of it is available. */
  private async retryBackorders(sku: string, trigger: RestockTrigger): Promise<void> {
    for await (const entry of this.state.backordersOf(sku)) {
      if ((await this.availableToPromise(sku)) === 0) return;
      await this.mutex.run(entry.orderId, () => this.visit(entry.orderId, { type: 'BackorderDue', sku, trigger }));
    }
  }

  private async withStockAvailable(restocks: Restocks): Promise<[string, RestockTrigger][]> {
    const entries = [...restocks];
    const available = await Promise.all(entries.map(([sku]) => this.availableToPromise(sku)));
    return entries.filter((_, index) => available[index]! > 0);
  }

  private async availableToPromise(sku: string): Promise<number> {
    const active = this.state.allLocations().filter((location) => location.active);
    const states = await Promise.all(active.map((location) => this.deps.handlers.stock.load(stockStreamId(location.locationId, sku))));
    return states.reduce((total, { state }) => total + atp(state), 0);
  }

  /** Every reservation the stock streams hold for this order: a scan, so only done on recovery. */
  private async reservationsHeldFor(order: Order): Promise<HeldReservation[]> {
    const held: HeldReservation[] = [];
    for (const location of this.state.allLocations()) {
      for (const sku of new Set(order.lines.map((line) => line.sku))) {
        const { state } = await this.deps.handlers.stock.load(stockStreamId(location.locationId, sku));
        for (const [reservationId, reservation] of openReservations(state)) {
          if (reservation.orderId === order.orderId) held.push({ locationId: location.locationId, sku, reservationId });
        }
      }
    }
    return held;
  }

  private async validate(order: Order, context: StepContext): Promise<boolean> {
    const catalog: Catalog = {};
    for (const [sku, product] of await catalogProducts(this.deps.handlers, order.lines.map((line) => line.sku))) {
      if (product.exists) catalog[sku] = { active: product.active, currency: product.currency, unitPrice: product.unitPrice };
    }
    const { events } = await this.deps.handlers.orders.handle(
      orderStreamId(order.orderId),
      { type: 'ValidateOrder', data: { catalog, at: this.deps.now().toISOString() } },
      { actor: ACTOR, ...context },
    );
    return events.length > 0;
  }

  /** A packed pickup fulfilment is ready at its store: nothing to label, the customer is told to come. */
  private async readyForPickup(orderId: string, fulfillmentId: string, context: StepContext): Promise<boolean> {
    try {
      const { events } = await this.deps.handlers.orders.handle(
        orderStreamId(orderId),
        { type: 'MarkReadyForPickup', data: { fulfillmentId, at: this.deps.now().toISOString() } },
        { actor: ACTOR, ...context },
      );
      return events.length > 0;
    } catch (error) {
      // Held or cancelled since we read it: the event that did so brings the order back here.
      if (!(error instanceof DomainError)) throw error;
      return false;
    }
  }

  /** On recovery every needed job is handed over, and one that finally failed (a worker died under it) runs again. */
  private async enqueue(jobs: readonly JobRequest[], options: { rerunFailed: boolean }): Promise<void> {
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

/** What a visit carries out itself: restock retries wait for the end of the batch. */
type VisitIntent = Exclude<WorkflowIntent, { kind: 'retryBackorders' }>;

const withinTheVisit = (intents: readonly WorkflowIntent[]) => intents.filter((intent): intent is VisitIntent => intent.kind !== 'retryBackorders');

const isStockChange = (intent: VisitIntent) => intent.kind === 'commitReservation' || intent.kind === 'releaseReservation';

/** The SKUs a batch may have freed, each retried once, for the latest event that freed it. */
class Restocks extends Map<string, RestockTrigger> {
  add(intents: readonly WorkflowIntent[]): void {
    for (const intent of intents) {
      if (intent.kind !== 'retryBackorders') continue;
      this.set(intent.sku, intent.trigger);
    }
  }
}
