import { OrderStatus, orderTotals } from '../../domain/order';
import { ProjectionView } from '../projection';
import { OrderRecord } from './order-record';

export const CUSTOMERS_COLLECTION = 'customers';

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

const LOST: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['cancelled', 'rejected', 'payment_failed']);
const FINISHED: ReadonlySet<OrderStatus> = new Set<OrderStatus>([...LOST, 'delivered']);

/** What the order adds to its customer's figures as it stands. */
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

/**
 * One document per customer id: how many orders, what they came to, which
 * are still open. Kept in the orders projection's pass, from the record it
 * folds anyway: an order changes its customer's figures only when its share
 * does (placed, lost, delivered), so most events write nothing here.
 */
export const customerFigures = {
  collections: [{ name: CUSTOMERS_COLLECTION, indexes: [], idOf: (doc: CustomerDocument) => doc.customerId }],
  async record(view: ProjectionView, before: OrderRecord | null, after: OrderRecord): Promise<void> {
    const was = before && shareOf(before);
    const now = shareOf(after);
    if (was !== null && was.value === now.value && was.open === now.open && was.currency === now.currency) return;
    const customerId = after.details.customer.id;
    const { channel } = after.state;
    const doc = (await view.get<CustomerDocument>(CUSTOMERS_COLLECTION, customerId)) ?? { customerId, channels: {} };
    const figures = doc.channels[channel] ?? newFigures(after);
    view.put(CUSTOMERS_COLLECTION, customerId, { customerId, channels: { ...doc.channels, [channel]: recount(figures, after, was, now) } });
  },
};
