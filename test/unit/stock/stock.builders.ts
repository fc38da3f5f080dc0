import type { ReleaseReason, StockCommand, StockEvent, StockPolicy } from '../../../src/domain/stock';

export const LOCATION = 'wh-1';
export const SKU = 'SKU-1';
export const ORDER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
export const AT = '2025-03-01T10:00:00.000Z';

const key = { locationId: LOCATION, sku: SKU };
const noPolicy: StockPolicy = { safetyStock: 0, lowStockThreshold: 0, leadTimeDays: 0, bin: null };

type ReservationOf = { orderId?: string; lineId?: string };

// events

export const stockReceived = (quantity: number, reference: string | null = null): StockEvent => ({
  type: 'StockReceived',
  data: { ...key, quantity, reference, receivedAt: AT },
});

export const stockAdjusted = (delta: number, reason = 'cycle count'): StockEvent => ({
  type: 'StockAdjusted',
  data: { ...key, delta, reason, adjustedAt: AT },
});

export const stockReserved = (reservationId: string, quantity: number, of: ReservationOf = {}): StockEvent => ({
  type: 'StockReserved',
  data: { ...key, reservationId, orderId: of.orderId ?? ORDER, lineId: of.lineId ?? 'line-1', quantity, reservedAt: AT },
});

export const reservationReleased = (reservationId: string, quantity: number, reason: ReleaseReason = 'cancelled'): StockEvent => ({
  type: 'ReservationReleased',
  data: { ...key, reservationId, orderId: ORDER, quantity, reason, releasedAt: AT },
});

export const reservationCommitted = (reservationId: string, quantity: number): StockEvent => ({
  type: 'ReservationCommitted',
  data: { ...key, reservationId, orderId: ORDER, quantity, committedAt: AT },
});

export const policySet = (policy: Partial<StockPolicy>): StockEvent => ({
  type: 'StockPolicySet',
  data: { ...key, ...noPolicy, ...policy, setAt: AT },
});

export const lowStockDetected = (available: number, threshold: number): StockEvent => ({
  type: 'LowStockDetected',
  data: { ...key, available, threshold, detectedAt: AT },
});

export const outOfStock = (): StockEvent => ({ type: 'OutOfStock', data: { ...key, detectedAt: AT } });

// commands

export const receiveStock = (quantity: number, reference: string | null = null): StockCommand => ({
  type: 'ReceiveStock',
  data: { ...key, quantity, reference, at: AT },
});

export const adjustStock = (delta: number, reason = 'cycle count'): StockCommand => ({
  type: 'AdjustStock',
  data: { ...key, delta, reason, at: AT },
});

export const reserveStock = (reservationId: string, quantity: number, of: ReservationOf = {}): StockCommand => ({
  type: 'ReserveStock',
  data: { ...key, reservationId, orderId: of.orderId ?? ORDER, lineId: of.lineId ?? 'line-1', quantity, at: AT },
});

export const releaseReservation = (reservationId: string, reason: ReleaseReason = 'cancelled'): StockCommand => ({
  type: 'ReleaseReservation',
  data: { ...key, reservationId, reason, at: AT },
});

export const commitReservation = (reservationId: string): StockCommand => ({
  type: 'CommitReservation',
  data: { ...key, reservationId, at: AT },
});

export const setStockPolicy = (policy: Partial<StockPolicy>): StockCommand => ({
  type: 'SetStockPolicy',
  data: { ...key, ...noPolicy, ...policy, at: AT },
});
