import { z } from 'zod';

/**
 * The steps of one fulfillment. A shipped one goes requested -> picked ->
 * packed -> shipped -> delivered; a pickup one goes packed -> ready_for_pickup
 * -> delivered (collected at the store). `cancelled` is where every
 * unshipped fulfillment of a cancelled order ends.
 */
export const FulfillmentStatus = z.enum(['requested', 'picked', 'packed', 'ready_for_pickup', 'shipped', 'delivered', 'cancelled']);
export type FulfillmentStatus = z.infer<typeof FulfillmentStatus>;

/** The steps in the only order they can happen; a cancelled fulfillment is on none of them. */
const PROGRESS: readonly FulfillmentStatus[] = ['requested', 'picked', 'packed', 'ready_for_pickup', 'shipped', 'delivered'];

/**
 * True once the fulfillment is at `step` or past it (a delivered fulfillment
 * has shipped, or was handed over at the store, which counts as shipping).
 * A cancelled fulfillment has reached no step.
 */
export const hasReached = (current: FulfillmentStatus, step: FulfillmentStatus): boolean => {
  if (current === 'cancelled' || step === 'cancelled') return current === step;
  return PROGRESS.indexOf(current) >= PROGRESS.indexOf(step);
};
