import { z } from 'zod';
import { meanAbsolutePercentageError } from './accuracy';
import { addDays, CalendarDay, dayNumber } from './calendar-day';
import { DailyDemand } from './daily-demand';
import { forecastAhead } from './exponential-smoothing';
import {
  DEFAULT_SERVICE_LEVEL,
  ForecastMethod,
  Horizon,
  LeadTimeDays,
  ServiceLevel,
  SmoothingParameter,
} from './forecast.schema';
import { daysOfCover, reorderPolicy, suggestedReorderQuantity } from './inventory-policy';
import { fitModel } from './parameter-fit';
import { roundTo } from './rounding';
import { sum } from './statistics';

const AvailableToPromise = z.number().int().nonnegative();

export const ForecastDemandInput = z
  .object({
    /** Daily demand on consecutive UTC days, zeros included (see denseDailyDemand). */
    history: z.array(DailyDemand),
    method: ForecastMethod,
    /** Fixed smoothing parameters; each one left out is fitted to the history. */
    alpha: SmoothingParameter.optional(),
    beta: SmoothingParameter.optional(),
    horizon: Horizon,
    leadTimeDays: LeadTimeDays,
    serviceLevel: ServiceLevel.default(DEFAULT_SERVICE_LEVEL),
    atp: AvailableToPromise,
    /** First forecast day; needed only when the history is empty, else it must be the day after the history. */
    forecastStart: CalendarDay.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.method === 'ses' && input.beta !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['beta'], message: 'applies to the holt method only' });
    }
    // zod runs this even when a field failed; a day that is not a date already has its issue.
    if (!input.history.every((day) => CalendarDay.safeParse(day.date).success)) return;
    input.history.forEach((day, index) => {
      const previous = input.history[index - 1];
      if (previous && dayNumber(day.date) !== dayNumber(previous.date) + 1) {
        ctx.addIssue({ code: 'custom', path: ['history', index, 'date'], message: `must be the day after ${previous.date}` });
      }
    });
    const last = input.history.at(-1);
    if (!last && input.forecastStart === undefined) {
      ctx.addIssue({ code: 'custom', path: ['forecastStart'], message: 'is needed when the history is empty' });
    }
    if (last && input.forecastStart !== undefined && input.forecastStart !== addDays(last.date, 1)) {
      ctx.addIssue({ code: 'custom', path: ['forecastStart'], message: `must be the day after the history, ${addDays(last.date, 1)}` });
    }
  });
export type ForecastDemandInput = z.input<typeof ForecastDemandInput>;

/** The answer of GET /forecasts/{sku}, without the sku. Quantities are rounded for reporting only. */
export const DemandForecast = z.object({
  method: ForecastMethod,
  params: z.object({ alpha: z.number(), beta: z.number().optional() }),
  history: z.array(DailyDemand),
  forecast: z.array(z.object({ date: CalendarDay, quantity: z.number().nonnegative() })),
  safetyStock: z.number(),
  reorderPoint: z.number(),
  leadTimeDays: LeadTimeDays,
  atp: AvailableToPromise,
  daysOfCover: z.number().nullable(),
  suggestedReorderQuantity: z.number().int().nonnegative(),
  accuracy: z.object({ mape: z.number().nullable() }),
});
export type DemandForecast = z.infer<typeof DemandForecast>;

/**
 * Forecasts daily demand and derives the stock policy from it. Throws a
 * ZodError when the input does not match ForecastDemandInput. Everything is
 * computed unrounded; forecast quantities, safety stock, reorder point, days
 * of cover and MAPE are rounded to 2 decimals at the end.
 */
export function forecastDemand(input: ForecastDemandInput): DemandForecast {
  const request = ForecastDemandInput.parse(input);
  const demand = request.history.map((day) => day.demand);
  const model = fitModel(demand, request.method, request);
  const daily = forecastAhead(model, request.horizon);
  const { safetyStock, reorderPoint } = reorderPolicy(demand, request.leadTimeDays, request.serviceLevel);
  const cover = daysOfCover(request.atp, daily);
  const mape = meanAbsolutePercentageError(demand, model.fitted);
  const last = request.history.at(-1);
  const firstForecastDay = last ? addDays(last.date, 1) : (request.forecastStart as string);

  return {
    method: model.method,
    params: model.params,
    history: request.history,
    forecast: daily.map((quantity, index) => ({ date: addDays(firstForecastDay, index), quantity: roundTo(quantity, 2) })),
    safetyStock: roundTo(safetyStock, 2),
    reorderPoint: roundTo(reorderPoint, 2),
    leadTimeDays: request.leadTimeDays,
    atp: request.atp,
    daysOfCover: cover === null ? null : roundTo(cover, 2),
    suggestedReorderQuantity: suggestedReorderQuantity({
      reorderPoint,
      leadTimeDemand: sum(forecastAhead(model, request.leadTimeDays)),
      atp: request.atp,
    }),
    accuracy: { mape: mape === null ? null : roundTo(mape, 2) },
  };
}
