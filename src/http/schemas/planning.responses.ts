import { z } from 'zod';
import { DemandForecast } from '../../domain/forecasting';

export const ForecastResponse = DemandForecast.extend({ sku: z.string(), locationId: z.string().nullable() });

/** GET /product-families/{productId}/forecast: every variant forecast on its own history, and the product's sums. */
export const ProductForecastResponse = z.object({
  productId: z.string(),
  locationId: z.string().nullable(),
  history: DemandForecast.shape.history.meta({ description: 'Daily demand summed over the variants' }),
  forecast: DemandForecast.shape.forecast.meta({ description: 'Daily forecast summed over the variants' }),
  atp: z.number().int(),
  safetyStock: z.number().meta({ description: 'The sum of the variants safety stocks' }),
  reorderPoint: z.number(),
  suggestedReorderQuantity: z.number().int(),
  daysOfCover: z.number().nullable().meta({ description: 'The product atp over its summed daily forecast; null when nothing is forecast to sell' }),
  variants: z.array(ForecastResponse.extend({ optionValues: z.record(z.string(), z.string()) })),
});

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
