import { z } from 'zod';
import { EasyPostTracker } from '../../infrastructure/carriers/easypost/easypost-objects';

/** EasyPost's webhook Event: `description` names what happened, `result` is the object it happened to. */
export const EasyPostEvent = z.object({
  object: z.literal('Event'),
  id: z.string().optional(),
  description: z.string(),
  result: z.unknown(),
});
export type EasyPostEvent = z.infer<typeof EasyPostEvent>;

/** The events that carry a Tracker; every other kind is acknowledged and left alone. */
export const TRACKER_EVENTS = new Set(['tracker.created', 'tracker.updated']);

export { EasyPostTracker };

/** How the OpenAPI document shows the body (the route reads the bytes itself, to check the signature). */
export const EasyPostEventDoc = z.object({
  object: z.literal('Event'),
  description: z.string().meta({ description: 'tracker.created and tracker.updated are acted on; other events are acknowledged' }),
  result: z
    .object({
      object: z.literal('Tracker'),
      tracking_code: z.string(),
      status: z.string().meta({ description: 'pre_transit, in_transit, out_for_delivery, delivered, return_to_sender, failure, ...' }),
      est_delivery_date: z.string().nullish(),
      tracking_details: z.array(z.object({ status: z.string(), message: z.string().nullish(), datetime: z.string().nullish() })).optional(),
    })
    .loose(),
});
