import { DocumentStore, Filter, Page } from '../infrastructure/documents/document-store';
import { ORDERS_COLLECTION, OrderDocument } from '../projections/read-models/orders.projection';
import { recordOfDocument } from '../projections/read-models/order-record';
import { toOrderView, OrderView } from './order-view';

export type OrderListFilter = {
  status?: string;
  channel?: string;
  customerId?: string;
  placedFrom?: string;
  placedTo?: string;
};

export type PageRequest = { limit?: number; cursor?: string | null };

/** Order tracking reads, over the orders read model. */
export class OrderQueries {
  constructor(private readonly documents: DocumentStore) {}

  async get(orderId: string): Promise<OrderView | null> {
    const doc = await this.documents.get<OrderDocument>(ORDERS_COLLECTION, orderId);
    return doc && toOrderView(recordOfDocument(doc), doc.revision);
  }

  /** Newest first. */
  async list(filter: OrderListFilter, page: PageRequest): Promise<Page<OrderView>> {
    const conditions: Record<string, unknown> = {};
    if (filter.status) conditions.status = filter.status;
    if (filter.channel) conditions.channel = filter.channel;
    if (filter.customerId) conditions.customerId = filter.customerId;
    if (filter.placedFrom || filter.placedTo) {
      conditions.placedAt = {
        ...(filter.placedFrom ? { $gte: filter.placedFrom } : {}),
        ...(filter.placedTo ? { $lte: filter.placedTo } : {}),
      };
    }
    const result = await this.documents.find<OrderDocument>(ORDERS_COLLECTION, {
      filter: conditions as Filter,
      sort: { field: 'placedAt', direction: 'desc' },
      limit: page.limit,
      cursor: page.cursor ?? null,
    });
    return { items: result.items.map((doc) => toOrderView(recordOfDocument(doc), doc.revision)), nextCursor: result.nextCursor };
  }
}
