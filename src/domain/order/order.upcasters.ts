import type { Upcasters } from '../kernel/upcasting';

const paymentWithoutToken = (payment: unknown): unknown => {
  if (typeof payment !== 'object' || payment === null || !('token' in payment)) return payment;
  const { token: _token, ...rest } = payment;
  return rest;
};

/** Order event types whose stored shape changed, with how each older version is read today. */
export const orderUpcasters: Upcasters = {
  // The first holds did not name who placed them; only an admin could lift them, as an admin's hold today.
  // Later version 1 holds already name their placer and are kept as written.
  OrderHeld: [(data) => (data.by === undefined ? { ...data, by: 'admin', channel: null } : data)],
  // Orders placed before card tokens moved to the secret store carried the token in their payment;
  // the log is append-only, so it is left out whenever such an event is read.
  OrderPlaced: [(data) => ({ ...data, payment: paymentWithoutToken(data.payment) })],
};
