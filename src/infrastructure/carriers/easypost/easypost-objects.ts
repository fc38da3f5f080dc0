import { z } from 'zod';

/*
 * The parts of EasyPost's objects this adapter reads (v2 REST API). Unknown
 * fields are ignored: EasyPost adds fields without a new API version.
 */

export const EasyPostRate = z.object({
  id: z.string(),
  carrier: z.string(),
  service: z.string(),
  /** A decimal string in `currency`, e.g. "7.58". */
  rate: z.string(),
  currency: z.string(),
  delivery_days: z.number().int().nullish(),
  /** ISO 8601, when the carrier commits to one. */
  delivery_date: z.string().nullish(),
});
export type EasyPostRate = z.infer<typeof EasyPostRate>;

export const EasyPostShipment = z.object({
  id: z.string(),
  reference: z.string().nullish(),
  rates: z.array(EasyPostRate).default([]),
  selected_rate: EasyPostRate.nullish(),
  postage_label: z.object({ label_url: z.string() }).nullish(),
  tracking_code: z.string().nullish(),
  messages: z.array(z.object({ carrier: z.string().nullish(), message: z.string().nullish() })).default([]),
});
export type EasyPostShipment = z.infer<typeof EasyPostShipment>;

export const EasyPostTrackingStatus = z.enum([
  'unknown',
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'available_for_pickup',
  'return_to_sender',
  'failure',
  'cancelled',
  'error',
]);
export type EasyPostTrackingStatus = z.infer<typeof EasyPostTrackingStatus>;

export const EasyPostTrackingDetail = z.object({
  status: z.string(),
  message: z.string().nullish(),
  datetime: z.string().nullish(),
});

export const EasyPostTracker = z.object({
  id: z.string().optional(),
  object: z.literal('Tracker'),
  tracking_code: z.string(),
  status: z.string(),
  est_delivery_date: z.string().nullish(),
  created_at: z.string().nullish(),
  tracking_details: z.array(EasyPostTrackingDetail).default([]),
});
export type EasyPostTracker = z.infer<typeof EasyPostTracker>;

export const EasyPostTrackerList = z.object({ trackers: z.array(EasyPostTracker) });

/** EasyPost's error body: `{error: {code, message, errors}}`; `errors` holds field errors or plain strings. */
export const EasyPostErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    errors: z
      .array(z.union([z.object({ field: z.string().nullish(), message: z.string().nullish() }), z.string()]))
      .nullish(),
  }),
});
export type EasyPostErrorBody = z.infer<typeof EasyPostErrorBody>;
