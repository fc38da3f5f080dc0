import { z } from 'zod';
import { OrderId, Quantity, Timestamp } from '../kernel/value-objects';
import { LineId, Reason, ReceiptReference, ReleaseReason, ReservationId, StockCount, StockDelta, StockKey, StockPolicy } from './stock.values';

export const StockReceived = z.object({
  type: z.literal('StockReceived'),
  data: StockKey.extend({ quantity: Quantity, reference: ReceiptReference, receivedAt: Timestamp }),
});

export const StockAdjusted = z.object({
  type: z.literal('StockAdjusted'),
  data: StockKey.extend({ delta: StockDelta, reason: Reason, adjustedAt: Timestamp }),
});

export const StockReserved = z.object({
  type: z.literal('StockReserved'),
  data: StockKey.extend({
    reservationId: ReservationId,
    orderId: OrderId,
    lineId: LineId,
    quantity: Quantity,
    reservedAt: Timestamp,
  }),
});

export const ReservationReleased = z.object({
  type: z.literal('ReservationReleased'),
  data: StockKey.extend({
    reservationId: ReservationId,
    orderId: OrderId,
    quantity: Quantity,
    reason: ReleaseReason,
    releasedAt: Timestamp,
  }),
});

/** The reserved units leave the building: on-hand and reserved both fall. */
export const ReservationCommitted = z.object({
  type: z.literal('ReservationCommitted'),
  data: StockKey.extend({
    reservationId: ReservationId,
    orderId: OrderId,
    quantity: Quantity,
    committedAt: Timestamp,
  }),
});

export const StockPolicySet = z.object({
  type: z.literal('StockPolicySet'),
  data: StockKey.extend(StockPolicy.shape).extend({ setAt: Timestamp }),
});

/** Available (on-hand minus reserved) crossed a low-stock threshold above 0 downwards. */
export const LowStockDetected = z.object({
  type: z.literal('LowStockDetected'),
  data: StockKey.extend({ available: StockCount, threshold: StockCount, detectedAt: Timestamp }),
});

/** Available (on-hand minus reserved) reached 0: nothing left to promise or pick. */
export const OutOfStock = z.object({
  type: z.literal('OutOfStock'),
  data: StockKey.extend({ detectedAt: Timestamp }),
});

export const StockEvent = z.discriminatedUnion('type', [
  StockReceived,
  StockAdjusted,
  StockReserved,
  ReservationReleased,
  ReservationCommitted,
  StockPolicySet,
  LowStockDetected,
  OutOfStock,
]);

export type StockReceived = z.infer<typeof StockReceived>;
export type StockAdjusted = z.infer<typeof StockAdjusted>;
export type StockReserved = z.infer<typeof StockReserved>;
export type ReservationReleased = z.infer<typeof ReservationReleased>;
export type ReservationCommitted = z.infer<typeof ReservationCommitted>;
export type StockPolicySet = z.infer<typeof StockPolicySet>;
export type LowStockDetected = z.infer<typeof LowStockDetected>;
export type OutOfStock = z.infer<typeof OutOfStock>;
export type StockEvent = z.infer<typeof StockEvent>;
export type StockEventType = StockEvent['type'];
