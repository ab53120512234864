/**
 * Words and rules for item activities (秒杀 / 限时折扣 / 全款预售) on the storefront, as pure functions (no Taro, no
 * React). Types only from @shop/types: its activities module brings zod, which stays out of the bundle.
 */
import type { ActivityBadge, ActivityKind, ActivitySkuView, PresaleShip, ProductActivity } from '@shop/types';

/** The short tag of a kind on order lines (the full names, e.g. 全款预售, are in ACTIVITY_NAMES of @shop/types). */
export const KIND_TAG: Record<ActivityKind, string> = { flash: '秒杀', limited: '限时折扣', presale: '预售' };

const pad = (n: number) => String(n).padStart(2, '0');
/** An instant in Beijing time (+8 h, no daylight saving) as its parts. */
const beijing = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3600e3);
  if (Number.isNaN(d.getTime())) return null;
  return { y: d.getUTCFullYear(), mo: pad(d.getUTCMonth() + 1), d: pad(d.getUTCDate()), h: pad(d.getUTCHours()), mi: pad(d.getUTCMinutes()) };
};
/** "12-01 10:00" in Beijing time. */
export const beijingShort = (iso: string): string => {
  const b = beijing(iso);
  return b ? `${b.mo}-${b.d} ${b.h}:${b.mi}` : '';
};
/** "2026-12-01" in Beijing time. */
export const beijingDate = (iso: string): string => {
  const b = beijing(iso);
  return b ? `${b.y}-${b.mo}-${b.d}` : '';
};

/** The instant the countdown runs to: the (current or next) period's start while upcoming, its end while running. */
export const countdownTarget = (a: Pick<ActivityBadge, 'status' | 'periodStart' | 'periodEnd'>): string =>
  a.status === 'upcoming' ? a.periodStart : a.periodEnd;

/** Milliseconds left -> "2天 03:04:05" or "03:04:05"; "00:00:00" once past. */
export const countdownText = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86400);
  const clock = `${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return days > 0 ? `${days}天 ${clock}` : clock;
};

/** "距开始" / "距结束" with the time left. */
export const countdownLine = (a: Pick<ActivityBadge, 'status' | 'periodStart' | 'periodEnd'>, now: number): string =>
  `${a.status === 'upcoming' ? '距开始' : '距结束'} ${countdownText(Date.parse(countdownTarget(a)) - now)}`;

/** The badge's one line on a card while upcoming: "秒杀 12-01 10:00 开始". */
export const upcomingText = (a: Pick<ActivityBadge, 'tag' | 'periodStart'>): string => `${a.tag} ${beijingShort(a.periodStart)} 开始`;

/** Whether a card or page shows the activity price (a running flash sale or limited-time discount). */
export const showsActivityPrice = (a: Pick<ActivityBadge, 'kind' | 'status' | 'priceMin'>): boolean =>
  a.status === 'running' && a.kind !== 'presale' && a.priceMin !== null;

/** The presale's shipping rule in words. */
export const shipText = (ship: PresaleShip): string =>
  ship.mode === 'afterPayment' ? `付款后${ship.days}天内发货` : `${ship.date} 开始发货`;

/** The activity view of one SKU (null when the SKU is not in the activity, or no SKU is chosen). */
export const skuViewOf = (a: ProductActivity, skuId: string | null | undefined): ActivitySkuView | null =>
  (skuId ? a.skus.find((s) => s.skuId === skuId) : null) ?? null;

/** Whether the per-shopper limit is used up for this SKU. */
export const limitReached = (v: ActivitySkuView | null): boolean => !!v && v.limit > 0 && v.taken >= v.limit;

export type BuyBlock = 'upcoming' | 'soldOut' | 'limit';
export const BUY_BLOCK_TEXT: Record<BuyBlock, string> = { upcoming: '即将开始', soldOut: '已抢光', limit: '已达限购' };

/**
 * What stops buying the chosen SKU, or null. A flash sale cannot be bought before it starts, once its stock is
 * gone, or past the shopper's limit; a limited-time discount in 'block' mode stops at the limit (before it starts,
 * and once its own stock is gone, the sale price applies); a presale never blocks here (the server decides about
 * its virtual stock).
 */
export const buyBlock = (a: ProductActivity | null, v: ActivitySkuView | null): BuyBlock | null => {
  if (!a) return null;
  if (a.kind === 'flash') {
    if (a.status === 'upcoming') return 'upcoming';
    if (a.soldOut || v?.left === 0) return 'soldOut';
    if (limitReached(v)) return 'limit';
    return null;
  }
  if (a.kind === 'limited' && a.status === 'running' && a.limitMode === 'block' && limitReached(v)) return 'limit';
  return null;
};

/** The most the shopper may still put in one order at the activity (null = no activity cap). */
export const activityMaxQuantity = (a: ProductActivity | null, v: ActivitySkuView | null): number | null => {
  if (!a || !v || a.status !== 'running' || a.kind === 'presale') return null;
  const caps: number[] = [];
  if (a.kind === 'flash' && v.left !== null) caps.push(v.left);
  if (v.limit > 0 && (a.kind === 'flash' || a.limitMode === 'block')) caps.push(v.limit - v.taken);
  return caps.length ? Math.max(0, Math.min(...caps)) : null;
};

/** "每人限购2件，已购1件" (null without a limit). */
export const limitText = (v: ActivitySkuView | null): string | null =>
  v && v.limit > 0 ? `每人限购${v.limit}件${v.taken > 0 ? `，已购${v.taken}件` : ''}` : null;

/** The presale row of a checkout or an order: the rule, and the day shipping starts once it is known. */
export const presaleShipLine = (p: { ship: PresaleShip; shipFrom: string | null }): string => {
  const rule = shipText(p.ship);
  if (!p.shipFrom || p.ship.mode === 'date') return rule;
  return `${rule}（${beijingDate(p.shipFrom)} 起发货）`;
};

/** The lowest and highest activity price among the activity's SKUs (null: no priced SKU, e.g. a presale). */
export const activityPriceSpan = (a: Pick<ProductActivity, 'skus'>): { min: number; max: number } | null => {
  const prices = a.skus.map((s) => s.price).filter((p): p is number => p !== null);
  return prices.length ? { min: Math.min(...prices), max: Math.max(...prices) } : null;
};

/**
 * The activity's own stock for the spec sheet: the chosen SKU's units left, or with none chosen the sum over the
 * activity's SKUs (null: no cap, oversell allowed). A flash sale or presale sells only from it, so the sheet shows
 * it instead of the SKU's ordinary stock; a limited-time discount falls back to the sale price when it runs out,
 * so the sheet keeps the ordinary stock and says the activity's beside it.
 */
export const activityLeft = (a: Pick<ProductActivity, 'skus'>, v: ActivitySkuView | null): number | null => {
  if (v) return v.left;
  if (!a.skus.length || a.skus.some((s) => s.left === null)) return null;
  return a.skus.reduce((n, s) => n + (s.left ?? 0), 0);
};
