import type { Upcasters } from '../shared/upcasting';

/** Order event types whose stored shape changed, with how each older version is read today. */
export const orderUpcasters: Upcasters = {
  // The first holds did not name who placed them; only an admin could lift them, as an admin's hold today.
  // Later version 1 holds already name their placer and are kept as written.
  OrderHeld: [(data) => (data.by === undefined ? { ...data, by: 'admin', channel: null } : data)],
};
