import type { StockEvent, StockReserved } from './stock.events';
import type { StockPolicy } from './stock.values';
import * as pmap from '../kernel/persistent-map';

export type OpenReservation = Pick<StockReserved['data'], 'orderId' | 'lineId' | 'quantity'>;

/**
 * What decisions about one SKU at one location need. Only open reservations
 * are kept (committed and released ones are dropped), so the state's size
 * follows the open orders, not the length of the stream.
 * Invariants: onHand >= reserved >= 0; reserved is the sum of the open reservations;
 * lowStock implies 0 < lowStockThreshold and available <= lowStockThreshold.
 */
export type StockState = StockPolicy & {
  readonly onHand: number;
  readonly reserved: number;
  /** Set by LowStockDetected; cleared as soon as available rises above the threshold again. */
  readonly lowStock: boolean;
  readonly reservations: pmap.PersistentMap<OpenReservation>;
};

export const initialStockState = (): StockState => ({
  onHand: 0,
  reserved: 0,
  safetyStock: 0,
  lowStockThreshold: 0,
  leadTimeDays: 0,
  bin: null,
  lowStock: false,
  reservations: pmap.empty(),
});

/** Units on hand not promised to any order. */
export const available = (s: StockState): number => s.onHand - s.reserved;

/** Available to promise: what allocation may still reserve, keeping the safety stock back. */
export const atp = (s: StockState): number => Math.max(0, s.onHand - s.reserved - s.safetyStock);

/** At or below a threshold that was set: a threshold of 0 means "no low-stock warning" (running out is its own signal). */
export const isLowStock = (s: StockState): boolean => s.lowStockThreshold > 0 && available(s) <= s.lowStockThreshold;

export const isOutOfStock = (s: StockState): boolean => available(s) <= 0;

export const openReservation = (s: StockState, reservationId: string): OpenReservation | undefined =>
  pmap.get(s.reservations, reservationId);

export const openReservations = (s: StockState): [reservationId: string, reservation: OpenReservation][] => [
  ...pmap.entries(s.reservations),
];

const apply = (s: StockState, e: StockEvent): StockState => {
  switch (e.type) {
    case 'StockReceived':
      return { ...s, onHand: s.onHand + e.data.quantity };
    case 'StockAdjusted':
      return { ...s, onHand: s.onHand + e.data.delta };
    case 'StockReserved': {
      // Reservation events are applied at most once per id, like the decision that made them.
      if (openReservation(s, e.data.reservationId)) return s;
      const { orderId, lineId, quantity } = e.data;
      return {
        ...s,
        reserved: s.reserved + quantity,
        reservations: pmap.set(s.reservations, e.data.reservationId, { orderId, lineId, quantity }),
      };
    }
    case 'ReservationReleased': {
      const reservation = openReservation(s, e.data.reservationId);
      if (!reservation) return s;
      return {
        ...s,
        reserved: s.reserved - reservation.quantity,
        reservations: pmap.remove(s.reservations, e.data.reservationId),
      };
    }
    case 'ReservationCommitted': {
      const reservation = openReservation(s, e.data.reservationId);
      if (!reservation) return s;
      return {
        ...s,
        onHand: s.onHand - reservation.quantity,
        reserved: s.reserved - reservation.quantity,
        reservations: pmap.remove(s.reservations, e.data.reservationId),
      };
    }
    case 'StockPolicySet': {
      const { safetyStock, lowStockThreshold, leadTimeDays, bin } = e.data;
      return { ...s, safetyStock, lowStockThreshold, leadTimeDays, bin };
    }
    case 'LowStockDetected':
      return { ...s, lowStock: true };
    case 'OutOfStock':
      return s;
  }
};

export const evolve = (s: StockState, e: StockEvent): StockState => {
  const next = apply(s, e);
  return next.lowStock && !isLowStock(next) ? { ...next, lowStock: false } : next;
};
