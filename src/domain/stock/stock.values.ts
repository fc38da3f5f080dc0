import { z } from 'zod';
import { LocationId, Sku } from '../kernel/value-objects';

/** Which stock stream a command or event belongs to: one SKU at one location. */
export const StockKey = z.object({ locationId: LocationId, sku: Sku });
export type StockKey = z.infer<typeof StockKey>;

/** Chosen by the caller (the process manager derives it from the order line), unique per stream. */
export const ReservationId = z.string().min(1);
export type ReservationId = z.infer<typeof ReservationId>;

export const LineId = z.string().min(1);
export type LineId = z.infer<typeof LineId>;

export const Reason = z.string().min(1);

/**
 * Why reserved units went back to stock: the order was cancelled, rejected or
 * its payment failed, the reservation belonged to an allocation attempt no
 * order records (cut short by a crash), or an edit shrank the order.
 * Releases written before these reasons existed carry free text and are read
 * as one of them (stock.upcasters.ts).
 */
export const ReleaseReason = z.enum(['cancelled', 'rejected', 'payment_failed', 'orphaned_reservation', 'edit']);
export type ReleaseReason = z.infer<typeof ReleaseReason>;

/** Receipt reference (purchase order, ASN...), null when there is none. */
export const ReceiptReference = z.string().min(1).nullable();

/** A count that may be zero: safety stock, threshold, lead time, units available. */
export const StockCount = z.number().int().nonnegative();

/** A stock-count correction: signed, never zero. */
export const StockDelta = z
  .number()
  .int()
  .refine((delta) => delta !== 0, 'must not be zero');

export const Bin = z.string().min(1).nullable();

export const StockPolicy = z.object({
  safetyStock: StockCount,
  lowStockThreshold: StockCount,
  leadTimeDays: StockCount,
  bin: Bin,
});
export type StockPolicy = z.infer<typeof StockPolicy>;
