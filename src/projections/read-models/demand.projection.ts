import { InventoryAllocated } from '../../domain/order';
import { decodeOrderEvent } from '../../infrastructure/eventstore/event-decoders';
import { Projection } from '../projection';

export const DEMAND_COLLECTION = 'daily_demand';

/** Every location together. */
export const ALL_LOCATIONS = '*';

/**
 * Units ordered per SKU per UTC day. Under ALL_LOCATIONS: what customers
 * ordered, allocated or not (demand is not limited by stock). Under a
 * location: what was allocated from there, by the day it was allocated.
 */
export type DailyDemand = { sku: string; locationId: string; date: string; units: number; orders: number };

export const dailyDemandId = (sku: string, locationId: string, date: string) => `${sku}|${locationId}|${date}`;

const utcDay = (timestamp: string) => timestamp.slice(0, 10);

export const demandProjection: Projection = {
  name: 'demand',
  collections: [
    { name: DEMAND_COLLECTION, indexes: [['sku', 'locationId', 'date']], idOf: (doc: DailyDemand) => dailyDemandId(doc.sku, doc.locationId, doc.date) },
  ],
  eventTypes: new Set(['OrderPlaced', 'InventoryAllocated']),
  async apply(stored, view) {
    const event = decodeOrderEvent(stored);
    if (event.type === 'OrderPlaced') {
      const { lines, placedAt } = event.data;
      await addUnits(view, lines, ALL_LOCATIONS, utcDay(placedAt));
      return;
    }
    if (event.type !== 'InventoryAllocated') return;
    const { allocations, allocatedAt } = event.data;
    // One location's lines together, so an order counts once per SKU there even when two of its lines hold it.
    const byLocation = new Map<string, InventoryAllocated['data']['allocations']>();
    for (const allocation of allocations) {
      const lines = byLocation.get(allocation.locationId);
      if (lines) lines.push(allocation);
      else byLocation.set(allocation.locationId, [allocation]);
    }
    for (const [locationId, lines] of byLocation) await addUnits(view, lines, locationId, utcDay(allocatedAt));
  },
};

async function addUnits(
  view: Parameters<Projection['apply']>[1],
  lines: readonly { sku: string; quantity: number }[],
  locationId: string,
  date: string,
) {
  const counted = new Set<string>();
  for (const { sku, quantity } of lines) {
    const id = dailyDemandId(sku, locationId, date);
    const day = (await view.get<DailyDemand>(DEMAND_COLLECTION, id)) ?? { sku, locationId, date, units: 0, orders: 0 };
    const orders = counted.has(sku) ? day.orders : day.orders + 1;
    counted.add(sku);
    view.put(DEMAND_COLLECTION, id, { ...day, units: day.units + quantity, orders });
  }
}
