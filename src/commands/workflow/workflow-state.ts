import { CandidateLocation } from '../../domain/allocation';
import { LocationEvent, LocationKind } from '../../domain/location';
import { DocumentStore, DocumentWrite, Lease } from '../../infrastructure/documents/document-store';

/** Orders that may have side effects in flight: visited again when the process manager starts. */
export const OPEN_ORDERS = 'workflow_open_orders';
/** Orders waiting for stock of a SKU, oldest first: retried when that SKU is restocked. */
export const BACKORDERS = 'workflow_backorders';
/** The locations allocation may choose from, as the process manager has seen them in the log. */
export const WORKFLOW_LOCATIONS = 'workflow_locations';

export const workflowCollections = [
  { name: OPEN_ORDERS, indexes: [] },
  { name: BACKORDERS, indexes: [['sku', 'placedAt']] },
  { name: WORKFLOW_LOCATIONS, indexes: [] },
];

/** A location as allocation sees it, and whether it is a store (pickup orders are served by stores only). */
export type WorkflowLocation = CandidateLocation & { kind?: LocationKind };

export type BackorderEntry = { sku: string; orderId: string; placedAt: string };

const backorderId = (sku: string, orderId: string) => `${sku}|${orderId}`;

/**
 * The process manager's own state, kept in the document store and committed
 * with its checkpoint: which orders have work in flight, which wait for
 * stock, and the locations it allocates from. Changes collect here during a
 * batch and are written in one unit of work.
 */
export class WorkflowState {
  private readonly writes = new Map<string, DocumentWrite>();
  private locations = new Map<string, WorkflowLocation>();

  constructor(
    private readonly documents: DocumentStore,
    /** When set, every flush is fenced by this lease: a process manager that lost it writes nothing. */
    private readonly lease?: Lease,
  ) {}

  /** Reads the state as committed; what was collected and not flushed (before a failed commit) is dropped, to be derived again from the log. */
  async load(): Promise<void> {
    this.writes.clear();
    const locations = new Map<string, WorkflowLocation>();
    let cursor: string | null = null;
    do {
      const page: { items: WorkflowLocation[]; nextCursor: string | null } = await this.documents.find<WorkflowLocation>(
        WORKFLOW_LOCATIONS,
        { limit: 500, cursor },
      );
      for (const location of page.items) locations.set(location.locationId, location);
      cursor = page.nextCursor;
    } while (cursor);
    this.locations = locations;
  }

  allLocations(): WorkflowLocation[] {
    return [...this.locations.values()];
  }

  /** Locations recorded before their kind was kept learn it from their own stream. */
  async learnLocationKinds(kindOf: (locationId: string) => Promise<LocationKind | null>): Promise<void> {
    for (const location of this.locations.values()) {
      if (location.kind !== undefined) continue;
      const kind = await kindOf(location.locationId);
      if (kind) this.put({ ...location, kind });
    }
    await this.flush();
  }

  applyLocationEvent(event: LocationEvent): void {
    const current = this.locations.get(event.data.locationId);
    let next: WorkflowLocation | undefined;
    switch (event.type) {
      case 'LocationRegistered':
      case 'LocationUpdated': {
        const { locationId, priority, address, kind } = event.data;
        const active = event.type === 'LocationRegistered' ? event.data.active : (current?.active ?? true);
        next = { locationId, priority, active, country: address.country, postalCode: address.postalCode, kind };
        break;
      }
      case 'LocationDeactivated':
        next = current && { ...current, active: false };
        break;
      case 'LocationReactivated':
        next = current && { ...current, active: true };
        break;
    }
    if (next) this.put(next);
  }

  private put(location: WorkflowLocation): void {
    this.locations.set(location.locationId, location);
    this.write({ op: 'put', collection: WORKFLOW_LOCATIONS, id: location.locationId, doc: location });
  }

  markOpen(orderId: string, open: boolean): void {
    this.write(open ? { op: 'put', collection: OPEN_ORDERS, id: orderId, doc: { orderId } } : { op: 'delete', collection: OPEN_ORDERS, id: orderId });
  }

  /** Lists the order under every SKU it waits for, and under no other of its SKUs. */
  listBackorders(listing: { orderId: string; placedAt: string; waiting: readonly string[]; skus: readonly string[] }): void {
    const { orderId, placedAt } = listing;
    for (const sku of listing.skus) {
      const id = backorderId(sku, orderId);
      this.write(
        listing.waiting.includes(sku)
          ? { op: 'put', collection: BACKORDERS, id, doc: { sku, orderId, placedAt } }
          : { op: 'delete', collection: BACKORDERS, id },
      );
    }
  }

  async openOrders(): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { orderId: string }[]; nextCursor: string | null } = await this.documents.find<{ orderId: string }>(
        OPEN_ORDERS,
        { limit: 500, cursor },
      );
      ids.push(...page.items.map((item) => item.orderId));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  /** Orders waiting for this SKU, oldest first. */
  async *backordersOf(sku: string): AsyncGenerator<BackorderEntry> {
    let cursor: string | null = null;
    do {
      const page: { items: BackorderEntry[]; nextCursor: string | null } = await this.documents.find<BackorderEntry>(BACKORDERS, {
        filter: { sku },
        sort: { field: 'placedAt', direction: 'asc' },
        limit: 100,
        cursor,
      });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Writes what changed since the last flush, with the checkpoint when one is given. */
  async flush(checkpoint?: { name: string; position: bigint }): Promise<void> {
    const writes = [...this.writes.values()];
    this.writes.clear();
    if (writes.length === 0 && !checkpoint) return;
    await this.documents.commit({ writes, ...(checkpoint ? { checkpoint } : {}), ...(this.lease ? { lease: this.lease } : {}) });
  }

  private write(write: DocumentWrite): void {
    this.writes.set(`${write.collection}\u0000${write.id}`, write);
  }
}
