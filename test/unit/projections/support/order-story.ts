import path from 'node:path';
import { createCommandHandlers } from '../../../../src/commands/command-handlers';
import { defineVariant } from '../../../../src/commands/define-variant';
import { ExternalSkus, familyStreamId, OptionValues, ProductOption, productStreamId } from '../../../../src/domain/catalog';
import { locationStreamId } from '../../../../src/domain/location';
import {
  AllocationDecision,
  captureAmountFor,
  Catalog,
  Order,
  OrderCommand,
  orderStreamId,
  PlaceOrder,
} from '../../../../src/domain/order';
import { StockCommand, stockStreamId } from '../../../../src/domain/stock';
import { Document, DocumentStore } from '../../../../src/infrastructure/documents/document-store';
import { SqliteDocumentStore } from '../../../../src/infrastructure/documents/sqlite-document-store';
import { EventStore } from '../../../../src/infrastructure/eventstore/event-store';
import { SqliteEventStore } from '../../../../src/infrastructure/eventstore/sqlite-event-store';
import { silentLogger } from '../../../../src/infrastructure/observability/logger';
import { allProjections } from '../../../../src/projections/all-projections';
import { Projection } from '../../../../src/projections/projection';
import { ProjectionRunner } from '../../../../src/projections/projection-runner';

/** An instant on day `day` of March 2025 (UTC), `minute` minutes after 09:00. */
export const at = (day: number, minute = 0): string => new Date(Date.UTC(2025, 2, day, 9, minute)).toISOString();

export const orderIdOf = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export type LineSpec = { sku: string; quantity: number; unitPrice?: number };
export type Placement = { lineId: string; locationId: string; quantity: number };

type OrderOptions = {
  lines: LineSpec[];
  at: string;
  channel?: string;
  customerId?: string;
  shippingCost?: number;
  currency?: string;
};

const decision: AllocationDecision = {
  strategy: 'priority',
  reason: 'test allocation',
  candidates: [],
};

/**
 * Drives the real deciders through the real command handlers into a SQLite
 * event store, so read-model tests start from the events the write side
 * would really append (with metadata, revisions and positions).
 */
export class OrderStory {
  private readonly handlers;
  private readonly catalog: Catalog = {};
  private readonly bins = new Map<string, string | null>();
  private correlation = 0;

  private constructor(
    readonly events: EventStore,
    readonly documents: DocumentStore,
  ) {
    this.handlers = createCommandHandlers(events);
  }

  /** In memory, or in the files an OMS data folder holds (events.db, read-models.db). */
  static async open(dataDir?: string): Promise<OrderStory> {
    const file = (name: string) => (dataDir === undefined ? ':memory:' : path.join(dataDir, name));
    return new OrderStory(new SqliteEventStore({ filename: file('events.db') }), await SqliteDocumentStore.open(file('read-models.db')));
  }

  runner(
    options: {
      projections?: readonly Projection[];
      batchSize?: number;
      eventsPerCommit?: number;
      commitWindowMs?: number;
      events?: EventStore;
      documents?: DocumentStore;
    } = {},
  ) {
    return new ProjectionRunner({
      events: options.events ?? this.events,
      documents: options.documents ?? this.documents,
      projections: options.projections ?? allProjections,
      logger: silentLogger(),
      batchSize: options.batchSize,
      eventsPerCommit: options.eventsPerCommit,
      commitWindowMs: options.commitWindowMs,
    });
  }

  /** Applies everything appended so far to every read model. */
  async project(): Promise<void> {
    await this.runner().catchUp();
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.documents.close();
  }

  // ---- catalog and locations -------------------------------------------------

  async product(sku: string, unitPrice: number, options: { at?: string; name?: string; active?: boolean; currency?: string } = {}) {
    const { name = `Product ${sku}`, active = true, currency = 'USD' } = options;
    this.catalog[sku] = { active, currency, unitPrice };
    return this.handlers.products.handle(
      productStreamId(sku),
      { type: 'DefineProduct', data: { sku, name, unitPrice, currency, active, at: options.at ?? at(1) } },
      this.context(options.at ?? at(1)),
    );
  }

  async productFamily(productId: string, options: ProductOption[], settings: { at?: string; name?: string } = {}) {
    const when = settings.at ?? at(1);
    return this.handlers.productFamilies.handle(
      familyStreamId(productId),
      { type: 'DefineProductFamily', data: { productId, name: settings.name ?? `Product ${productId}`, currency: 'USD', options, at: when } },
      this.context(when),
    );
  }

  /** A variant SKU of a family, in USD like the family. */
  async variant(productId: string, sku: string, unitPrice: number, optionValues: OptionValues, settings: { at?: string; externalSkus?: ExternalSkus } = {}) {
    const when = settings.at ?? at(1);
    this.catalog[sku] = { active: true, currency: 'USD', unitPrice };
    const input = { productId, sku, name: `Variant ${sku}`, unitPrice, optionValues, externalSkus: settings.externalSkus ?? {} };
    return defineVariant(this.handlers, input, { ...this.context(when), at: when });
  }

  async location(locationId: string, priority: number, options: { at?: string; active?: boolean; name?: string; country?: string } = {}) {
    const when = options.at ?? at(1);
    return this.handlers.locations.handle(
      locationStreamId(locationId),
      {
        type: 'DefineLocation',
        data: {
          locationId,
          name: options.name ?? `Warehouse ${locationId}`,
          kind: 'warehouse',
          priority,
          address: { country: options.country ?? 'US', postalCode: '62701', region: 'IL', city: 'Springfield' },
          active: options.active ?? true,
          at: when,
        },
      },
      this.context(when),
    );
  }

  // ---- stock -----------------------------------------------------------------

  receive(locationId: string, sku: string, quantity: number, when = at(1)) {
    return this.stock({ type: 'ReceiveStock', data: { locationId, sku, quantity, reference: null, at: when } });
  }

  adjust(locationId: string, sku: string, delta: number, when = at(1)) {
    return this.stock({ type: 'AdjustStock', data: { locationId, sku, delta, reason: 'cycle count', at: when } });
  }

  policy(locationId: string, sku: string, policy: { safetyStock?: number; lowStockThreshold?: number; leadTimeDays?: number; bin?: string | null }, when = at(1)) {
    const { safetyStock = 0, lowStockThreshold = 0, leadTimeDays = 0, bin = null } = policy;
    this.bins.set(stockStreamId(locationId, sku), bin);
    return this.stock({ type: 'SetStockPolicy', data: { locationId, sku, safetyStock, lowStockThreshold, leadTimeDays, bin, at: when } });
  }

  // ---- the order workflow ----------------------------------------------------

  place(orderId: string, options: OrderOptions) {
    const data: PlaceOrder['data'] = {
      orderId,
      channel: options.channel ?? 'web',
      externalRef: null,
      customer: { id: options.customerId ?? 'cust-1', email: 'ada@example.com', name: 'Ada', phone: null },
      currency: options.currency ?? 'USD',
      lines: options.lines.map(({ sku, quantity, unitPrice }) => ({
        sku,
        quantity,
        unitPrice: unitPrice ?? this.catalog[sku]?.unitPrice ?? 1000,
      })),
      shippingAddress: { name: 'Ada', line1: '1 Main St', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
      shippingMethod: 'standard',
      shippingCost: options.shippingCost ?? 500,
      payment: { method: 'card' },
      notes: null,
      at: options.at,
    };
    return this.order(orderId, { type: 'PlaceOrder', data });
  }

  validate(orderId: string, when: string) {
    return this.order(orderId, { type: 'ValidateOrder', data: { catalog: { ...this.catalog }, at: when } });
  }

  authorize(orderId: string, amount: number, when: string) {
    return this.order(orderId, { type: 'RecordPaymentAuthorized', data: { authorizationId: `auth-${orderId}`, amount, at: when } });
  }

  failPayment(orderId: string, when: string) {
    return this.order(orderId, { type: 'RecordPaymentFailed', data: { code: 'card_declined', reason: 'declined', at: when } });
  }

  /** Reserves each placement on its stock stream, then records the attempt on the order (as the process manager does). */
  async allocate(orderId: string, allocationId: string, placements: Placement[], when: string) {
    const order = await this.orderState(orderId);
    const allocations = [];
    for (const { lineId, locationId, quantity } of placements) {
      const line = order.lines.find((l) => l.lineId === lineId);
      if (!line) throw new Error(`no line ${lineId}`);
      await this.stock({
        type: 'ReserveStock',
        data: { locationId, sku: line.sku, reservationId: `${orderId}:${allocationId}:${lineId}`, orderId, lineId, quantity, at: when },
      });
      allocations.push({ lineId, sku: line.sku, locationId, quantity, bin: this.bins.get(stockStreamId(locationId, line.sku)) ?? null });
    }
    return this.order(orderId, { type: 'RecordAllocation', data: { allocationId, allocations, decision, at: when } });
  }

  pick(orderId: string, fulfillmentId: string, when: string) {
    return this.order(orderId, { type: 'MarkFulfillmentPicked', data: { fulfillmentId, at: when } });
  }

  pack(orderId: string, fulfillmentId: string, when: string) {
    return this.order(orderId, { type: 'MarkFulfillmentPacked', data: { fulfillmentId, at: when } });
  }

  label(orderId: string, fulfillmentId: string, when: string) {
    return this.order(orderId, {
      type: 'RecordShipmentLabel',
      data: {
        fulfillmentId,
        carrier: 'ups',
        service: 'ground',
        trackingNumber: `1Z-${fulfillmentId}`,
        labelUrl: `https://labels.example.com/${fulfillmentId}.pdf`,
        cost: 850,
        at: when,
      },
    });
  }

  /** Shipped: the reservations behind the fulfilment leave on-hand, and its part of the payment is captured. */
  async ship(orderId: string, fulfillmentId: string, when: string) {
    await this.order(orderId, { type: 'MarkFulfillmentShipped', data: { fulfillmentId, at: when } });
    const order = await this.orderState(orderId);
    const f = order.fulfillments[fulfillmentId]!;
    for (const line of f.lines) {
      await this.stock({
        type: 'CommitReservation',
        data: { locationId: f.locationId, sku: line.sku, reservationId: `${orderId}:${f.allocationId}:${line.lineId}`, at: when },
      });
    }
    const amount = captureAmountFor(order, fulfillmentId);
    return this.order(orderId, { type: 'RecordPaymentCaptured', data: { fulfillmentId, captureId: `cap-${fulfillmentId}`, amount, at: when } });
  }

  deliver(orderId: string, fulfillmentId: string, when: string) {
    return this.order(orderId, { type: 'MarkFulfillmentDelivered', data: { fulfillmentId, at: when } });
  }

  /** place, validate, authorize: the order waits for allocation. */
  async authorized(orderId: string, options: OrderOptions) {
    await this.place(orderId, options);
    await this.validate(orderId, options.at);
    const order = await this.orderState(orderId);
    const grand = order.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0) + order.shippingCost;
    return this.authorize(orderId, grand, options.at);
  }

  /** Picked, packed, labelled and shipped (all at `when`). */
  async shipped(orderId: string, fulfillmentId: string, when: string) {
    await this.pick(orderId, fulfillmentId, when);
    await this.pack(orderId, fulfillmentId, when);
    await this.label(orderId, fulfillmentId, when);
    return this.ship(orderId, fulfillmentId, when);
  }

  hold(orderId: string, reason: string, when: string) {
    return this.order(orderId, { type: 'HoldOrder', data: { reason, by: 'admin', channel: null, at: when } });
  }

  release(orderId: string, when: string) {
    return this.order(orderId, { type: 'ReleaseOrder', data: { by: 'admin', channel: null, at: when } });
  }

  /** Cancelled: open reservations released and the authorization voided. */
  async cancel(orderId: string, reason: string, when: string) {
    await this.order(orderId, { type: 'CancelOrder', data: { reason, at: when } });
    const order = await this.orderState(orderId);
    for (const f of Object.values(order.fulfillments)) {
      for (const line of f.lines) {
        await this.stock({
          type: 'ReleaseReservation',
          data: { locationId: f.locationId, sku: line.sku, reservationId: `${orderId}:${f.allocationId}:${line.lineId}`, reason: 'cancelled', at: when },
        });
      }
    }
    if (order.payment.authorizationId) {
      await this.order(orderId, {
        type: 'RecordPaymentVoided',
        data: { authorizationId: order.payment.authorizationId, amount: order.payment.authorizedAmount, at: when },
      });
    }
  }

  async orderState(orderId: string): Promise<Order> {
    const { state } = await this.handlers.orders.load(orderStreamId(orderId));
    if (!state.exists) throw new Error(`order ${orderId} does not exist`);
    return state;
  }

  private order(orderId: string, command: OrderCommand) {
    return this.handlers.orders.handle(orderStreamId(orderId), command, this.context(command.data.at));
  }

  private stock(command: StockCommand) {
    const { locationId, sku, at: when } = command.data;
    return this.handlers.stock.handle(stockStreamId(locationId, sku), command, this.context(when));
  }

  private context(occurredAt: string) {
    this.correlation += 1;
    return { actor: 'test', correlationId: `corr-${this.correlation}`, occurredAt };
  }
}

/** Every document of every read model, by collection then id: what two equal stores share. */
export async function snapshotOf(
  documents: DocumentStore,
  projections: readonly Projection[] = allProjections,
): Promise<Record<string, Record<string, Document>>> {
  const snapshot: Record<string, Record<string, Document>> = {};
  for (const collection of projections.flatMap((p) => p.collections)) {
    const docs: Record<string, Document> = {};
    let cursor: string | null = null;
    do {
      const page: { items: Document[]; nextCursor: string | null } = await documents.find(collection.name, { limit: 500, cursor });
      for (const doc of page.items) docs[collection.idOf(doc)] = doc;
      cursor = page.nextCursor;
    } while (cursor);
    snapshot[collection.name] = docs;
  }
  return snapshot;
}
