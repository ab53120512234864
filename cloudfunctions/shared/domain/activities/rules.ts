/**
 * The pure rules of item activities: status, repeat periods, overlaps, and what a cart line gets from an
 * activity (price units, stock and quota to take). No I/O, no clock: `now` is always passed in.
 */
import type { ActivityData, ActivityKind, ActivityStatus, ItemActivity, LimitRule, RepeatRule } from '@shop/types';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** China keeps UTC+8 all year. */
const BJ = 8 * HOUR;

export interface Window {
  startsAt: string;
  endsAt: string;
  endedAt?: string | null;
}

/** upcoming / running / ended; ending early (endedAt) ends it at once. */
export function activityStatus(a: Window, now: Date): ActivityStatus {
  const t = now.toISOString();
  if (a.endedAt) return 'ended';
  if (t < a.startsAt) return 'upcoming';
  if (t >= a.endsAt) return 'ended';
  return 'running';
}

/** The effective end: the window's end or the early end, whichever is first. */
export const effectiveEnd = (a: Window): string => (a.endedAt && a.endedAt < a.endsAt ? a.endedAt : a.endsAt);

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a Beijing calendar day (midnight as epoch ms, in Beijing terms) is one the rule repeats on. */
function dayMatches(rule: Exclude<RepeatRule, { kind: 'none' }>, bjMidnight: number): boolean {
  const d = new Date(bjMidnight);
  if (rule.kind === 'daily') return true;
  if (rule.kind === 'weekly') return rule.days.includes(((d.getUTCDay() + 6) % 7) + 1);
  return rule.days.includes(d.getUTCDate());
}

export interface Period {
  start: string;
  end: string;
  /** the period holds `now` */
  active: boolean;
}

/**
 * The period holding `now`, or the next one, inside the window (clipped to it); null when none is left.
 * Without a repeat rule the period is the window itself. A period runs from `from` to `to` on each matching
 * Beijing day; `to` earlier than `from` runs past midnight into the next day.
 */
export function currentPeriod(a: Window & { repeat?: RepeatRule }, now: Date): Period | null {
  const end = Date.parse(effectiveEnd(a));
  const start = Date.parse(a.startsAt);
  const t = now.getTime();
  if (t >= end) return null;
  const rule = a.repeat;
  if (!rule || rule.kind === 'none') return { start: a.startsAt, end: new Date(end).toISOString(), active: t >= start };
  const from = minutesOf(rule.from) * 60_000;
  let to = minutesOf(rule.to) * 60_000;
  if (to <= from) to += DAY;
  // begin the day before (a period past midnight may still hold now) and look at most ~13 months ahead
  const first = Math.floor((Math.max(t, start) + BJ) / DAY) * DAY - DAY;
  for (let day = first; day < first + 400 * DAY; day += DAY) {
    if (!dayMatches(rule, day)) continue;
    const ps = Math.max(day + from - BJ, start);
    const pe = Math.min(day + to - BJ, end);
    if (ps >= end) return null;
    if (pe <= ps || pe <= t) continue;
    return { start: new Date(ps).toISOString(), end: new Date(pe).toISOString(), active: t >= ps };
  }
  return null;
}

/** A repeat rule that never falls inside the window is refused (周期重复时间无效). */
export const repeatHasPeriod = (a: Window & { repeat?: RepeatRule }): boolean => currentPeriod(a, new Date(a.startsAt)) !== null;

/** What an activity covers: SKUs (flash, limited) and whole products (presale). */
export interface Coverage {
  skus: Set<string>;
  products: Set<string>;
}
export interface CoverageItem {
  skuId: string | null;
  productId: string;
}
export const coverageOf = (items: CoverageItem[], kind: ActivityKind): Coverage =>
  kind === 'presale'
    ? { skus: new Set(), products: new Set(items.map((i) => i.productId)) }
    : { skus: new Set(items.map((i) => i.skuId!)), products: new Set() };

const overlap = (a: Window, b: Window) => a.startsAt < effectiveEnd(b) && b.startsAt < effectiveEnd(a);

/**
 * The first other activity that shares a SKU (or, for a presale, a product) with the candidate while their
 * windows overlap: the seed forbids one SKU in two flash / limited / presale activities at the same time,
 * including two of the same kind. `productOf` maps a SKU to its product.
 */
export function findActivityConflict<T extends Window & { _id: string; kind: ActivityKind; items: CoverageItem[] }>(
  candidate: Window & { _id?: string; kind: ActivityKind; items: CoverageItem[] },
  others: T[],
): { other: T; keys: string[] } | null {
  const mine = coverageOf(candidate.items, candidate.kind);
  const myProducts = new Set([...mine.products, ...candidate.items.map((i) => i.productId)]);
  for (const other of others) {
    if (other._id === candidate._id || !overlap(candidate, other)) continue;
    const theirs = coverageOf(other.items, other.kind);
    const keys: string[] = [];
    for (const i of other.items) {
      if (i.skuId && mine.skus.has(i.skuId)) keys.push(i.skuId);
      else if (theirs.products.has(i.productId) && myProducts.has(i.productId)) keys.push(i.productId);
      else if (i.skuId && mine.products.has(i.productId)) keys.push(i.skuId);
    }
    if (keys.length) return { other, keys: [...new Set(keys)] };
  }
  return null;
}

/** The two presales whose windows overlap (only one presale may run at a time). */
export function findPresaleOverlap<T extends Window & { _id: string; kind: ActivityKind }>(candidate: Window & { _id?: string }, others: T[]): T | null {
  return others.find((o) => o.kind === 'presale' && o._id !== candidate._id && overlap(candidate, o)) ?? null;
}

// --- what a cart line gets -------------------------------------------------------------------------------------

export interface LineFacts {
  quantity: number;
  /** the SKU's sale price */
  salePrice: number;
  /** units left of the activity stock (null = no limit: a presale allowing oversell) */
  left: number | null;
  /** units this shopper already took under the activity for this SKU */
  taken: number;
}

export type LinePlan =
  | {
      ok: true;
      /** the engine's activity for the line (null: no activity price, e.g. presale or no discounted unit) */
      activity: ItemActivity | null;
      /** units at the activity price (presale: the units in the presale) */
      units: number;
      /** activity stock to take, and whether the take must not go below zero */
      stock: number;
      stockConditional: boolean;
      /** quota to take, and the limit it must stay within (0 = no quota) */
      quota: number;
      limit: number;
    }
  | { ok: false; code: 'ACTIVITY_LIMIT_REACHED' | 'OUT_OF_STOCK'; message: string };

export interface PlannedActivity {
  id: string;
  kind: ActivityKind;
  name: string;
  /** flash: the flash price; limited: the computed activity price */
  price: number | null;
  limitPerShopper?: number;
  limit?: LimitRule;
  oversell?: boolean;
}

const refuseLimit = (limit: number, taken: number): LinePlan => ({
  ok: false,
  code: 'ACTIVITY_LIMIT_REACHED',
  message: taken >= limit ? `每人限购${limit}件，您已购买${taken}件` : `每人限购${limit}件，您已购买${taken}件，最多还能买${limit - taken}件`,
});

/** A flash-sale line: all units at the flash price, from the flash stock, within the per-shopper limit. */
export function planFlash(a: PlannedActivity, f: LineFacts): LinePlan {
  const limit = a.limitPerShopper ?? 0;
  if (limit > 0 && f.taken + f.quantity > limit) return refuseLimit(limit, f.taken);
  if (f.left !== null && f.left < f.quantity) return { ok: false, code: 'OUT_OF_STOCK', message: f.left > 0 ? `秒杀库存仅剩${f.left}件` : '秒杀商品已抢光' };
  return {
    ok: true,
    activity: { kind: 'flash', id: a.id, name: a.name, price: a.price!, units: f.quantity },
    units: f.quantity,
    stock: f.quantity,
    stockConditional: true,
    quota: limit > 0 ? f.quantity : 0,
    limit,
  };
}

/**
 * A limited-time-discount line. The activity stock covers the first units; the limit modes decide how many of
 * the shopper's units are discounted (all_or_none: all or none; first_n: the first N; block: more than N refused).
 * Units not discounted pay the sale price.
 */
export function planLimited(a: PlannedActivity, f: LineFacts): LinePlan {
  const rule = a.limit ?? { mode: 'none' as const };
  const left = f.left ?? Number.MAX_SAFE_INTEGER;
  let units: number;
  let quota = 0;
  let limit = 0;
  if (rule.mode === 'none') units = Math.min(f.quantity, left);
  else {
    limit = rule.quantity;
    if (rule.mode === 'block') {
      if (f.taken + f.quantity > rule.quantity) return refuseLimit(rule.quantity, f.taken);
      units = Math.min(f.quantity, left);
    } else if (rule.mode === 'all_or_none') units = f.taken + f.quantity <= rule.quantity && left >= f.quantity ? f.quantity : 0;
    else units = Math.min(f.quantity, Math.max(0, rule.quantity - f.taken), left);
    quota = rule.mode === 'block' ? (units > 0 ? f.quantity : 0) : units;
  }
  if (units === 0 || a.price === null || a.price >= f.salePrice) return { ok: true, activity: null, units: 0, stock: 0, stockConditional: true, quota: 0, limit: 0 };
  return { ok: true, activity: { kind: 'limited', id: a.id, name: a.name, price: a.price, units }, units, stock: units, stockConditional: true, quota, limit };
}

/** A presale line: the product's virtual stock, which may go below zero when the presale allows oversell. */
export function planPresale(a: PlannedActivity, f: LineFacts): LinePlan {
  if (!a.oversell && f.left !== null && f.left < f.quantity) return { ok: false, code: 'OUT_OF_STOCK', message: f.left > 0 ? `预售库存仅剩${f.left}件` : '预售商品已售罄' };
  return { ok: true, activity: null, units: f.quantity, stock: f.quantity, stockConditional: !a.oversell, quota: 0, limit: 0 };
}

export const planLine = (a: PlannedActivity, f: LineFacts): LinePlan => (a.kind === 'flash' ? planFlash(a, f) : a.kind === 'limited' ? planLimited(a, f) : planPresale(a, f));

/** When a presale ships: the set date (Beijing midnight), or payment + days. */
export function presaleShipFrom(ship: Extract<ActivityData, { kind: 'presale' }>['ship'], paidAt: string | null): string | null {
  if (ship.mode === 'date') return new Date(Date.parse(`${ship.date}T00:00:00+08:00`)).toISOString();
  return paidAt ? new Date(Date.parse(paidAt) + ship.days * DAY).toISOString() : null;
}
