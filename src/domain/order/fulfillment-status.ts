import { z } from 'zod';

/** The steps of one fulfillment, in the only order they can happen. */
export const FulfillmentStatus = z.enum(['requested', 'picked', 'packed', 'shipped', 'delivered']);
export type FulfillmentStatus = z.infer<typeof FulfillmentStatus>;

const rank = (status: FulfillmentStatus): number => FulfillmentStatus.options.indexOf(status);

/** True once the fulfillment is at `step` or past it (a delivered fulfillment has shipped). */
export const hasReached = (current: FulfillmentStatus, step: FulfillmentStatus): boolean =>
  rank(current) >= rank(step);
