import { z } from 'zod';
import { OrderId, Quantity, Timestamp } from '../kernel/value-objects';
import { LineId, Reason, ReceiptReference, ReleaseReason, ReservationId, StockDelta, StockKey, StockPolicy } from './stock.values';

export const ReceiveStock = z.object({
  type: z.literal('ReceiveStock'),
  data: StockKey.extend({ quantity: Quantity, reference: ReceiptReference, at: Timestamp }),
});

export const AdjustStock = z.object({
  type: z.literal('AdjustStock'),
  data: StockKey.extend({ delta: StockDelta, reason: Reason, at: Timestamp }),
});

export const ReserveStock = z.object({
  type: z.literal('ReserveStock'),
  data: StockKey.extend({
    reservationId: ReservationId,
    orderId: OrderId,
    lineId: LineId,
    quantity: Quantity,
    at: Timestamp,
  }),
});

export const ReleaseReservation = z.object({
  type: z.literal('ReleaseReservation'),
  data: StockKey.extend({ reservationId: ReservationId, reason: ReleaseReason, at: Timestamp }),
});

export const CommitReservation = z.object({
  type: z.literal('CommitReservation'),
  data: StockKey.extend({ reservationId: ReservationId, at: Timestamp }),
});

export const SetStockPolicy = z.object({
  type: z.literal('SetStockPolicy'),
  data: StockKey.extend(StockPolicy.shape).extend({ at: Timestamp }),
});

export const StockCommand = z.discriminatedUnion('type', [
  ReceiveStock,
  AdjustStock,
  ReserveStock,
  ReleaseReservation,
  CommitReservation,
  SetStockPolicy,
]);

export type ReceiveStock = z.infer<typeof ReceiveStock>;
export type AdjustStock = z.infer<typeof AdjustStock>;
export type ReserveStock = z.infer<typeof ReserveStock>;
export type ReleaseReservation = z.infer<typeof ReleaseReservation>;
export type CommitReservation = z.infer<typeof CommitReservation>;
export type SetStockPolicy = z.infer<typeof SetStockPolicy>;
export type StockCommand = z.infer<typeof StockCommand>;
