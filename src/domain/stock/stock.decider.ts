import type { Decider } from '../kernel/decider';
import { Quantity } from '../kernel/value-objects';
import type { StockCommand } from './stock.commands';
import { InsufficientStock, InvalidStockAdjustment, InvalidStockPolicy, InvalidStockQuantity, StockBelowReserved } from './stock.errors';
import type { StockEvent } from './stock.events';
import { atp, available, evolve, initialStockState, isLowStock, isOutOfStock, openReservation, type StockState } from './stock.state';
import { StockCount, StockDelta, type StockPolicy } from './stock.values';

const assertQuantity = (quantity: number): void => {
  if (!Quantity.safeParse(quantity).success) throw new InvalidStockQuantity(quantity);
};

const assertPolicy = (policy: StockPolicy): void => {
  for (const field of ['safetyStock', 'lowStockThreshold', 'leadTimeDays'] as const) {
    if (!StockCount.safeParse(policy[field]).success) throw new InvalidStockPolicy(field, policy[field]);
  }
};

const samePolicy = (s: StockState, p: StockPolicy): boolean =>
  s.safetyStock === p.safetyStock &&
  s.lowStockThreshold === p.lowStockThreshold &&
  s.leadTimeDays === p.leadTimeDays &&
  s.bin === p.bin;

/** The command's own events, before the low-stock check. */
const decideCommand = (command: StockCommand, s: StockState): StockEvent[] => {
  switch (command.type) {
    case 'ReceiveStock': {
      const { locationId, sku, quantity, reference, at } = command.data;
      assertQuantity(quantity);
      return [{ type: 'StockReceived', data: { locationId, sku, quantity, reference, receivedAt: at } }];
    }
    case 'AdjustStock': {
      const { locationId, sku, delta, reason, at } = command.data;
      if (!StockDelta.safeParse(delta).success) throw new InvalidStockAdjustment(delta);
      if (s.onHand + delta < s.reserved) throw new StockBelowReserved(s.onHand, s.reserved, delta);
      return [{ type: 'StockAdjusted', data: { locationId, sku, delta, reason, adjustedAt: at } }];
    }
    case 'ReserveStock': {
      const { locationId, sku, reservationId, orderId, lineId, quantity, at } = command.data;
      if (openReservation(s, reservationId)) return []; // already reserved
      assertQuantity(quantity);
      if (quantity > atp(s)) throw new InsufficientStock(quantity, atp(s));
      return [{ type: 'StockReserved', data: { locationId, sku, reservationId, orderId, lineId, quantity, reservedAt: at } }];
    }
    case 'ReleaseReservation': {
      const { locationId, sku, reservationId, reason, at } = command.data;
      const reservation = openReservation(s, reservationId);
      if (!reservation) return []; // never made, or already released or committed
      const { orderId, quantity } = reservation;
      return [{ type: 'ReservationReleased', data: { locationId, sku, reservationId, orderId, quantity, reason, releasedAt: at } }];
    }
    case 'CommitReservation': {
      const { locationId, sku, reservationId, at } = command.data;
      const reservation = openReservation(s, reservationId);
      if (!reservation) return []; // never made, or already released or committed
      const { orderId, quantity } = reservation;
      return [{ type: 'ReservationCommitted', data: { locationId, sku, reservationId, orderId, quantity, committedAt: at } }];
    }
    case 'SetStockPolicy': {
      const { locationId, sku, safetyStock, lowStockThreshold, leadTimeDays, bin, at } = command.data;
      const policy = { safetyStock, lowStockThreshold, leadTimeDays, bin };
      assertPolicy(policy);
      if (samePolicy(s, policy)) return [];
      return [{ type: 'StockPolicySet', data: { locationId, sku, ...policy, setAt: at } }];
    }
  }
};

/**
 * Decides, then appends the signals the decision causes: LowStockDetected when
 * it takes available from above a threshold (set, above 0) to at or below it
 * (less stock, or a higher threshold), and OutOfStock when it takes available
 * from above 0 to 0. While stock stays low (or out) nothing more is emitted;
 * once it rises again the next crossing is reported again.
 */
export const decide = (command: StockCommand, s: StockState): StockEvent[] => {
  const events = decideCommand(command, s);
  if (events.length === 0) return events;
  const after = events.reduce(evolve, s);
  const { locationId, sku, at } = command.data;
  const signals: StockEvent[] = [];
  if (!isLowStock(s) && isLowStock(after)) {
    signals.push({
      type: 'LowStockDetected',
      data: { locationId, sku, available: available(after), threshold: after.lowStockThreshold, detectedAt: at },
    });
  }
  if (!isOutOfStock(s) && isOutOfStock(after)) signals.push({ type: 'OutOfStock', data: { locationId, sku, detectedAt: at } });
  return signals.length === 0 ? events : [...events, ...signals];
};

export const stockDecider: Decider<StockCommand, StockEvent, StockState> = {
  initialState: initialStockState,
  decide,
  evolve,
};
