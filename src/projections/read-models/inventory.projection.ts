import { StockEvent } from '../../domain/stock';
import { decodeStockEvent } from '../../infrastructure/eventstore/event-decoders';
import { Projection } from '../projection';

export const INVENTORY_COLLECTION = 'inventory_levels';

/** One row per SKU per location: what GET /inventory answers. */
export type InventoryLevel = {
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  available: number;
  atp: number;
  safetyStock: number;
  lowStockThreshold: number;
  leadTimeDays: number;
  /** Available at or below a low-stock threshold above 0. */
  lowStock: boolean;
  /** Nothing available (on-hand all reserved, or none). */
  outOfStock: boolean;
  bin: string | null;
  updatedAt: string;
};

export const inventoryLevelId = (locationId: string, sku: string) => `${locationId}.${sku}`;

export const emptyLevel = (locationId: string, sku: string): InventoryLevel => ({
  sku,
  locationId,
  onHand: 0,
  reserved: 0,
  available: 0,
  atp: 0,
  safetyStock: 0,
  lowStockThreshold: 0,
  leadTimeDays: 0,
  lowStock: false,
  outOfStock: true,
  bin: null,
  updatedAt: '',
});

/** Re-derives the figures that follow from on-hand, reserved and the policy. */
const withDerivedFigures = (level: InventoryLevel): InventoryLevel => {
  const available = level.onHand - level.reserved;
  return {
    ...level,
    available,
    atp: Math.max(0, available - level.safetyStock),
    lowStock: level.lowStockThreshold > 0 && available <= level.lowStockThreshold,
    outOfStock: available <= 0,
  };
};

const applyStockEvent = (level: InventoryLevel, event: StockEvent, at: string): InventoryLevel => {
  switch (event.type) {
    case 'StockReceived':
      return { ...level, onHand: level.onHand + event.data.quantity, updatedAt: at };
    case 'StockAdjusted':
      return { ...level, onHand: level.onHand + event.data.delta, updatedAt: at };
    case 'StockReserved':
      return { ...level, reserved: level.reserved + event.data.quantity, updatedAt: at };
    case 'ReservationReleased':
      return { ...level, reserved: level.reserved - event.data.quantity, updatedAt: at };
    case 'ReservationCommitted':
      return {
        ...level,
        onHand: level.onHand - event.data.quantity,
        reserved: level.reserved - event.data.quantity,
        updatedAt: at,
      };
    case 'StockPolicySet': {
      const { safetyStock, lowStockThreshold, leadTimeDays, bin } = event.data;
      return { ...level, safetyStock, lowStockThreshold, leadTimeDays, bin, updatedAt: at };
    }
    case 'LowStockDetected':
    case 'OutOfStock':
      return level;
  }
};

/** The level after one stock event, with its derived figures. */
export const nextLevel = (level: InventoryLevel, event: StockEvent, at: string): InventoryLevel => withDerivedFigures(applyStockEvent(level, event, at));

export const INVENTORY_EVENT_TYPES = new Set<StockEvent['type']>([
  'StockReceived',
  'StockAdjusted',
  'StockReserved',
  'ReservationReleased',
  'ReservationCommitted',
  'StockPolicySet',
]);

export const inventoryProjection: Projection = {
  name: 'inventory',
  collections: [
    {
      name: INVENTORY_COLLECTION,
      indexes: ['sku', 'locationId', ['lowStock', 'locationId']],
      idOf: (doc: InventoryLevel) => inventoryLevelId(doc.locationId, doc.sku),
    },
  ],
  eventTypes: INVENTORY_EVENT_TYPES,
  async apply(stored, view) {
    const event = decodeStockEvent(stored);
    const { locationId, sku } = event.data;
    const id = inventoryLevelId(locationId, sku);
    const level = (await view.get<InventoryLevel>(INVENTORY_COLLECTION, id)) ?? emptyLevel(locationId, sku);
    view.put(INVENTORY_COLLECTION, id, nextLevel(level, event, stored.metadata.occurredAt));
  },
};
