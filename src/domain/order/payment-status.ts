import { z } from 'zod';

/** `external`: the sales channel took the payment (a storefront's checkout); our gateway has nothing to authorize or capture. */
export const PaymentStatus = z.enum(['none', 'authorized', 'failed', 'voided', 'captured', 'partially_captured', 'external']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** An authorization that can still be captured (possibly in part already), i.e. not voided. */
export const hasLiveAuthorization = (payment: {
  readonly authorizationId: string | null;
  readonly status: PaymentStatus;
}): boolean => payment.authorizationId !== null && payment.status !== 'voided';

/** The payment method of an order whose channel already took the money: only a storefront integration places one. */
export const PAID_BY_CHANNEL = 'external';

export const isPaidByChannel = (payment: { readonly method: string }): boolean => payment.method === PAID_BY_CHANNEL;

/** Whether the money is secured so the order may be allocated: a live authorization, or the channel took it. */
export const isPaymentSecured = (payment: {
  readonly authorizationId: string | null;
  readonly status: PaymentStatus;
}): boolean => payment.status === 'external' || hasLiveAuthorization(payment);
