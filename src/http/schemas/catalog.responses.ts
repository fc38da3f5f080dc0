import { z } from 'zod';

const Instant = z.string().meta({ format: 'date-time' });

export const ProductView = z
  .object({ sku: z.string(), name: z.string(), unitPrice: z.number().int(), currency: z.string(), active: z.boolean(), updatedAt: Instant })
  .meta({ examples: [{ sku: 'SKU-1', name: 'Widget', unitPrice: 1999, currency: 'USD', active: true, updatedAt: '2026-01-05T10:00:00.000Z' }] });

export const LocationView = z.object({
  locationId: z.string(),
  name: z.string(),
  kind: z.enum(['warehouse', 'store']),
  priority: z.number().int(),
  address: z.object({ country: z.string(), postalCode: z.string(), region: z.string().nullable(), city: z.string().nullable() }),
  active: z.boolean(),
  updatedAt: Instant,
});
