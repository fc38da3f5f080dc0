import { z } from 'zod';

/** A UTC calendar day, `YYYY-MM-DD`, checked to exist (no 2023-02-30). */
export const CalendarDay = z.iso.date();
export type CalendarDay = z.infer<typeof CalendarDay>;

const MS_PER_DAY = 86_400_000;

/**
 * Days already converted, both ways: forecasts convert the same few hundred
 * days over and over (a rebuild, millions of times), and validating and
 * formatting dates was a tenth of its time. Bounded, as a client names days too.
 */
const MEMO_LIMIT = 20_000;
const numbersByDay = new Map<string, number>();
const daysByNumber = new Map<number, CalendarDay>();

const remember = <K, V>(memo: Map<K, V>, key: K, value: V): V => {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
};

/** Days since 1970-01-01 (negative before). Throws a RangeError for anything but a real `YYYY-MM-DD` day. */
export function dayNumber(day: string): number {
  const known = numbersByDay.get(day);
  if (known !== undefined) return known;
  if (!CalendarDay.safeParse(day).success) throw new RangeError(`not a YYYY-MM-DD calendar day: '${day}'`);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  return remember(numbersByDay, day, new Date(0).setUTCFullYear(year, month - 1, date) / MS_PER_DAY);
}

export function dayFromNumber(n: number): CalendarDay {
  return daysByNumber.get(n) ?? remember(daysByNumber, n, new Date(n * MS_PER_DAY).toISOString().slice(0, 10));
}

export function addDays(day: string, days: number): CalendarDay {
  return dayFromNumber(dayNumber(day) + days);
}
