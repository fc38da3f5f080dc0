import { Platform } from '../../domain/catalog';
import { hasReached, isPaidByChannel, isPickup, nextSteps, Order, OrderCancelled, OrderEvent } from '../../domain/order';
import { ReleaseReason, StockEvent } from '../../domain/stock';
import { EventMetadata } from '../../infrastructure/eventstore/event-store';
import { JobRequest } from '../../infrastructure/jobs/job-queue';
import { channelCancelJob } from '../channels/channel-cancel-job';
import { allocationOf, releaseReasonFor, reservationIdFor } from './reservations';
import { jobFor } from './workflow-jobs';

/** The first allocation attempt; retries are named after what triggered them. */
export const INITIAL_ALLOCATION = 'initial';

type Logged<E> = E & { metadata: Pick<EventMetadata, 'eventId' | 'correlationId'> };
/** An order event also says who caused it: a cancellation tells the channel only when the channel did not ask for it. */
export type LoggedOrderEvent = OrderEvent & { metadata: Pick<EventMetadata, 'eventId' | 'correlationId' | 'actor'> };
export type LoggedStockEvent = Logged<StockEvent>;

/** Who asked: carried on every command and stock change, so the log says why each happened. */
export type StepContext = { correlationId: string; causationId: string | null };

/** An event that may free units of a SKU, named so a retry it triggers has an id of its own. */
export type RestockTrigger = { eventId: string; correlationId: string };

/** A reservation the stock streams hold for this order, as the runner found them after a restart. */
export type HeldReservation = { locationId: string; sku: string; reservationId: string };

/** What the workflow reacts to. */
export type WorkflowEvent =
  /** A stock event in the log: units may have come free. */
  | { type: 'StockEventLogged'; event: LoggedStockEvent }
  /** An order's new events in the log, oldest first. */
  | { type: 'OrderEventsLogged'; events: readonly LoggedOrderEvent[] }
  /** The process restarted with this order marked open; `held` is every reservation the stock streams keep for it. */
  | { type: 'ProcessRestarted'; held: readonly HeldReservation[] }
  /** The order waits for this SKU, and units of it may be free now. */
  | { type: 'BackorderDue'; sku: string; trigger: RestockTrigger }
  /** The steps of this visit so far (`taken`) were carried out, `recorded` those that appended to the order; `order` is the order after them. */
  | { type: 'StepsTaken'; cause: VisitCause; taken: readonly string[]; recorded: readonly string[] };

/** What starts a visit to an order (everything but the visit's own feedback and the stock events). */
export type VisitCause = Exclude<WorkflowEvent, { type: 'StepsTaken' } | { type: 'StockEventLogged' }>;

/** A command that moves the order itself on: the runner feeds the order after it back as StepsTaken. */
export type StepIntent =
  | { kind: 'validate'; orderId: string; context: StepContext }
  | { kind: 'allocate'; orderId: string; allocationId: string; recordWhenNothingReserved: boolean; context: StepContext }
  | { kind: 'markReadyForPickup'; orderId: string; fulfillmentId: string; context: StepContext };

/** What the workflow wants done, as data: the runner carries the intents out in the order given. */
export type WorkflowIntent =
  | StepIntent
  | { kind: 'commitReservation'; locationId: string; sku: string; reservationId: string; context: StepContext }
  | { kind: 'releaseReservation'; locationId: string; sku: string; reservationId: string; reason: ReleaseReason; context: StepContext }
  | { kind: 'enqueueJobs'; jobs: JobRequest[]; rerunFailed: boolean }
  /** `durably`: written before the next intent is carried out, not with the batch. */
  | { kind: 'markOpen'; orderId: string; open: boolean; durably: boolean }
  /** The order is listed under each SKU of `waiting` (for restocks to retry, oldest first) and under no other of `skus`. */
  | { kind: 'listBackorders'; orderId: string; placedAt: string; waiting: string[]; skus: string[] }
  /** Once every order of the batch has advanced: retry, oldest first, the orders waiting for this SKU. */
  | { kind: 'retryBackorders'; sku: string; trigger: RestockTrigger };

const STEP_KINDS: ReadonlySet<WorkflowIntent['kind']> = new Set(['validate', 'allocate', 'markReadyForPickup']);

export const isStep = (intent: WorkflowIntent): intent is StepIntent => STEP_KINDS.has(intent.kind);

/** Names a step within one visit, so the visit never takes it twice. */
export const stepKey = (step: StepIntent): string => {
  switch (step.kind) {
    case 'validate':
      return 'validate';
    case 'allocate':
      return `allocate:${step.allocationId}`;
    case 'markReadyForPickup':
      return `readyForPickup:${step.fulfillmentId}`;
  }
};

/** Stock events that may free units for orders waiting on the SKU. */
const frees = (event: StockEvent): boolean =>
  event.type === 'StockReceived' ||
  event.type === 'ReservationReleased' ||
  event.type === 'StockPolicySet' ||
  (event.type === 'StockAdjusted' && event.data.delta > 0);

/** Order events after which the order's waiting lines may need (re)listing. */
const BACKORDER_EVENTS: ReadonlySet<string> = new Set(['LinesBackordered', 'InventoryAllocated', 'OrderCancelled', 'OrderReleased']);

/**
 * The order workflow as a pure function: given what happened and the order as
 * it stands now (null when it does not exist), what to do. No reads, no
 * writes, no clock; the runner (ProcessManager) does the I/O.
 *
 * A visit to an order runs by one rule: the runner carries out a reaction's
 * intents and, when they held steps (commands that move the order itself on),
 * feeds the order after them back as StepsTaken. A step is taken at most once
 * per visit, so the visit ends when the order asks only for jobs or nothing
 * new: each step either moves the order past the state that asked for it
 * (validated, allocated, ready for pickup) or was refused, and then waits for
 * the order's next event or the next restart. An order asks for finitely
 * many steps, so every visit ends.
 */
export function react(event: WorkflowEvent, order: Order | null): WorkflowIntent[] {
  switch (event.type) {
    case 'StockEventLogged':
      return frees(event.event) ? [{ kind: 'retryBackorders', sku: event.event.data.sku, trigger: triggerOf(event.event) }] : [];
    case 'OrderEventsLogged':
      return [...restocksLookedFor(event.events), ...(order ? visit(event, order, reactToOrderEvents(event.events, order)) : [])];
    case 'ProcessRestarted':
      return order ? visit(event, order, [...commitsOfShipped(order, contextOf(event, order)), ...orphansReleased(event.held, order, contextOf(event, order))]) : [];
    case 'BackorderDue':
      return order ? retryBackorder(event, order) : [];
    case 'StepsTaken':
      return order ? afterSteps(event, order) : [];
  }
}

/** Lines may start waiting while units are free (re-plans outrun by concurrent orders, a restock handled before they were listed): look again. */
const restocksLookedFor = (events: readonly LoggedOrderEvent[]): WorkflowIntent[] =>
  events.flatMap((event) =>
    event.type === 'LinesBackordered' ? event.data.lines.map((line) => ({ kind: 'retryBackorders' as const, sku: line.sku, trigger: triggerOf(event) })) : [],
  );

/** What each new event of the order asks for on its own, on the order as it stands now. */
function reactToOrderEvents(events: readonly LoggedOrderEvent[], order: Order): WorkflowIntent[] {
  const context = contextOfEvents(events, order.orderId);
  return events.flatMap((event): WorkflowIntent[] => {
    switch (event.type) {
      case 'FulfillmentShipped':
        return commitsOf(order, event.data.fulfillmentId, context);
      // A pickup order's units leave the store when the customer collects them.
      case 'FulfillmentDelivered':
        return isPickup(order) ? commitsOf(order, event.data.fulfillmentId, context) : [];
      case 'OrderCancelled':
        return [...releasesOfCancelled(order, context), ...channelToldOf(order, event)];
      case 'OrderReleased':
        return order.lines.some((line) => line.backordered > 0)
          ? [{ kind: 'allocate', orderId: order.orderId, allocationId: `release:${event.metadata.eventId}`, recordWhenNothingReserved: false, context }]
          : [];
      default:
        return [];
    }
  });
}

/**
 * A visit's first reaction: what its cause asks for, then what the order
 * itself asks for. Should the cause ask for a step, the order is asked only
 * once that step is taken (in StepsTaken), since the step changes the answer.
 */
function visit(cause: VisitCause, order: Order, fromCause: WorkflowIntent[]): WorkflowIntent[] {
  if (fromCause.some(isStep)) return fromCause;
  return [...fromCause, ...whatTheOrderAsks(cause, order, [])];
}

function afterSteps(event: Extract<WorkflowEvent, { type: 'StepsTaken' }>, order: Order): WorkflowIntent[] {
  // A retry for a restock records an allocation and stops: its events come back through the log.
  // Listed again only when the retry recorded something: otherwise the listing the retry read still holds.
  if (event.cause.type === 'BackorderDue') return event.recorded.length > 0 ? [markOpen(order), listBackorders(order)] : [markOpen(order)];
  return whatTheOrderAsks(event.cause, order, event.taken);
}

/** The jobs the order needs and the steps not yet taken this visit; with no step left, the visit settles. */
function whatTheOrderAsks(cause: VisitCause, order: Order, taken: readonly string[]): WorkflowIntent[] {
  const context = contextOf(cause, order);
  const steps = nextSteps(order);
  const jobs = steps.map((step) => jobFor(order.orderId, step)).filter((job) => job !== null);
  const intents: WorkflowIntent[] = jobs.length > 0 ? [{ kind: 'enqueueJobs', jobs, rerunFailed: cause.type === 'ProcessRestarted' }] : [];

  // Validation comes first: nothing else is asked of an order before it.
  const commands: StepIntent[] = steps.some((step) => step.kind === 'validate')
    ? [{ kind: 'validate', orderId: order.orderId, context }]
    : steps.flatMap((step): StepIntent[] => {
        if (step.kind === 'allocate') {
          return [{ kind: 'allocate', orderId: order.orderId, allocationId: INITIAL_ALLOCATION, recordWhenNothingReserved: true, context }];
        }
        if (step.kind === 'readyForPickup') return [{ kind: 'markReadyForPickup', orderId: order.orderId, fulfillmentId: step.fulfillmentId, context }];
        return [];
      });
  const untaken = commands.filter((step) => !taken.includes(stepKey(step)));
  if (untaken.length > 0) return [...intents, ...untaken];

  const settled: WorkflowIntent[] = [...intents, { kind: 'markOpen', orderId: order.orderId, open: steps.length > 0, durably: false }];
  const relist = cause.type === 'ProcessRestarted' || (cause.type === 'OrderEventsLogged' && cause.events.some((e) => BACKORDER_EVENTS.has(e.type)));
  return relist ? [...settled, listBackorders(order)] : settled;
}

/**
 * A restock retry: skipped (and the listing corrected) for an order that no
 * longer waits for the SKU; otherwise the order is marked open durably before
 * the attempt, so that should the process die between its reservations and
 * its record, recovery visits the order and releases them. Redelivery alone
 * would not: those very reservations leave nothing available, so the retry
 * would stop before reaching the order.
 */
function retryBackorder(event: Extract<WorkflowEvent, { type: 'BackorderDue' }>, order: Order): WorkflowIntent[] {
  const waits = !order.cancelled && !order.onHold && order.lines.some((line) => line.sku === event.sku && line.backordered > 0);
  if (!waits) return [listBackorders(order)];
  return [
    { kind: 'markOpen', orderId: order.orderId, open: true, durably: true },
    {
      kind: 'allocate',
      orderId: order.orderId,
      allocationId: `restock:${event.trigger.eventId}`,
      recordWhenNothingReserved: false,
      context: { correlationId: event.trigger.correlationId, causationId: event.trigger.eventId },
    },
  ];
}

/** After a restart: the units of fulfilments shipped (or collected) are committed, should the process have died before. */
const commitsOfShipped = (order: Order, context: StepContext): WorkflowIntent[] =>
  Object.values(order.fulfillments).flatMap((f) => (hasReached(f.status, 'shipped') ? commitsOf(order, f.fulfillmentId, context) : []));

/** The units of a shipped (or collected) fulfilment leave the building: its reservations are committed. */
const commitsOf = (order: Order, fulfillmentId: string, context: StepContext): WorkflowIntent[] => {
  const fulfillment = order.fulfillments[fulfillmentId];
  if (!fulfillment) return [];
  return fulfillment.lines.map((line) => ({
    kind: 'commitReservation',
    locationId: fulfillment.locationId,
    sku: line.sku,
    reservationId: reservationIdFor(order.orderId, fulfillment.allocationId, line.lineId),
    context,
  }));
};

/** A cancelled order gives back the units its unshipped fulfilments hold. */
const releasesOfCancelled = (order: Order, context: StepContext): WorkflowIntent[] =>
  Object.values(order.fulfillments)
    .filter((f) => !f.shippedAt)
    .flatMap((f) =>
      f.lines.map((line) => ({
        kind: 'releaseReservation' as const,
        locationId: f.locationId,
        sku: line.sku,
        reservationId: reservationIdFor(order.orderId, f.allocationId, line.lineId),
        reason: 'cancelled' as const,
        context,
      })),
    );

/**
 * The storefront took the payment, so only it can give the money back: an
 * order cancelled in the OMS (an admin, a client) is cancelled there too.
 * One the storefront cancelled itself (its integration recorded it) is not.
 */
function channelToldOf(order: Order, event: OrderCancelled & Pick<LoggedOrderEvent, 'metadata'>): WorkflowIntent[] {
  const platform = Platform.safeParse(order.channel);
  if (!platform.success || !isPaidByChannel(order.payment) || event.metadata.actor === `integration:${platform.data}`) return [];
  return [{ kind: 'enqueueJobs', jobs: [channelCancelJob(order.orderId, platform.data, event.data.reason)], rerunFailed: false }];
}

/**
 * After a restart: reservations of this order that no recorded attempt
 * explains (an attempt cut short), or any at all once it is cancelled, are
 * released with the reason that is true now. The first attempt is the
 * exception: it runs again as soon as the order may advance and takes up
 * what it reserved, rather than reserving it anew.
 */
const orphansReleased = (held: readonly HeldReservation[], order: Order, context: StepContext): WorkflowIntent[] =>
  held.flatMap((reservation): WorkflowIntent[] => {
    const attempt = allocationOf(reservation.reservationId, order.orderId);
    if (attempt === null) return [];
    const orphaned = attempt !== INITIAL_ALLOCATION && !order.allocationIds[attempt];
    return order.cancelled || orphaned ? [{ kind: 'releaseReservation', ...reservation, reason: releaseReasonFor(order), context }] : [];
  });

const markOpen = (order: Order): WorkflowIntent => ({ kind: 'markOpen', orderId: order.orderId, open: nextSteps(order).length > 0, durably: false });

const listBackorders = (order: Order): WorkflowIntent => ({
  kind: 'listBackorders',
  orderId: order.orderId,
  placedAt: order.placedAt,
  waiting: order.cancelled ? [] : [...new Set(order.lines.filter((line) => line.backordered > 0).map((line) => line.sku))],
  skus: [...new Set(order.lines.map((line) => line.sku))],
});

const triggerOf = (event: Logged<unknown>): RestockTrigger => ({ eventId: event.metadata.eventId, correlationId: event.metadata.correlationId });

const contextOfEvents = (events: readonly LoggedOrderEvent[], orderId: string): StepContext => {
  const last = events[events.length - 1];
  return { correlationId: last?.metadata.correlationId ?? orderId, causationId: last?.metadata.eventId ?? null };
};

function contextOf(cause: VisitCause, order: Order): StepContext {
  switch (cause.type) {
    case 'OrderEventsLogged':
      return contextOfEvents(cause.events, order.orderId);
    case 'BackorderDue':
      return { correlationId: cause.trigger.correlationId, causationId: cause.trigger.eventId };
    case 'ProcessRestarted':
      return { correlationId: order.orderId, causationId: null };
  }
}
