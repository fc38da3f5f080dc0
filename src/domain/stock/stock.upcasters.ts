import type { Upcasters } from '../kernel/upcasting';
import { ReleaseReason } from './stock.values';

/**
 * A release reason written as free text. The workflow wrote "order cancelled"
 * for every release, whatever closed the order, so text naming no other reason
 * reads as a cancellation.
 */
const releaseReasonOf = (text: string): ReleaseReason => {
  const known = ReleaseReason.safeParse(text);
  if (known.success) return known.data;
  const lower = text.toLowerCase();
  if (lower.includes('reject')) return 'rejected';
  if (lower.includes('payment')) return 'payment_failed';
  if (lower.includes('orphan')) return 'orphaned_reservation';
  if (lower.includes('edit')) return 'edit';
  return 'cancelled';
};

/** Stock event types whose stored shape changed, with how each older version is read today. */
export const stockUpcasters: Upcasters = {
  // Version 1 releases carried free text; the later ones already one of today's reasons, which are kept.
  ReservationReleased: [(data) => (typeof data.reason === 'string' ? { ...data, reason: releaseReasonOf(data.reason) } : data)],
};
