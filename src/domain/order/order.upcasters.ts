import type { Upcasters } from '../shared/upcasting';

/** Order event types whose stored shape changed, with how each older version is read today. */
export const orderUpcasters: Upcasters = {
  // v1 holds did not name who placed them; only an admin could lift them, as an admin's hold today.
  OrderHeld: [(data) => ({ ...data, by: 'admin', channel: null })],
};
