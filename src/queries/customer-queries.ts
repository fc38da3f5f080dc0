import { DocumentStore } from '../infrastructure/documents/document-store';
import { CUSTOMERS_COLLECTION, CustomerDocument, CustomerFigures } from '../projections/read-models/customer-figures';

export type CustomerView = CustomerFigures & { customerId: string };

const sumValues = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => {
  const sum = { ...a };
  for (const [currency, amount] of Object.entries(b)) sum[currency] = (sum[currency] ?? 0) + amount;
  return sum;
};

/** Two channels' figures as one; contact details from the channel ordered in last. */
const merge = (a: CustomerFigures, b: CustomerFigures): CustomerFigures => {
  const latest = b.lastOrderAt > a.lastOrderAt ? b : a;
  return {
    email: latest.email,
    name: latest.name,
    phone: latest.phone,
    ordersCount: a.ordersCount + b.ordersCount,
    lifetimeValue: sumValues(a.lifetimeValue, b.lifetimeValue),
    firstOrderAt: b.firstOrderAt < a.firstOrderAt ? b.firstOrderAt : a.firstOrderAt,
    lastOrderAt: latest.lastOrderAt,
    openOrders: a.openOrders + b.openOrders,
    returnsCount: a.returnsCount + b.returnsCount,
  };
};

/** Customer reads, over the customers read model. */
export class CustomerQueries {
  constructor(private readonly documents: DocumentStore) {}

  /** The customer's figures over every channel, or over `channel` alone; null when it has no orders there. */
  async get(customerId: string, channel: string | null): Promise<CustomerView | null> {
    const doc = await this.documents.get<CustomerDocument>(CUSTOMERS_COLLECTION, customerId);
    if (!doc) return null;
    // Sorted, so the same documents always merge the same way.
    const figures = Object.entries(doc.channels)
      .filter(([name]) => channel === null || name === channel)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, f]) => f);
    if (figures.length === 0) return null;
    return { customerId, ...figures.reduce(merge) };
  }
}
