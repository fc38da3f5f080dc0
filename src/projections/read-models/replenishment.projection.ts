import { DemandDay, needsReorder, recentDemand, replenishmentPolicy, ReplenishmentPolicy, replenishmentSortKey } from '../../domain/forecasting';
import { decodeOrderEvent, decodeStockEvent } from '../../infrastructure/eventstore/event-decoders';
import { Projection, ProjectionView } from '../projection';
import { emptyLevel, INVENTORY_EVENT_TYPES, InventoryLevel, inventoryLevelId, nextLevel } from './inventory.projection';

export const REPLENISHMENT_COLLECTION = 'replenishment';

/**
 * One row per SKU per location with what GET /replenishment answers, kept
 * up to date from the stock events and the allocations, so the list is one
 * indexed page read however many rows the store holds. The figures are those
 * of the row's as-of day: the UTC day of the latest event that touched it.
 * Only what orders the list is kept here (no model is fitted per event, which
 * would make a rebuild crawl); the forecast figures of a page are computed by
 * the query.
 */
export type ReplenishmentLine = ReplenishmentPolicy & {
  sku: string;
  locationId: string;
  onHand: number;
  atp: number;
  /** The location's stock level, as the inventory read model keeps it. */
  level: InventoryLevel;
  /** Units allocated from here per day, days with demand only, within the history window of `asOf`. */
  demand: DemandDay[];
  asOf: string;
  needsReorder: boolean;
  /** Orders the list: most urgent first (see replenishmentSortKey). */
  urgency: string;
};

const utcDay = (timestamp: string) => timestamp.slice(0, 10);

/** What `apply` keeps per row; the figures are completed from it once per commit. */
type ReplenishmentDraft = Pick<ReplenishmentLine, 'sku' | 'locationId' | 'level' | 'demand' | 'asOf'>;

const completeLine = ({ level, demand, asOf }: ReplenishmentDraft): ReplenishmentLine => {
  const kept = recentDemand(demand, asOf);
  const figures = replenishmentPolicy({ demand: kept, asOf, policyLeadTimeDays: level.leadTimeDays });
  const row = { sku: level.sku, locationId: level.locationId, atp: level.atp, ...figures };
  return { ...row, onHand: level.onHand, level, demand: kept, asOf, needsReorder: needsReorder(row), urgency: replenishmentSortKey(row) };
};

const update = async (view: ProjectionView, locationId: string, sku: string, at: string, change: (line: { level: InventoryLevel; demand: DemandDay[] }) => { level: InventoryLevel; demand: DemandDay[] }) => {
  const id = inventoryLevelId(locationId, sku);
  const current = await view.get<ReplenishmentDraft>(REPLENISHMENT_COLLECTION, id);
  const asOf = current && current.asOf > utcDay(at) ? current.asOf : utcDay(at);
  const next = change({ level: current?.level ?? emptyLevel(locationId, sku), demand: current?.demand ?? [] });
  view.put(REPLENISHMENT_COLLECTION, id, { sku, locationId, level: next.level, demand: next.demand, asOf } satisfies ReplenishmentDraft);
};

const addDemand = (demand: readonly DemandDay[], date: string, units: number): DemandDay[] => {
  const day = demand.find((entry) => entry.date === date);
  if (!day) return [...demand, { date, units }].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  return demand.map((entry) => (entry === day ? { date, units: entry.units + units } : entry));
};

export const replenishmentProjection: Projection = {
  name: 'replenishment',
  collections: [
    {
      name: REPLENISHMENT_COLLECTION,
      indexes: [['needsReorder', 'urgency']],
      idOf: (doc: ReplenishmentLine) => inventoryLevelId(doc.locationId, doc.sku),
      complete: (doc: ReplenishmentDraft) => completeLine(doc),
    },
  ],
  eventTypes: new Set<string>([...INVENTORY_EVENT_TYPES, 'InventoryAllocated']),
  async apply(stored, view) {
    const at = stored.metadata.occurredAt;
    if (stored.type === 'InventoryAllocated') {
      const allocated = decodeOrderEvent(stored);
      if (allocated.type !== 'InventoryAllocated') return;
      const { allocations, allocatedAt } = allocated.data;
      for (const { locationId, sku, quantity } of allocations) {
        await update(view, locationId, sku, at, (line) => ({ ...line, demand: addDemand(line.demand, utcDay(allocatedAt), quantity) }));
      }
      return;
    }
    const event = decodeStockEvent(stored);
    await update(view, event.data.locationId, event.data.sku, at, (line) => ({ ...line, level: nextLevel(line.level, event, at) }));
  },
};
