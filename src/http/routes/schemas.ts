import { z } from 'zod';
import { CountryCode, LocationId, OrderId, Sku } from '../../domain/kernel/value-objects';

export const Page = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict();

export const OrderParams = z.object({ orderId: OrderId }).strict();
export const SkuParams = z.object({ sku: Sku }).strict();
export const LocationParams = z.object({ locationId: LocationId }).strict();

/** A reason a person gives for a change: recorded in the event for the audit trail. */
export const Reason = z.string().trim().min(1).max(500);

/** `true` / `false` in a query string. */
export const QueryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listBody = <T>(schema: z.ZodType<T>) => z.object({ items: z.array(schema), nextCursor: z.string().nullable() });

/** Required text, trimmed; blank is refused. */
export const text = (max: number) => z.string().trim().min(1).max(max);
/** Optional text, trimmed; null or left out when there is none. */
export const optionalText = (max: number) => z.string().trim().max(max).nullish();

/** Where an order goes, as a caller sends it: what an order is placed with and what a shipping quote is asked for. */
export const ShippingAddressBody = z
  .object({
    name: optionalText(200),
    line1: text(200),
    line2: optionalText(200),
    city: optionalText(100),
    region: optionalText(100),
    postalCode: text(20),
    country: CountryCode,
  })
  .strict();
