import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { openOms, Oms } from '../../src/composition/oms';
import { PlaceOrderInput } from '../../src/commands/place-order';
import { CommandHandlers } from '../../src/commands/command-handlers';
import { jobFor, WorkflowPorts } from '../../src/commands/workflow/workflow-jobs';
import { AllocationStrategy } from '../../src/domain/allocation';
import { productStreamId } from '../../src/domain/catalog';
import { locationStreamId } from '../../src/domain/location';
import { Catalog, Order, OrderCommand, OrderStatus, orderStatus, orderStreamId, orderTotals, PriceAuthority } from '../../src/domain/order';
import { StockCommand, StockEvent, StockState, stockStreamId } from '../../src/domain/stock';
import { ApiKeyRing } from '../../src/http/auth/api-key-ring';
import { SandboxCarrier } from '../../src/infrastructure/carriers/sandbox-carrier';
import { Carrier, LabelRequest } from '../../src/infrastructure/carriers/carrier';
import { StoredEvent, StreamNotFound } from '../../src/infrastructure/eventstore/event-store';
import { LogNotifier } from '../../src/infrastructure/notifications/log-notifier';
import { Notification, Notifier } from '../../src/infrastructure/notifications/notifier';
import { silentLogger } from '../../src/infrastructure/observability/logger';
import {
  AuthorizeRequest,
  CaptureRequest,
  PaymentGateway,
  RefundRequest,
  VoidRequest,
} from '../../src/infrastructure/payments/payment-gateway';
import { SandboxPaymentGateway } from '../../src/infrastructure/payments/sandbox-payment-gateway';
import { makeTempDir } from './temp-dir';

/**
 * The real OMS (openOms on SQLite files in a temp folder, inline jobs, the
 * sandbox ports) for workflow scenarios: set up the catalog, locations and
 * stock through the command handlers, place orders, let the process manager
 * and its jobs run to quiet (settle), then read what happened: order state,
 * the events of any stream, stock per location, read models and every call
 * the workflow made to the outside world.
 */

const KEYS = 'workflow-admin-key-0123456789:admin';

type StockHandle = CommandHandlers['stock']['handle'];
const SETTLE_TIMEOUT_MS = 10_000;
const ACTOR = 'test:scenario';

// ---- ports that remember every call ------------------------------------------------------------

/** Every call the workflow made to a port, in call order (the request as sent). */
export type PortCalls = {
  authorize: AuthorizeRequest[];
  capture: CaptureRequest[];
  void: VoidRequest[];
  label: LabelRequest[];
  send: Notification[];
};

/**
 * The sandbox gateway and carrier and the log notifier, wrapped so a test can
 * see every call. Keep one instance across a restart: the outside world does
 * not forget what it was asked when the OMS restarts.
 */
export class RecordingPorts implements WorkflowPorts {
  readonly calls: PortCalls = { authorize: [], capture: [], void: [], label: [], send: [] };
  readonly gateway = new SandboxPaymentGateway();
  readonly sandboxCarrier = new SandboxCarrier();
  readonly logNotifier = new LogNotifier({ logger: silentLogger(), keep: 100_000 });

  readonly payments: PaymentGateway = {
    supportedMethods: this.gateway.supportedMethods,
    authorize: (request) => this.record('authorize', request, () => this.gateway.authorize(request)),
    capture: (request) => this.record('capture', request, () => this.gateway.capture(request)),
    void: (request) => this.record('void', request, () => this.gateway.void(request)),
    refund: (request: RefundRequest) => this.gateway.refund(request),
  };

  readonly carrier: Carrier = {
    quote: (request) => this.sandboxCarrier.quote(request),
    createLabel: (request) => this.record('label', request, () => this.sandboxCarrier.createLabel(request)),
    track: (trackingNumber) => this.sandboxCarrier.track(trackingNumber),
  };

  readonly notifier: Notifier = {
    send: (notification) => this.record('send', notification, () => this.logNotifier.send(notification)),
    close: () => this.logNotifier.close(),
  };

  /** How many calls of each kind so far: compare two snapshots to prove nothing happened in between. */
  counts(): Record<keyof PortCalls, number> {
    return {
      authorize: this.calls.authorize.length,
      capture: this.calls.capture.length,
      void: this.calls.void.length,
      label: this.calls.label.length,
      send: this.calls.send.length,
    };
  }

  /** The messages the notifier delivered for an order, oldest first. */
  sentTo(orderId: string) {
    return this.logNotifier.sent().filter((message) => message.orderId === orderId);
  }

  private async record<K extends keyof PortCalls, T>(kind: K, request: PortCalls[K][number], call: () => Promise<T>): Promise<T> {
    (this.calls[kind] as PortCalls[K][number][]).push(request);
    return call();
  }
}

// ---- fixtures ------------------------------------------------------------------------------------

export type LocationSpec = { priority?: number; country?: string; postalCode?: string; active?: boolean; kind?: 'warehouse' | 'store' };

export type OrderSpec = {
  orderId?: string;
  lines: { sku: string; quantity: number; unitPrice?: number }[];
  /** `catalog` (default) as a client key places it; `as-sent` keeps the line prices, as an admin key or a storefront does. */
  pricing?: PriceAuthority;
  /** The card token; null places the order without one. */
  token?: string | null;
  currency?: string;
  /** When the order was placed (its placedAt): backorders are retried oldest first by it. */
  at?: string;
  country?: string;
  postalCode?: string;
  email?: string;
  shippingMethod?: PlaceOrderInput['shippingMethod'];
};

export type HarnessOptions = {
  strategy?: AllocationStrategy;
  /** Ports to use (keep the same ones across a restart); fresh recording sandboxes by default. */
  ports?: RecordingPorts;
  /** Start the process manager with the rest (default true); false leaves it for `startProcessManager`. */
  processManager?: boolean;
  /** Reopen on this data folder instead of a fresh one. */
  dataDir?: string;
};

/** The instant `minute` minutes into a fixed test day, for events whose time matters. */
export const minute = (n: number): string => new Date(Date.UTC(2025, 5, 2, 9, n)).toISOString();

export async function openWorkflowHarness(options: HarnessOptions = {}): Promise<WorkflowHarness> {
  const temp = options.dataDir ? null : makeTempDir('oms-workflow-');
  return openOn(options.dataDir ?? temp!.dir, options, temp?.remove ?? null);
}

async function openOn(dataDir: string, options: HarnessOptions, removeDataDir: (() => Promise<void>) | null): Promise<WorkflowHarness> {
  const ports = options.ports ?? new RecordingPorts();
  const oms = await openOms({
    config: loadConfig({
      OMS_DATA_DIR: dataDir,
      OMS_LOG_LEVEL: 'silent',
      OMS_ALLOCATION_STRATEGY: options.strategy ?? 'priority',
    }),
    logger: silentLogger(),
    keys: ApiKeyRing.parse(KEYS),
    ports,
  });
  await oms.start({ projections: true });
  await oms.jobs.start();
  if (options.processManager ?? true) await oms.background.workflow.start();
  return new WorkflowHarness(oms, ports, dataDir, { ...options, ports }, removeDataDir);
}

export class WorkflowHarness {
  private closed = false;

  constructor(
    readonly oms: Oms,
    readonly ports: RecordingPorts,
    readonly dataDir: string,
    private readonly options: HarnessOptions,
    private removeDataDir: (() => Promise<void>) | null,
  ) {}

  // ---- catalog, locations, stock -----------------------------------------------------------------

  async defineProduct(sku: string, product: { unitPrice?: number; currency?: string; active?: boolean } = {}): Promise<void> {
    await this.oms.handlers.products.handle(
      productStreamId(sku),
      {
        type: 'DefineProduct',
        data: {
          sku,
          name: `Product ${sku}`,
          unitPrice: product.unitPrice ?? 1000,
          currency: product.currency ?? 'USD',
          active: product.active ?? true,
          at: now(),
        },
      },
      this.context(),
    );
  }

  async defineLocation(locationId: string, spec: LocationSpec = {}): Promise<void> {
    await this.oms.handlers.locations.handle(
      locationStreamId(locationId),
      {
        type: 'DefineLocation',
        data: {
          locationId,
          name: `Location ${locationId}`,
          kind: spec.kind ?? 'warehouse',
          priority: spec.priority ?? 1,
          address: { country: spec.country ?? 'US', postalCode: spec.postalCode ?? '10001', region: null, city: null },
          active: spec.active ?? true,
          at: now(),
        },
      },
      this.context(),
    );
  }

  receiveStock(locationId: string, sku: string, quantity: number) {
    return this.stockCommand({ type: 'ReceiveStock', data: { locationId, sku, quantity, reference: `PO-${randomUUID().slice(0, 8)}`, at: now() } });
  }

  setStockPolicy(locationId: string, sku: string, policy: { bin?: string | null; safetyStock?: number; lowStockThreshold?: number } = {}) {
    return this.stockCommand({
      type: 'SetStockPolicy',
      data: {
        locationId,
        sku,
        safetyStock: policy.safetyStock ?? 0,
        lowStockThreshold: policy.lowStockThreshold ?? 0,
        leadTimeDays: 3,
        bin: policy.bin ?? null,
        at: now(),
      },
    });
  }

  /**
   * Puts `around` in front of every stock command the OMS handles from now
   * on, the process manager's included: to let a rival process act first, or
   * to kill the workflow part-way through a step (throw before or after
   * `proceed`). Gone with a restart.
   */
  interceptStockCommands(around: (command: StockCommand, proceed: () => ReturnType<StockHandle>) => ReturnType<StockHandle>): void {
    const stock = this.oms.handlers.stock;
    const handle: StockHandle = stock.handle.bind(stock);
    stock.handle = (streamId, command, context) => around(command, () => handle(streamId, command, context));
  }

  stockCommand(command: StockCommand) {
    return this.oms.handlers.stock.handle(stockStreamId(command.data.locationId, command.data.sku), command, this.context());
  }

  // ---- orders --------------------------------------------------------------------------------

  /** Places an order as a client would (catalog prices; as sent with `pricing: 'as-sent'`); answers its id. */
  async placeOrder(spec: OrderSpec): Promise<string> {
    const orderId = spec.orderId ?? randomUUID();
    const input: PlaceOrderInput = {
      orderId,
      channel: 'web',
      externalRef: null,
      customer: { id: `cust-${orderId.slice(0, 8)}`, email: spec.email ?? 'ada@example.com', name: 'Ada Lovelace', phone: null },
      currency: spec.currency ?? 'USD',
      lines: spec.lines,
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '1 Main Street',
        line2: null,
        city: 'Springfield',
        region: null,
        postalCode: spec.postalCode ?? '62701',
        country: spec.country ?? 'US',
      },
      shippingMethod: spec.shippingMethod ?? 'standard',
      payment: { method: 'card', token: spec.token === undefined ? 'tok_visa' : spec.token },
      notes: null,
      pricing: spec.pricing ?? 'catalog',
    };
    await this.oms.placeOrder(input, { ...this.context(orderId), at: spec.at ?? now() });
    return orderId;
  }

  /** An order command as a client or the warehouse would send it. */
  orderCommand(orderId: string, command: OrderCommand) {
    return this.oms.handlers.orders.handle(orderStreamId(orderId), command, this.context(orderId));
  }

  hold = (orderId: string, reason = 'fraud check') => this.orderCommand(orderId, { type: 'HoldOrder', data: { reason, by: 'admin', channel: null, at: now() } });
  release = (orderId: string) => this.orderCommand(orderId, { type: 'ReleaseOrder', data: { by: 'admin', channel: null, at: now() } });
  cancel = (orderId: string, reason = 'customer asked') => this.orderCommand(orderId, { type: 'CancelOrder', data: { reason, at: now() } });
  pick = (orderId: string, fulfillmentId: string) =>
    this.orderCommand(orderId, { type: 'MarkFulfillmentPicked', data: { fulfillmentId, at: now() } });
  pack = (orderId: string, fulfillmentId: string) =>
    this.orderCommand(orderId, { type: 'MarkFulfillmentPacked', data: { fulfillmentId, at: now() } });
  ship = (orderId: string, fulfillmentId: string) =>
    this.orderCommand(orderId, { type: 'MarkFulfillmentShipped', data: { fulfillmentId, at: now() } });
  deliver = (orderId: string, fulfillmentId: string) =>
    this.orderCommand(orderId, { type: 'MarkFulfillmentDelivered', data: { fulfillmentId, at: now() } });

  /**
   * Validates an order and records its payment authorization as the workflow
   * would (same gateway idempotency key, same event ids as the job), without
   * the process manager: with it stopped, many orders can be brought to the
   * point of allocation and then handed to it in one batch.
   */
  async validateAndAuthorize(orderId: string): Promise<void> {
    const order = await this.order(orderId);
    const catalog: Catalog = {};
    for (const { sku } of order.lines) {
      const { state } = await this.oms.handlers.products.load(productStreamId(sku));
      if (state.exists) catalog[sku] = { active: state.active, currency: state.currency, unitPrice: state.unitPrice };
    }
    await this.orderCommand(orderId, { type: 'ValidateOrder', data: { catalog, at: now() } });
    const jobId = jobFor(orderId, { kind: 'authorize' })!.id;
    const authorization = await this.ports.payments.authorize({
      idempotencyKey: jobId,
      amount: orderTotals(order).grand,
      currency: order.currency,
      token: (await this.oms.secrets.read(orderId)) ?? '',
      orderId,
    });
    await this.oms.handlers.orders.handle(
      orderStreamId(orderId),
      { type: 'RecordPaymentAuthorized', data: { ...authorization, at: now() } },
      { actor: ACTOR, correlationId: orderId, eventIdSeed: `job:${jobId}` },
    );
    await this.oms.secrets.erase(orderId);
  }

  /** Picks and packs every fulfilment, lets the carrier job label them, ships them; settles in between. */
  async shipAll(orderId: string): Promise<string[]> {
    const fulfillments = Object.keys((await this.order(orderId)).fulfillments);
    for (const f of fulfillments) {
      await this.pick(orderId, f);
      await this.pack(orderId, f);
    }
    await this.settle();
    for (const f of fulfillments) await this.ship(orderId, f);
    await this.settle();
    return fulfillments;
  }

  // ---- quiet ---------------------------------------------------------------------------------

  /**
   * Resolves once the workflow is quiet: the process manager (when running)
   * and the read models have handled everything up to the head of the log,
   * no job is waiting, delayed or running, and the head did not move while we
   * checked. Throws when the process manager stopped on an error, or after
   * SETTLE_TIMEOUT_MS.
   */
  async settle(): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    const remaining = () => {
      const ms = deadline - Date.now();
      if (ms <= 0) throw new Error(`the workflow did not settle within ${SETTLE_TIMEOUT_MS} ms`);
      return ms;
    };
    for (;;) {
      const head = await this.oms.events.headPosition();
      await this.processManagerReaches(head, remaining);
      if (!(await this.oms.projections.waitForPosition(head, remaining()))) remaining();
      await withTimeout(this.oms.jobs.idle(), remaining(), 'jobs did not become idle');
      const counts = await this.oms.jobs.counts();
      const busy = counts.waiting + counts.active + counts.delayed > 0;
      if (!busy && (await this.oms.events.headPosition()) === head && this.processManagerAt(head)) return;
      remaining();
    }
  }

  private processManagerAt(head: bigint): boolean {
    const health = this.oms.processManager.health();
    return health.state !== 'running' || health.position >= head;
  }

  private async processManagerReaches(head: bigint, remaining: () => number): Promise<void> {
    for (;;) {
      const health = this.oms.processManager.health();
      if (health.state === 'failed') throw new Error(`the process manager failed: ${health.error}`);
      if (this.processManagerAt(head)) return;
      remaining();
      // The process manager offers no waiter; it moves on within a turn or two of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Waits until the process manager has stopped on an error (a simulated crash); answers the error. */
  async processManagerFailure(): Promise<string> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (;;) {
      const health = this.oms.processManager.health();
      if (health.state === 'failed') return health.error ?? '';
      if (Date.now() > deadline) throw new Error(`the process manager did not fail (it is ${health.state})`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  async startProcessManager(): Promise<void> {
    await this.oms.background.workflow.start();
  }

  async stopProcessManager(): Promise<void> {
    await this.oms.background.workflow.stop();
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The order's decision state, with the status it shows. */
  async order(orderId: string): Promise<Order & { status: OrderStatus }> {
    const { state } = await this.oms.handlers.orders.load(orderStreamId(orderId));
    if (!state.exists) throw new Error(`no order ${orderId}`);
    return { ...state, status: orderStatus(state) };
  }

  async events(streamId: string): Promise<StoredEvent[]> {
    try {
      return await this.oms.events.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }

  orderEvents = (orderId: string) => this.events(orderStreamId(orderId));

  async orderEventTypes(orderId: string): Promise<string[]> {
    return (await this.orderEvents(orderId)).map((e) => e.type);
  }

  /** The events of one type on an order's stream, their data typed by the caller. */
  async orderEventsOf<T = Record<string, unknown>>(orderId: string, type: string): Promise<T[]> {
    return (await this.orderEvents(orderId)).filter((e) => e.type === type).map((e) => e.data as T);
  }

  stockEvents = (locationId: string, sku: string) => this.events(stockStreamId(locationId, sku));

  async stock(locationId: string, sku: string): Promise<StockState> {
    return (await this.oms.handlers.stock.load(stockStreamId(locationId, sku))).state;
  }

  /** Every event in the log, oldest first. */
  async allEvents(): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for (;;) {
      const page = await this.oms.events.readAll({ after: events[events.length - 1]?.position ?? 0n, maxCount: 1000 });
      if (page.length === 0) return events;
      events.push(...page);
    }
  }

  /** `kind:key` of every CustomerNotified on the order's stream, in order. */
  async notificationsRecorded(orderId: string): Promise<string[]> {
    return (await this.orderEventsOf<{ notification: string; key: string }>(orderId, 'CustomerNotified')).map(
      (n) => `${n.notification}:${n.key}`,
    );
  }

  get queries() {
    return this.oms.queries;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Closes this OMS (as a process stopping would) and opens a new one on the same data folder and ports. */
  async restart(options: Pick<HarnessOptions, 'processManager'> = {}): Promise<WorkflowHarness> {
    await this.oms.close();
    this.closed = true;
    // The data folder now belongs to the new harness: closing this one leaves it in place.
    const removeDataDir = this.removeDataDir;
    this.removeDataDir = null;
    return openOn(this.dataDir, { ...this.options, processManager: options.processManager ?? true }, removeDataDir);
  }

  async close(): Promise<void> {
    if (!this.closed) await this.oms.close();
    this.closed = true;
    await this.removeDataDir?.();
  }

  private context(correlationId: string = randomUUID()) {
    return { actor: ACTOR, correlationId };
  }
}

const now = () => new Date().toISOString();

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Replays a stock stream and answers every point where it promised more than it held (none, when sound). */
export function stockInvariantBreaches(events: readonly StoredEvent[]): string[] {
  let onHand = 0;
  const open = new Map<string, number>();
  const breaches: string[] = [];
  for (const stored of events) {
    const event = stored as unknown as StockEvent;
    switch (event.type) {
      case 'StockReceived':
        onHand += event.data.quantity;
        break;
      case 'StockAdjusted':
        onHand += event.data.delta;
        break;
      case 'StockReserved':
        if (open.has(event.data.reservationId)) breaches.push(`revision ${stored.revision}: ${event.data.reservationId} reserved twice`);
        open.set(event.data.reservationId, event.data.quantity);
        break;
      case 'ReservationReleased':
        open.delete(event.data.reservationId);
        break;
      case 'ReservationCommitted':
        onHand -= open.get(event.data.reservationId) ?? 0;
        open.delete(event.data.reservationId);
        break;
      default:
        break;
    }
    const reserved = [...open.values()].reduce((sum, q) => sum + q, 0);
    if (reserved > onHand) breaches.push(`revision ${stored.revision}: reserved ${reserved} > on hand ${onHand}`);
    if (onHand < 0) breaches.push(`revision ${stored.revision}: on hand ${onHand} < 0`);
  }
  return breaches;
}

/** The common start of a scenario: product SKU-A, location wh-1 holding `stock` of it. */
export async function openStockedHarness(stock = 5): Promise<WorkflowHarness> {
  const h = await openWorkflowHarness();
  await h.defineProduct('SKU-A');
  await h.defineLocation('wh-1');
  await h.receiveStock('wh-1', 'SKU-A', stock);
  return h;
}
