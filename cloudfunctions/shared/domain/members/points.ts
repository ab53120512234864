/**
 * Pure rules for a shopper's points and experience (no database): year buckets for expiry, oldest-first spending,
 * lapsing. The transactional code in account.ts reads a shopper document into an `Account`, applies these, and
 * writes the document and the ledger entries back.
 *
 * Expiry (the seed's 积分清零): points earned in year Y (Asia/Shanghai) lapse when year Y + 2 begins there, i.e. they
 * are good "from the day earned to the end of the next year" (earned 2018-01-01 → cleared 2019-12-31 23:59:59).
 */
import type { PointsLedgerEntry } from '@shop/types';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

/** Points by the year they were earned (Asia/Shanghai): `{"2025": 120}`. Only positive whole counts are kept. */
export type Buckets = Record<string, number>;

export interface Account {
  points: number;
  experience: number;
  buckets: Buckets;
}

/** A ledger entry before it is written (`id` fixed for order entries, generated otherwise). */
export interface LedgerDraft extends Pick<PointsLedgerEntry, 'delta' | 'balanceAfter' | 'experience' | 'experienceAfter' | 'kind' | 'orderId' | 'reason'> {
  id?: string;
  /** the merchant who made an adjustment */
  operator?: string;
  /** points taken from (spend, expire) or put into (earn, return, adjust) each year bucket */
  buckets?: Buckets;
  /** earn entries: the goods amount (fen) the experience was earned on, and the experience still held for the order */
  goodsFen?: number;
  experienceLeft?: number;
}

/** The business year of an instant. */
export const yearOf = (now: Date): number => dayjs(now).tz(TZ).year();

/** The instant points earned in `year` lapse: 00:00 on 1 January of year + 2 in Asia/Shanghai. */
export const lapseInstant = (year: number): Date => dayjs.tz(`${year + 2}-01-01 00:00:00`, TZ).toDate();

/** True once points earned in `year` have lapsed at `now`. */
export const hasLapsed = (year: number, now: Date): boolean => now.getTime() >= lapseInstant(year).getTime();

const wholeNonNegative = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

const sortedYears = (b: Buckets): string[] => Object.keys(b).sort((a, c) => Number(a) - Number(c));

export const sumBuckets = (b: Buckets): number => Object.values(b).reduce((a, n) => a + n, 0);

const clean = (b: Buckets): Buckets => {
  const out: Buckets = {};
  for (const y of sortedYears(b)) if (/^\d{4}$/.test(y) && b[y] > 0) out[y] = b[y];
  return out;
};

/**
 * Reads the points fields of a shopper document. The balance (`points`) is authoritative: buckets that hold less
 * (a document written before buckets existed) get the rest in the current year; buckets that hold more lose the
 * surplus from the oldest year.
 */
export function readAccount(doc: Record<string, unknown> | null | undefined, now: Date): Account {
  const points = wholeNonNegative(doc?.points);
  const experience = wholeNonNegative(doc?.experience);
  const raw = (doc?.pointBuckets ?? {}) as Record<string, unknown>;
  let buckets: Buckets = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) for (const [y, n] of Object.entries(raw)) buckets[y] = wholeNonNegative(n);
  buckets = clean(buckets);
  const sum = sumBuckets(buckets);
  if (sum < points) buckets = addTo(buckets, String(yearOf(now)), points - sum);
  else if (sum > points) buckets = takeOldest(buckets, sum - points).buckets;
  return { points, experience, buckets };
}

export const addTo = (b: Buckets, year: string, n: number): Buckets => (n > 0 ? clean({ ...b, [year]: (b[year] ?? 0) + n }) : b);

/** Takes `n` points, oldest year first. The caller checks the balance first. */
export function takeOldest(b: Buckets, n: number): { buckets: Buckets; taken: Buckets } {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`points to take must be a whole number ≥ 0 (got ${n})`);
  if (n > sumBuckets(b)) throw new RangeError(`cannot take ${n} points from ${sumBuckets(b)}`);
  const next: Buckets = { ...b };
  const taken: Buckets = {};
  let left = n;
  for (const y of sortedYears(next)) {
    if (left === 0) break;
    const t = Math.min(next[y], left);
    next[y] -= t;
    taken[y] = t;
    left -= t;
  }
  return { buckets: clean(next), taken: clean(taken) };
}

/** Puts points back into the years they came from. */
export const putBack = (b: Buckets, taken: Buckets): Buckets =>
  Object.entries(taken).reduce((acc, [y, n]) => addTo(acc, y, wholeNonNegative(n)), b);

/** Removes every lapsed bucket; one `expire` draft per lapsed year, oldest first. Nothing when expiry is off. */
export function lapse(acc: Account, now: Date, expiryEnabled: boolean): { account: Account; drafts: LedgerDraft[] } {
  if (!expiryEnabled) return { account: acc, drafts: [] };
  let { points, buckets } = acc;
  const drafts: LedgerDraft[] = [];
  for (const y of sortedYears(buckets)) {
    if (!hasLapsed(Number(y), now)) continue;
    const n = buckets[y];
    points -= n;
    const { [y]: _gone, ...rest } = buckets;
    buckets = rest;
    drafts.push({
      delta: -n,
      balanceAfter: points,
      experience: 0,
      experienceAfter: acc.experience,
      kind: 'expire',
      orderId: null,
      reason: `${y} 年获得的积分已于 ${Number(y) + 1} 年底过期`,
      buckets: { [y]: n },
    });
  }
  return { account: { ...acc, points, buckets }, drafts };
}

/** Points that lapse at the end of the current year (earned last year or before, still held), when expiry is on. */
export function expiringThisYear(acc: Account, now: Date): { points: number; at: string } | null {
  const year = yearOf(now);
  const points = Object.entries(acc.buckets)
    .filter(([y]) => Number(y) <= year - 1)
    .reduce((a, [, n]) => a + n, 0);
  return points > 0 ? { points, at: lapseInstant(year - 1).toISOString() } : null;
}
