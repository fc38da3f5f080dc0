import { z } from 'zod';
import { LocationId, OrderId, Sku } from '../../domain/shared/value-objects';

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
