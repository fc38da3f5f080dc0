import { z } from 'zod';
import { DemandForecast } from '../../domain/forecasting';

export const ForecastResponse = DemandForecast.extend({ sku: z.string(), locationId: z.string().nullable() });

export const Replenishment = z.object({
  items: z.array(
    z.object({
      sku: z.string(),
      locationId: z.string(),
      atp: z.number().int(),
      onHand: z.number().int(),
      reorderPoint: z.number(),
      safetyStock: z.number(),
      leadTimeDays: z.number().int(),
      daysOfCover: z.number().nullable(),
      suggestedReorderQuantity: z.number().int(),
      asOf: z.string().meta({ format: 'date', description: 'the day the figures are computed for: that of the latest stock or demand event of the row' }),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const OrderAnalytics = z.object({
  from: z.string().meta({ format: 'date' }),
  to: z.string().meta({ format: 'date' }),
  groupBy: z.enum(['day', 'channel', 'status']),
  groups: z.array(
    z.object({
      key: z.string().meta({ description: 'The day, channel or status' }),
      orders: z.number().int(),
      revenue: z.record(z.string(), z.number().int()).meta({ description: 'Minor units per currency' }),
      shippedOrders: z.number().int(),
      meanPlacedToShippedSeconds: z.number().int().nullable(),
    }),
  ),
});
