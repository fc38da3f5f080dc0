import { OrderEvent, OrderStatus, orderTotals, parseOrderStreamId } from '../../domain/order';
import { decodeOrderEvent } from '../../infrastructure/eventstore/event-decoders';
import { Projection, ProjectionView } from '../projection';
import { evolveOrderRecord, OrderRecord } from './order-record';

export const CUSTOMERS_COLLECTION = 'customers';
export const CUSTOMER_ORDERS_COLLECTION = 'customer_orders';

/** What one customer's orders in one channel come to. */
export type CustomerFigures = {
  /** Contact details as the customer's latest order gave them. */
  email: string;
  name: string | null;
  phone: string | null;
  ordersCount: number;
  /** Grand totals by currency of the orders not cancelled, rejected or failed at payment. */
  lifetimeValue: Record<string, number>;
  firstOrderAt: string;
  lastOrderAt: string;
  /** Orders still under way: neither delivered nor cancelled, rejected or failed at payment. */
  openOrders: number;
  returnsCount: number;
};

/** By channel: a key bound to a channel sees that channel's figures only. */
export type CustomerDocument = { customerId: string; channels: Record<string, CustomerFigures> };

/** What one order adds to its customer's figures. */
type Share = { currency: string; value: number; open: boolean };

/**
 * The projection's own copy of each order, so it depends on no other read
 * model; `state` is dropped once the order is finished, since nothing that
 * follows changes its share any more.
 */
export type CustomerOrderDocument = { orderId: string; customerId: string; channel: string; revision: number; share: Share; state: OrderRecord | null };

const LOST: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['cancelled', 'rejected', 'payment_failed']);
const FINISHED: ReadonlySet<OrderStatus> = new Set<OrderStatus>([...LOST, 'delivered']);

/** Notifications change nothing a customer's figures show. */
const EVENT_TYPES: ReadonlySet<OrderEvent['type']> = new Set(
  OrderEvent.options.map((option) => option.shape.type.value).filter((type) => type !== 'CustomerNotified'),
);

const shareOf = ({ state, details }: OrderRecord): Share => ({
  currency: state.currency,
  value: LOST.has(details.status) ? 0 : orderTotals(state).grand,
  open: !FINISHED.has(details.status),
});

const withAmount = (values: Record<string, number>, currency: string, delta: number): Record<string, number> => {
  const amount = (values[currency] ?? 0) + delta;
  const { [currency]: _, ...others } = values;
  return amount === 0 ? others : { ...others, [currency]: amount };
};

const newFigures = ({ state, details }: OrderRecord): CustomerFigures => ({
  email: details.customer.email,
  name: details.customer.name,
  phone: details.customer.phone,
  ordersCount: 0,
  lifetimeValue: {},
  firstOrderAt: state.placedAt,
  lastOrderAt: state.placedAt,
  openOrders: 0,
  returnsCount: 0,
});

/** The figures with `before` (null for a new order) taken out and `after` counted in. */
const recount = (figures: CustomerFigures, { state, details }: OrderRecord, before: Share | null, after: Share): CustomerFigures => {
  let next = { ...figures };
  if (before === null) {
    next = {
      ...next,
      email: details.customer.email,
      name: details.customer.name,
      phone: details.customer.phone,
      ordersCount: next.ordersCount + 1,
      firstOrderAt: state.placedAt < next.firstOrderAt ? state.placedAt : next.firstOrderAt,
      lastOrderAt: state.placedAt > next.lastOrderAt ? state.placedAt : next.lastOrderAt,
    };
  } else {
    next.lifetimeValue = withAmount(next.lifetimeValue, before.currency, -before.value);
    next.openOrders -= before.open ? 1 : 0;
  }
  next.lifetimeValue = withAmount(next.lifetimeValue, after.currency, after.value);
  next.openOrders += after.open ? 1 : 0;
  return next;
};

const recordShare = async (view: ProjectionView, record: OrderRecord, before: Share | null, after: Share): Promise<void> => {
  const customerId = record.details.customer.id;
  const { channel } = record.state;
  const doc = (await view.get<CustomerDocument>(CUSTOMERS_COLLECTION, customerId)) ?? { customerId, channels: {} };
  const figures = doc.channels[channel] ?? newFigures(record);
  view.put(CUSTOMERS_COLLECTION, customerId, { customerId, channels: { ...doc.channels, [channel]: recount(figures, record, before, after) } });
};

/** One document per customer id: how many orders, what they came to, which are still open. */
export const customersProjection: Projection = {
  name: 'customers',
  collections: [
    { name: CUSTOMERS_COLLECTION, indexes: [], idOf: (doc: CustomerDocument) => doc.customerId },
    { name: CUSTOMER_ORDERS_COLLECTION, indexes: [], idOf: (doc: CustomerOrderDocument) => doc.orderId },
  ],
  eventTypes: EVENT_TYPES,
  async apply(stored, view) {
    const orderId = parseOrderStreamId(stored.streamId);
    if (orderId === null) return;
    const existing = await view.get<CustomerOrderDocument>(CUSTOMER_ORDERS_COLLECTION, orderId);
    if (existing && (stored.revision <= existing.revision || existing.state === null)) return;
    const record = evolveOrderRecord(existing?.state ?? null, decodeOrderEvent(stored));
    if (record === null) return;
    const before = existing?.share ?? null;
    const after = shareOf(record);
    view.put(CUSTOMER_ORDERS_COLLECTION, orderId, {
      orderId,
      customerId: record.details.customer.id,
      channel: record.state.channel,
      revision: stored.revision,
      share: after,
      state: FINISHED.has(record.details.status) ? null : record,
    } satisfies CustomerOrderDocument);
    if (before === null || before.value !== after.value || before.open !== after.open) await recordShare(view, record, before, after);
  },
};
