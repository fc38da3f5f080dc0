import { z } from 'zod';

/** A UTC calendar day, `YYYY-MM-DD`, checked to exist (no 2023-02-30). */
export const CalendarDay = z.iso.date();
export type CalendarDay = z.infer<typeof CalendarDay>;

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (negative before). Throws a RangeError for anything but a real `YYYY-MM-DD` day. */
export function dayNumber(day: string): number {
  if (!CalendarDay.safeParse(day).success) throw new RangeError(`not a YYYY-MM-DD calendar day: '${day}'`);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  return new Date(0).setUTCFullYear(year, month - 1, date) / MS_PER_DAY;
}

export function dayFromNumber(n: number): CalendarDay {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): CalendarDay {
  return dayFromNumber(dayNumber(day) + days);
}
