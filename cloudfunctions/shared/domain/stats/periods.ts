/**
 * The dashboard's calendar: days and hours in Beijing time (Asia/Shanghai, no daylight saving), periods and the
 * period before each. Pure functions; days are `YYYY-MM-DD`, hours `YYYY-MM-DDTHH`.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { StatsPeriod } from '@shop/types';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;

/** the Beijing calendar day of an instant */
export const beijingDay = (t: Date | string): string => dayjs(t).tz(TZ).format('YYYY-MM-DD');
/** the Beijing hour of an instant */
export const beijingHour = (t: Date | string): string => dayjs(t).tz(TZ).format('YYYY-MM-DDTHH');

/** the day `n` days after `day` (n < 0: before) */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** the days from `from` to `to`, both included */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** the 24 hours of a day */
export const hoursOf = (day: string): string[] => Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}`);

/** where a Beijing day starts, as an instant; `dayEnd` is where the next one starts */
export const dayStart = (day: string): Date => dayjs.tz(`${day} 00:00:00`, TZ).toDate();
export const dayEnd = (day: string): Date => dayStart(addDays(day, 1));

export interface DayRange {
  from: string;
  to: string;
}

const LENGTH: Record<StatsPeriod, number> = { today: 1, yesterday: 1, '7d': 7, '30d': 30 };

/**
 * A period's days at `now`: today; yesterday; 7d and 30d are the last 7 / 30 days up to and including today (so
 * today's sales show in every period but yesterday).
 */
export function periodRange(period: StatsPeriod, now: Date): DayRange {
  const today = beijingDay(now);
  const to = period === 'yesterday' ? addDays(today, -1) : today;
  return { from: addDays(to, 1 - LENGTH[period]), to };
}

/** the range of the same length that ends the day before `r` starts */
export function previousRange(r: DayRange): DayRange {
  const length = daysFrom(r.from, r.to).length;
  return { from: addDays(r.from, -length), to: addDays(r.from, -1) };
}

/** (value − previous) / previous, or null when there was nothing before */
export const change = (value: number, previous: number): number | null => (previous === 0 ? null : (value - previous) / previous);

/** whole days from `a` to `b` (b later: positive) */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
