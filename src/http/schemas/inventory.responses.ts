import { z } from 'zod';

const Instant = z.string().meta({ format: 'date-time' });

const Counts = {
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int().meta({ description: 'onHand - reserved' }),
  atp: z.number().int().meta({ description: 'Available to promise: available - safetyStock, never below 0' }),
};

const Policy = {
  safetyStock: z.number().int(),
  lowStockThreshold: z.number().int(),
  leadTimeDays: z.number().int(),
  lowStock: z.boolean().meta({ description: 'available is at or below lowStockThreshold, and the threshold is above 0' }),
  outOfStock: z.boolean().meta({ description: 'nothing available at this location' }),
  bin: z.string().nullable(),
  updatedAt: Instant,
};

export const InventoryRow = z.object({ sku: z.string(), locationId: z.string(), ...Counts, ...Policy });

const LocationStock = z.object({ locationId: z.string(), ...Counts, ...Policy });

/** GET /product-families/{productId}/inventory: each variant SKU's stock, and the product's totals over them. */
export const ProductInventory = z.object({
  productId: z.string(),
  totals: z.object(Counts).meta({ description: 'The sums over every variant and location' }),
  variants: z.array(
    z.object({
      sku: z.string(),
      optionValues: z.record(z.string(), z.string()),
      totals: z.object(Counts),
      locations: z.array(LocationStock),
    }),
  ),
});

export const SkuInventory = z
  .object({
    sku: z.string(),
    totals: z.object(Counts),
    locations: z.array(LocationStock),
  })
  .meta({
    examples: [
      {
        sku: 'SKU-1',
        totals: { onHand: 10, reserved: 2, available: 8, atp: 8 },
        locations: [
          {
            locationId: 'wh-1',
            onHand: 10,
            reserved: 2,
            available: 8,
            atp: 8,
            safetyStock: 0,
            lowStockThreshold: 0,
            leadTimeDays: 7,
            lowStock: false,
            outOfStock: false,
            bin: 'A-01',
            updatedAt: '2026-01-05T10:00:00.000Z',
          },
        ],
      },
    ],
  });
