import { DocumentStore, Filter, Page } from '../infrastructure/documents/document-store';
import { INVENTORY_COLLECTION, InventoryLevel } from '../projections/read-models/inventory.projection';
import { PICK_LISTS_COLLECTION, PickListEntry } from '../projections/read-models/pick-lists';
import { PageRequest } from './order-queries';

const rowOf = ({ locationId, onHand, reserved, available, atp, safetyStock, lowStockThreshold, leadTimeDays, lowStock, outOfStock, bin, updatedAt }: InventoryLevel) => ({
  locationId,
  onHand,
  reserved,
  available,
  atp,
  safetyStock,
  lowStockThreshold,
  leadTimeDays,
  lowStock,
  outOfStock,
  bin,
  updatedAt,
});

/** Inventory visibility across locations, and the warehouse's pick lists. */
export class InventoryQueries {
  constructor(private readonly documents: DocumentStore) {}

  /** Every location's row for a SKU and their totals; null when no location has ever stocked it. */
  async forSku(sku: string) {
    const rows = await this.levelsOf(sku);
    if (rows.length === 0) return null;
    const totals = rows.reduce(
      (sum, row) => ({
        onHand: sum.onHand + row.onHand,
        reserved: sum.reserved + row.reserved,
        available: sum.available + row.available,
        atp: sum.atp + row.atp,
      }),
      { onHand: 0, reserved: 0, available: 0, atp: 0 },
    );
    return { sku, totals, locations: rows.map(rowOf) };
  }

  async levelsOf(sku: string): Promise<InventoryLevel[]> {
    const levels: InventoryLevel[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<InventoryLevel> = await this.documents.find<InventoryLevel>(INVENTORY_COLLECTION, {
        filter: { sku },
        limit: 500,
        cursor,
      });
      levels.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return levels;
  }

  /** `skus`: only rows of these SKUs (a product's variants). */
  async list(filter: { lowStock?: boolean; locationId?: string; skus?: readonly string[] }, page: PageRequest): Promise<Page<InventoryLevel>> {
    const conditions: Filter = {
      ...(filter.lowStock !== undefined ? { lowStock: filter.lowStock } : {}),
      ...(filter.locationId ? { locationId: filter.locationId } : {}),
      ...(filter.skus ? { sku: { $in: filter.skus } } : {}),
    };
    return this.documents.find<InventoryLevel>(INVENTORY_COLLECTION, { filter: conditions, limit: page.limit, cursor: page.cursor ?? null });
  }

  /** Open fulfilments at a location, oldest request first. */
  async pickList(locationId: string, page: PageRequest): Promise<Page<PickListEntry>> {
    return this.documents.find<PickListEntry>(PICK_LISTS_COLLECTION, {
      filter: { locationId },
      sort: { field: 'requestedAt', direction: 'asc' },
      limit: page.limit,
      cursor: page.cursor ?? null,
    });
  }
}
