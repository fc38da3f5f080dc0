import { z } from 'zod';
import { CalendarDay, ForecastMethod, Horizon, LeadTimeDays, ServiceLevel, SmoothingParameter } from '../../domain/forecasting';
import { LocationId } from '../../domain/kernel/value-objects';
import { defineRoute } from '../route';
import { knownResources } from './known-resources';
import { RouteDependencies } from './route-dependencies';
import { Page, SkuParams } from './schemas';
import { ForecastResponse, OrderAnalytics, Replenishment } from '../schemas/planning.responses';


export const ForecastQuery = z
  .object({
    horizon: z.coerce.number().pipe(Horizon).optional(),
    locationId: LocationId.optional(),
    method: ForecastMethod.optional(),
    alpha: z.coerce.number().pipe(SmoothingParameter).optional(),
    beta: z.coerce.number().pipe(SmoothingParameter).optional(),
    serviceLevel: z.coerce.number().pipe(ServiceLevel).optional(),
    leadTimeDays: z.coerce.number().pipe(LeadTimeDays).optional(),
  })
  .strict()
  .refine((query) => query.beta === undefined || query.method === 'holt', { path: ['beta'], message: 'applies to method=holt only' });

export const planningRoutes = (deps: RouteDependencies) => [
  defineRoute({
    method: 'get',
    path: '/forecasts/{sku}',
    summary: 'Demand forecast for a SKU (SES or Holt), with safety stock, reorder point and days of cover',
    tag: 'Planning',
    roles: ['analyst', 'auditor', 'admin'],
    params: SkuParams,
    query: ForecastQuery,
    success: { status: 200, description: 'The forecast', schema: ForecastResponse },
    async handle({ params, query }) {
      await knownResources(deps.handlers).product(params.sku);
      if (query.locationId !== undefined) await knownResources(deps.handlers).location(query.locationId);
      return { status: 200, body: await deps.queries.forecasts.forecast({ sku: params.sku, ...query }) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/replenishment',
    summary: 'SKUs and locations at or below their reorder point, with suggested quantities',
    tag: 'Planning',
    roles: ['analyst', 'auditor', 'admin'],
    query: Page,
    success: { status: 200, description: 'A page of what to reorder, most urgent first, each row as of the day of its latest stock or demand event', schema: Replenishment },
    async handle({ query }) {
      return { status: 200, body: await deps.queries.forecasts.replenishment(query) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/analytics/orders',
    summary: 'Order counts, revenue and mean time from placed to shipped, by day, channel or status',
    tag: 'Planning',
    roles: ['analyst', 'auditor', 'admin'],
    query: z
      .object({ from: CalendarDay.optional(), to: CalendarDay.optional(), groupBy: z.enum(['day', 'channel', 'status']).default('day') })
      .strict(),
    success: { status: 200, description: 'The analytics', schema: OrderAnalytics },
    async handle({ query }) {
      const today = deps.now().toISOString().slice(0, 10);
      const to = query.to ?? today;
      const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
      return { status: 200, body: await deps.queries.analytics.orders({ from, to }, query.groupBy) };
    },
  }),
];
