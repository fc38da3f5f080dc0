import { z } from 'zod';

export const PaymentStatus = z.enum(['none', 'authorized', 'failed', 'voided', 'captured', 'partially_captured']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** An authorization that can still be captured (possibly in part already), i.e. not voided. */
export const hasLiveAuthorization = (payment: {
  readonly authorizationId: string | null;
  readonly status: PaymentStatus;
}): boolean => payment.authorizationId !== null && payment.status !== 'voided';
