/**
 * Distinct paying customers of a span of days without a set of them: each day counts its payers by how many days
 * before they had last paid (`g1`..`g31`; `gx` for longer ago or never). A payer of the span's i-th day (0-based) paid
 * earlier in the span exactly when that gap is at most i, so the span's distinct payers are the day counts with a
 * larger gap. Exact for spans of up to GAP_DAYS + 1 days. Pure functions.
 */
import { daysBetween, daysFrom } from './periods';

export const GAP_DAYS = 31;
export type PayerGaps = Record<string, number>;

/** the bucket of a payer paying on `day` who last paid on `lastDay` (null: never) */
export function gapKey(lastDay: string | null, day: string): string {
  if (!lastDay) return 'gx';
  const g = daysBetween(lastDay, day);
  return g >= 1 && g <= GAP_DAYS ? `g${g}` : 'gx';
}

export function distinctPayers(gapsByDay: Map<string, PayerGaps>, from: string, to: string): number {
  const days = daysFrom(from, to);
  if (days.length > GAP_DAYS + 1) throw new RangeError(`distinct payers are kept for spans of up to ${GAP_DAYS + 1} days`);
  let n = 0;
  days.forEach((day, i) => {
    for (const [k, v] of Object.entries(gapsByDay.get(day) ?? {})) if (k === 'gx' || Number(k.slice(1)) > i) n += v;
  });
  return n;
}
