/**
 * Replay benchmark: rebuilds every read model from a 1,000,000-event log
 * through the ProjectionRunner, against merely reading the same log with
 * readAll in the same batch size, in the same run. The log is made by the
 * real deciders (orders, stock, products, locations) and the real allocation
 * planner: orders placed, validated, authorized, allocated (sometimes split
 * over locations or backordered), picked, packed, labelled, shipped,
 * captured and delivered, some held, cancelled, rejected or declined, with
 * the matching reservations, commitments and receipts on the stock streams.
 * Targets: eventsPerSecond >= 100,000, readAllRatio >= 0.35 (the rebuild at a third of the
 * speed of merely reading the log, a figure the machine's load affects less) and peakRssMb <= 256.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { planAllocation } from '../src/domain/allocation';
import { productDecider, productStreamId } from '../src/domain/catalog';
import { locationDecider, locationStreamId } from '../src/domain/location';
import { captureAmountFor, Catalog, Order, orderDecider, orderStreamId, orderTotals } from '../src/domain/order';
import { Decider, DomainEvent } from '../src/domain/kernel/decider';
import { atp, stockDecider, stockStreamId } from '../src/domain/stock';
import { SqliteDocumentStore } from '../src/infrastructure/documents/sqlite-document-store';
import { EventStore, NewEvent } from '../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../src/infrastructure/eventstore/sqlite-event-store';
import { silentLogger } from '../src/infrastructure/observability/logger';
import { allProjections } from '../src/projections/all-projections';
import { DEFAULT_BATCH_SIZE, DEFAULT_EVENTS_PER_COMMIT, ProjectionRunner } from '../src/projections/projection-runner';
import { ORDERS_COLLECTION } from '../src/projections/read-models/orders.projection';
import { log, report, round, scratchDir, seconds, seededRandom } from './bench-support';

const TOTAL_EVENTS = 1_000_000;
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? DEFAULT_BATCH_SIZE);
const EVENTS_PER_COMMIT = Number(process.env.BENCH_EVENTS_PER_COMMIT ?? DEFAULT_EVENTS_PER_COMMIT);
const SKUS = 400;
const LOCATIONS = 6;
const ORDERS_PER_CHUNK = 400;
/** Orders are delivered this many chunks after they ship, so an order's events spread over the log as in life. */
const DELIVERY_DELAY_CHUNKS = 3;
const RSS_SAMPLE_MS = 20;
const START = Date.parse('2025-01-06T08:00:00.000Z');
const ORDER_SPACING_MS = 70_000;

// ---- a seeded random source, so every run builds the same log --------------

const { next: random, chance } = seededRandom(0x2f6e2b1);
const iso = (ms: number): string => new Date(ms).toISOString();

// ---- streams folded in memory, appended in large group commits --------------

type Stream<State> = { state: State; revision: number };

/** Events decided since the last flush, per stream, in order. */
class PendingAppends {
  private readonly byStream = new Map<string, { expected: number; events: NewEvent[] }>();
  /** Every event decided so far, appended or still queued. */
  decided = 0;

  add(streamId: string, expected: number, events: NewEvent[]): void {
    this.decided += events.length;
    const entry = this.byStream.get(streamId);
    if (entry) entry.events.push(...events);
    else this.byStream.set(streamId, { expected, events });
  }

  /** One append per stream, all issued in the same turn: the store commits them in one transaction. */
  async flush(store: SqliteEventStore): Promise<void> {
    const appends = [...this.byStream].map(([streamId, { expected, events }]) =>
      store.append(streamId, events, { expectedRevision: expected < 0 ? 'no_stream' : expected }),
    );
    this.byStream.clear();
    await Promise.all(appends);
  }
}

class Aggregates<Command, Event extends DomainEvent, State> {
  private readonly streams = new Map<string, Stream<State>>();

  constructor(
    private readonly decider: Decider<Command, Event, State>,
    private readonly pending: PendingAppends,
  ) {}

  /** Decides with the real decider, folds the events and queues them with their metadata. */
  handle(streamId: string, command: Command, at: string, correlationId: string): Event[] {
    const stream = this.streams.get(streamId) ?? { state: this.decider.initialState(), revision: -1 };
    const events = this.decider.decide(command, stream.state);
    if (events.length === 0) return events;
    let state = stream.state;
    for (const event of events) state = this.decider.evolve(state, event);
    this.pending.add(
      streamId,
      stream.revision,
      events.map((event) => ({
        type: event.type,
        data: event.data,
        metadata: { eventId: uuidv7(), correlationId, causationId: null, actor: 'bench', occurredAt: at, schemaVersion: 1 },
      })),
    );
    this.streams.set(streamId, { state, revision: stream.revision + events.length });
    return events;
  }

  state(streamId: string): State {
    return (this.streams.get(streamId) ?? { state: this.decider.initialState() }).state;
  }

  forget(streamId: string): void {
    this.streams.delete(streamId);
  }
}

// ---- the log ----------------------------------------------------------------

type Location = { locationId: string; postalCode: string; priority: number };
type OrderInFlight = { orderId: string; placedMs: number; attempts: number };

async function generateLog(store: SqliteEventStore): Promise<{ orders: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const pending = new PendingAppends();
  const orders = new Aggregates(orderDecider, pending);
  const stock = new Aggregates(stockDecider, pending);
  const products = new Aggregates(productDecider, pending);
  const locationStreams = new Aggregates(locationDecider, pending);
  const flush = () => pending.flush(store);

  const setupAt = iso(START - 86_400_000);
  const skus = Array.from({ length: SKUS }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`);
  const catalog: Catalog = {};
  for (const sku of skus) {
    const unitPrice = 299 + Math.floor(random() * 200) * 50;
    catalog[sku] = { active: true, currency: 'USD', unitPrice };
    products.handle(productStreamId(sku), { type: 'DefineProduct', data: { sku, name: `Product ${sku}`, unitPrice, currency: 'USD', active: true, at: setupAt } }, setupAt, 'setup');
  }
  const locations: Location[] = Array.from({ length: LOCATIONS }, (_, i) => ({
    locationId: `wh-${i + 1}`,
    postalCode: `${(i + 1) * 15}001`.padStart(5, '0'),
    priority: i + 1,
  }));
  for (const location of locations) {
    locationStreams.handle(
      locationStreamId(location.locationId),
      {
        type: 'DefineLocation',
        data: {
          locationId: location.locationId,
          name: `Warehouse ${location.locationId}`,
          kind: 'warehouse',
          priority: location.priority,
          address: { country: 'US', postalCode: location.postalCode, region: null, city: null },
          active: true,
          at: setupAt,
        },
      },
      setupAt,
      'setup',
    );
  }
  for (const location of locations) {
    for (const [index, sku] of skus.entries()) {
      const streamId = stockStreamId(location.locationId, sku);
      const bin = `${location.locationId.toUpperCase()}-${String(index % 40).padStart(2, '0')}-${index % 7}`;
      stock.handle(streamId, { type: 'SetStockPolicy', data: { locationId: location.locationId, sku, safetyStock: 2, lowStockThreshold: 12, leadTimeDays: 5, bin, at: setupAt } }, setupAt, 'setup');
      stock.handle(streamId, { type: 'ReceiveStock', data: { locationId: location.locationId, sku, quantity: 40 + Math.floor(random() * 60), reference: 'opening', at: setupAt } }, setupAt, 'setup');
    }
  }
  await flush();

  const binOf = (locationId: string, sku: string) => stock.state(stockStreamId(locationId, sku)).bin;
  const orderOf = (orderId: string) => orders.state(orderStreamId(orderId)) as Order;
  const reservationOf = (orderId: string, allocationId: string, lineId: string) => `${orderId}:${allocationId}:${lineId}`;

  /** Plans with the real planner over the stock streams' atp, reserves, records the attempt. */
  const allocate = (flight: OrderInFlight, atMs: number): void => {
    const order = orderOf(flight.orderId);
    const outstanding = order.lines
      .map((line) => ({ lineId: line.lineId, sku: line.sku, quantity: line.quantity - line.allocated }))
      .filter((line) => line.quantity > 0);
    if (outstanding.length === 0) return;
    const atpByLocation: Record<string, Record<string, number>> = {};
    for (const location of locations) {
      const row: Record<string, number> = {};
      for (const line of outstanding) row[line.sku] = atp(stock.state(stockStreamId(location.locationId, line.sku)));
      atpByLocation[location.locationId] = row;
    }
    const plan = planAllocation({
      strategy: 'nearest',
      lines: outstanding,
      shipTo: { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode },
      locations: locations.map((l) => ({ locationId: l.locationId, priority: l.priority, active: true, country: 'US', postalCode: l.postalCode })),
      atp: atpByLocation,
    });
    flight.attempts += 1;
    const allocationId = `a${flight.attempts}`;
    const at = iso(atMs);
    for (const a of plan.allocations) {
      stock.handle(
        stockStreamId(a.locationId, a.sku),
        { type: 'ReserveStock', data: { locationId: a.locationId, sku: a.sku, reservationId: reservationOf(flight.orderId, allocationId, a.lineId), orderId: flight.orderId, lineId: a.lineId, quantity: a.quantity, at } },
        at,
        flight.orderId,
      );
    }
    orders.handle(
      orderStreamId(flight.orderId),
      {
        type: 'RecordAllocation',
        data: {
          allocationId,
          allocations: plan.allocations.map((a) => ({ ...a, bin: binOf(a.locationId, a.sku) })),
          decision: plan.decision,
          at,
        },
      },
      at,
      flight.orderId,
    );
  };

  /** Every fulfilment not yet shipped: picked, packed, labelled, shipped, stock committed, payment captured. */
  const ship = (flight: OrderInFlight, atMs: number): void => {
    const streamId = orderStreamId(flight.orderId);
    for (const f of Object.values(orderOf(flight.orderId).fulfillments)) {
      if (f.status !== 'requested') continue;
      const step = (offsetMinutes: number) => iso(atMs + offsetMinutes * 60_000);
      const fulfillmentId = f.fulfillmentId;
      orders.handle(streamId, { type: 'MarkFulfillmentPicked', data: { fulfillmentId, at: step(0) } }, step(0), flight.orderId);
      orders.handle(streamId, { type: 'MarkFulfillmentPacked', data: { fulfillmentId, at: step(40) } }, step(40), flight.orderId);
      orders.handle(
        streamId,
        {
          type: 'RecordShipmentLabel',
          data: { fulfillmentId, carrier: 'ups', service: 'ground', trackingNumber: `1Z${flight.orderId.slice(-12)}${fulfillmentId}`, labelUrl: `https://labels.example.com/${flight.orderId}/${fulfillmentId}.pdf`, cost: 650 + Math.floor(random() * 600), at: step(45) },
        },
        step(45),
        flight.orderId,
      );
      orders.handle(streamId, { type: 'MarkFulfillmentShipped', data: { fulfillmentId, at: step(180) } }, step(180), flight.orderId);
      for (const line of f.lines) {
        stock.handle(
          stockStreamId(f.locationId, line.sku),
          { type: 'CommitReservation', data: { locationId: f.locationId, sku: line.sku, reservationId: reservationOf(flight.orderId, f.allocationId, line.lineId), at: step(180) } },
          step(180),
          flight.orderId,
        );
      }
      const amount = captureAmountFor(orderOf(flight.orderId), fulfillmentId);
      orders.handle(streamId, { type: 'RecordPaymentCaptured', data: { fulfillmentId, captureId: `cap-${flight.orderId}-${fulfillmentId}`, amount, at: step(181) } }, step(181), flight.orderId);
      orders.handle(
        streamId,
        { type: 'RecordCustomerNotified', data: { notification: 'shipped', key: fulfillmentId, recipient: orderOf(flight.orderId).customer.email, messageId: `msg-${uuidv7()}`, at: step(182) } },
        step(182),
        flight.orderId,
      );
    }
  };

  const cancel = (flight: OrderInFlight, atMs: number): void => {
    const at = iso(atMs);
    orders.handle(orderStreamId(flight.orderId), { type: 'CancelOrder', data: { reason: 'customer request', at } }, at, flight.orderId);
    const order = orderOf(flight.orderId);
    for (const f of Object.values(order.fulfillments)) {
      for (const line of f.lines) {
        stock.handle(
          stockStreamId(f.locationId, line.sku),
          { type: 'ReleaseReservation', data: { locationId: f.locationId, sku: line.sku, reservationId: reservationOf(flight.orderId, f.allocationId, line.lineId), reason: 'cancelled', at } },
          at,
          flight.orderId,
        );
      }
    }
    const { authorizationId, authorizedAmount } = order.payment;
    if (authorizationId) orders.handle(orderStreamId(flight.orderId), { type: 'RecordPaymentVoided', data: { authorizationId, amount: authorizedAmount, at } }, at, flight.orderId);
  };

  const replenish = (atMs: number): void => {
    const at = iso(atMs);
    for (const location of locations) {
      for (const sku of skus) {
        const streamId = stockStreamId(location.locationId, sku);
        if (atp(stock.state(streamId)) >= 15) continue;
        stock.handle(streamId, { type: 'ReceiveStock', data: { locationId: location.locationId, sku, quantity: 120 + Math.floor(random() * 80), reference: `PO-${Math.floor(atMs / 1000)}`, at } }, at, 'replenishment');
      }
    }
  };

  const toShip: OrderInFlight[][] = [];
  const toDeliver: OrderInFlight[][] = [];
  let backordered: OrderInFlight[] = [];
  let orderNumber = 0;
  let chunk = 0;
  let lastReport = process.hrtime.bigint();
  /** Events a chunk of orders can add at most, so the loop stops short of the total. */
  const chunkCeiling = ORDERS_PER_CHUNK * 40;

  while (pending.decided + chunkCeiling < TOTAL_EVENTS) {
    const chunkStart = START + chunk * ORDERS_PER_CHUNK * ORDER_SPACING_MS;
    const placedNow: OrderInFlight[] = [];

    // placed, validated, authorized (or rejected, or declined); a confirmation sent
    for (let i = 0; i < ORDERS_PER_CHUNK; i++) {
      orderNumber += 1;
      const orderId = uuidv7();
      const placedMs = chunkStart + i * ORDER_SPACING_MS;
      const streamId = orderStreamId(orderId);
      const lineCount = chance(0.5) ? 1 : chance(0.7) ? 2 : 3;
      const lines = Array.from({ length: lineCount }, () => {
        const sku = skus[Math.floor(SKUS * random() * random())]!; // popular SKUs sell more
        return { sku, quantity: chance(0.7) ? 1 : 1 + Math.floor(random() * 3), unitPrice: catalog[sku]!.unitPrice };
      });
      const customer = Math.floor(random() * 20_000);
      const at = iso(placedMs);
      orders.handle(
        streamId,
        {
          type: 'PlaceOrder',
          data: {
            orderId,
            channel: chance(0.6) ? 'web' : chance(0.6) ? 'marketplace' : 'phone',
            externalRef: chance(0.3) ? `EXT-${orderNumber}` : null,
            customer: { id: `cust-${customer}`, email: chance(0.01) ? 'not-an-email' : `c${customer}@example.com`, name: `Customer ${customer}`, phone: null },
            currency: 'USD',
            lines,
            shippingAddress: { name: `Customer ${customer}`, line1: `${1 + (customer % 900)} Main St`, line2: null, city: 'Springfield', region: 'IL', postalCode: String(10_000 + Math.floor(random() * 89_999)), country: 'US' },
            shippingMethod: chance(0.8) ? 'standard' : 'express',
            shippingCost: chance(0.8) ? 499 : 1299,
            payment: { method: 'card' },
            notes: chance(0.05) ? 'leave at the door' : null,
            at,
          },
        },
        at,
        orderId,
      );
      const validatedAt = iso(placedMs + 1_000);
      orders.handle(streamId, { type: 'ValidateOrder', data: { catalog, at: validatedAt } }, validatedAt, orderId);
      const order = orderOf(orderId);
      orders.handle(streamId, { type: 'RecordCustomerNotified', data: { notification: 'confirmation', key: 'order', recipient: order.customer.email, messageId: `msg-${orderId}`, at: validatedAt } }, validatedAt, orderId);
      if (order.validation !== 'validated') {
        orders.forget(streamId);
        continue;
      }
      const paidAt = iso(placedMs + 4_000);
      if (chance(0.015)) {
        orders.handle(streamId, { type: 'RecordPaymentFailed', data: { code: 'card_declined', reason: 'insufficient funds', at: paidAt } }, paidAt, orderId);
        orders.forget(streamId);
        continue;
      }
      orders.handle(streamId, { type: 'RecordPaymentAuthorized', data: { authorizationId: `auth-${orderId}`, amount: orderTotals(order).grand, at: paidAt } }, paidAt, orderId);
      placedNow.push({ orderId, placedMs, attempts: 0 });
    }
    await flush();

    // allocation: this chunk's orders, and another attempt for what waited for stock
    const allocatedNow: OrderInFlight[] = [];
    for (const flight of [...backordered, ...placedNow]) {
      allocate(flight, Math.max(flight.placedMs + 60_000, chunkStart));
      const order = orderOf(flight.orderId);
      if (order.lines.every((line) => line.allocated === line.quantity)) allocatedNow.push(flight);
    }
    backordered = [...backordered, ...placedNow].filter((flight) => !allocatedNow.includes(flight) && flight.attempts < 2);
    await flush();

    // some are held for review and released, some cancelled; the rest go to the warehouse
    const shipping: OrderInFlight[] = [];
    for (const flight of allocatedNow) {
      const atMs = flight.placedMs + 10 * 60_000;
      if (chance(0.03)) {
        cancel(flight, atMs);
        orders.forget(orderStreamId(flight.orderId));
        continue;
      }
      if (chance(0.02)) {
        orders.handle(orderStreamId(flight.orderId), { type: 'HoldOrder', data: { reason: 'fraud review', by: 'admin', channel: null, at: iso(atMs) } }, iso(atMs), flight.orderId);
        orders.handle(orderStreamId(flight.orderId), { type: 'ReleaseOrder', data: { by: 'admin', channel: null, at: iso(atMs + 3_600_000) } }, iso(atMs + 3_600_000), flight.orderId);
      }
      shipping.push(flight);
    }
    toShip.push(shipping);
    await flush();

    // last chunk's orders ship now
    const shipNow = toShip.length > 1 ? toShip.shift()! : [];
    for (const flight of shipNow) ship(flight, flight.placedMs + 5 * 3_600_000);
    toDeliver.push(shipNow);
    await flush();

    // orders shipped a few chunks ago arrive
    const deliverNow = toDeliver.length > DELIVERY_DELAY_CHUNKS ? toDeliver.shift()! : [];
    for (const flight of deliverNow) {
      const streamId = orderStreamId(flight.orderId);
      const atMs = flight.placedMs + 3 * 86_400_000;
      for (const f of Object.values(orderOf(flight.orderId).fulfillments)) {
        if (f.status !== 'shipped' || chance(0.1)) continue; // a few are still on their way
        orders.handle(streamId, { type: 'MarkFulfillmentDelivered', data: { fulfillmentId: f.fulfillmentId, at: iso(atMs) } }, iso(atMs), flight.orderId);
      }
      orders.forget(streamId);
    }
    replenish(chunkStart + ORDERS_PER_CHUNK * ORDER_SPACING_MS);
    await flush();

    chunk += 1;
    if (seconds(lastReport) >= 2) {
      lastReport = process.hrtime.bigint();
      log(`  generated ${pending.decided.toLocaleString()} events (${orderNumber.toLocaleString()} orders)`);
    }
  }

  // top up to exactly TOTAL_EVENTS with stock receipts, as a warehouse's goods-in would (one event each)
  const topUpAt = iso(START + chunk * ORDERS_PER_CHUNK * ORDER_SPACING_MS);
  for (let filler = 0; pending.decided < TOTAL_EVENTS; filler++) {
    const location = locations[filler % LOCATIONS]!;
    const sku = skus[Math.floor(filler / LOCATIONS) % SKUS]!;
    stock.handle(stockStreamId(location.locationId, sku), { type: 'ReceiveStock', data: { locationId: location.locationId, sku, quantity: 24, reference: 'top-up', at: topUpAt } }, topUpAt, 'top-up');
    if (filler % 1000 === 999) await flush();
  }
  await flush();
  return { orders: orderNumber, seconds: seconds(started) };
}

// ---- measuring ---------------------------------------------------------------

/** Samples the resident set size while `work` runs. */
async function peakRssDuring<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRssMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

async function readAllRate(store: EventStore): Promise<{ events: number; rate: number }> {
  const started = process.hrtime.bigint();
  let after = 0n;
  let events = 0;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: BATCH_SIZE });
    if (batch.length === 0) break;
    events += batch.length;
    after = batch[batch.length - 1]!.position;
  }
  return { events, rate: events / seconds(started) };
}

/**
 * The log is generated in a child process, so the rebuild's memory figures
 * are the rebuild's own (as in `oms replay`, a process of its own) and not
 * what generating a million events left on the heap. BENCH_LOG names an
 * events.db generated earlier to measure again without generating.
 */
async function generateInChildProcess(file: string): Promise<{ orders: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--generate', file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: { orders: number; seconds: number } | null = null;
    child.on('message', (message) => (result = message as { orders: number; seconds: number }));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`the generator exited with ${code}`))));
  });
}

async function generateInThisProcess(file: string): Promise<void> {
  const store = new SqliteEventStore({ filename: file });
  const generated = await generateLog(store);
  await store.close();
  process.send?.(generated);
}

async function main() {
  const dir = scratchDir('replay');
  const file = path.join(dir, 'events.db');
  let generated: { orders: number | null; seconds: number | null } = { orders: null, seconds: null };
  if (process.env.BENCH_LOG === undefined) {
    log(`generating ${TOTAL_EVENTS.toLocaleString()} events with the real deciders (in a child process)`);
    generated = await generateInChildProcess(file);
    log(`  ${generated.orders?.toLocaleString()} orders in ${generated.seconds?.toFixed(1)} s`);
  } else {
    fs.symlinkSync(path.resolve(process.env.BENCH_LOG), file);
    log(`measuring the log in ${process.env.BENCH_LOG}`);
  }
  // The embedded stores, configured as openStores configures them, opened directly (as the store
  // bench does) so that the figures are the projection path's, not those of modules loaded for other adapters.
  const store = new SqliteEventStore({ filename: file });
  const documents = await SqliteDocumentStore.open(path.join(dir, 'read-models.db'), { durability: 'normal' });
  const head = await store.headPosition();
  if (head !== BigInt(TOTAL_EVENTS)) throw new Error(`expected ${TOTAL_EVENTS} events, the log holds ${head}`);

  // No warm-up pass: the log was just written (the OS caches it), and a pass here would grow this
  // process's heap before the rebuild, which a fresh `oms replay` process does not have either.
  const runner = new ProjectionRunner({ events: store, documents, projections: allProjections, logger: silentLogger(), batchSize: BATCH_SIZE, eventsPerCommit: EVENTS_PER_COMMIT });
  const rssBeforeMb = process.memoryUsage.rss() / 1024 / 1024;
  log(`rebuilding every read model (${allProjections.map((p) => p.name).join(', ')}), batches of ${BATCH_SIZE}, a commit every ${EVENTS_PER_COMMIT}`);
  let lastLog = 0;
  const { result: rebuilt, peakRssMb } = await peakRssDuring(() =>
    runner.rebuild((p) => {
      if (p.seconds - lastLog < 2) return;
      lastLog = p.seconds;
      log(`  ${Number(p.position).toLocaleString()} / ${Number(p.head).toLocaleString()} events, ${Math.round(p.events / p.seconds).toLocaleString()} events/s`);
    }),
  );
  const rebuildRate = rebuilt.events / rebuilt.seconds;
  log(`  rebuilt in ${rebuilt.seconds.toFixed(2)} s: ${Math.round(rebuildRate).toLocaleString()} events/s, peak RSS ${peakRssMb.toFixed(0)} MB`);

  log(`reading the same log with readAll in batches of ${BATCH_SIZE}`);
  const read = await readAllRate(store);
  log(`  ${Math.round(read.rate).toLocaleString()} events/s`);

  const orderDocuments = await documents.count(ORDERS_COLLECTION);
  await documents.close();
  await store.close();

  report({
    bench: 'replay',
    events: rebuilt.events,
    eventsPerSecond: Math.round(rebuildRate),
    peakRssMb: Math.round(peakRssMb),
    readAllRatio: round(rebuildRate / read.rate),
    readAllEventsPerSecond: Math.round(read.rate),
    rebuildSeconds: round(rebuilt.seconds),
    batchSize: BATCH_SIZE,
    eventsPerCommit: EVENTS_PER_COMMIT,
    orders: generated.orders,
    orderDocuments,
    rssBeforeRebuildMb: Math.round(rssBeforeMb),
    generateSeconds: generated.seconds === null ? null : round(generated.seconds),
    targets: { eventsPerSecond: 100_000, readAllRatio: 0.35, peakRssMb: 256 },
  });
}

const generateTo = process.argv[2] === '--generate' ? process.argv[3] : undefined;
void (generateTo === undefined ? main() : generateInThisProcess(generateTo));
