import { z } from 'zod';
import { CalendarDay, dayFromNumber, dayNumber } from './calendar-day';
import { DemandQuantity } from './forecast.schema';

/** Units ordered of one SKU on one UTC day. */
export const DailyDemand = z.object({ date: CalendarDay, demand: DemandQuantity });
export type DailyDemand = z.infer<typeof DailyDemand>;

/**
 * Turns sparse demand records (only days with demand, possibly several per
 * day) into one entry per day from `from` to `to` inclusive: records of the
 * same day are summed, missing days are zero, records outside the range are
 * ignored. `to` before `from` gives an empty series.
 */
export function denseDailyDemand(records: readonly DailyDemand[], from: string, to: string): DailyDemand[] {
  const first = dayNumber(from);
  const length = dayNumber(to) - first + 1;
  if (length <= 0) return [];
  const demand = new Array<number>(length).fill(0);
  for (const record of records) {
    const index = dayNumber(record.date) - first;
    if (index >= 0 && index < length) demand[index] = (demand[index] ?? 0) + record.demand;
  }
  return demand.map((units, index) => ({ date: dayFromNumber(first + index), demand: units }));
}
