/**
 * 概况: the headline figures of a period beside the previous period's, the trend, the best sellers, all read from the
 * rollups (a 30-day overview reads at most 60 days × SLOTS small documents, whatever the number of orders), and the
 * to-do counts, each asked of the folder that owns the list it links to.
 */
import { DEFAULT_STOCK_ALERT, STATS_COUNT_KEYS, type StatsCounts, type StatsFigures, type StatsOverview, type StatsPeriod, type StatsSettings, type StatsTodo, type StatsTopProducts, type StatsTrend } from '@shop/types';
import type { Database } from '../../db/types';
import { ordersToDo } from '../orders/facts';
import { pendingAftersales } from '../aftersales/pending';
import { abnormalRefundCount } from '../payments/refundFacts';
import { lowStockCount } from '../catalog/stockAlert';
import { deadSyncCount } from '../sync/deadCount';
import { unsentShippingInfoCount } from '../fulfilment/shippingBacklog';
import { readSettingsDoc, writeSettingsDoc } from '../settings/settings';
import { beijingDay, beijingHour, change, daysFrom, hoursOf, periodRange, previousRange, type DayRange } from './periods';
import { productsBetween, rollupsBetween, zeroCounts, type ProductTotal, type Rollup } from './rollups';
import { distinctPayers } from './payers';

const SETTINGS_DOC = 'stats';

export async function statsSettings(db: Database): Promise<StatsSettings> {
  const d = await readSettingsDoc(db, SETTINGS_DOC);
  return { stockAlert: typeof d?.stockAlert === 'number' ? d.stockAlert : DEFAULT_STOCK_ALERT };
}

export async function saveStatsSettings(db: Database, s: StatsSettings, now: Date): Promise<StatsSettings> {
  await writeSettingsDoc(db, SETTINGS_DOC, { stockAlert: s.stockAlert, updatedAt: now.toISOString() });
  return statsSettings(db);
}

/** the counts plus the average order value (fen, rounded) */
export const figuresOf = (c: StatsCounts): StatsFigures => ({ ...c, avgOrderValue: c.paidOrders ? Math.round(c.paidAmount / c.paidOrders) : 0 });

/** the counts of the keys from `keys`, added up */
export function sumOf(rollups: Map<string, StatsCounts>, keys: string[]): StatsCounts {
  const out = zeroCounts();
  for (const key of keys) {
    const c = rollups.get(key);
    if (c) for (const k of STATS_COUNT_KEYS) out[k] += c[k];
  }
  return out;
}

/** a span's counts: the days' added up, but each paying customer once */
const periodCounts = (rollups: Map<string, Rollup>, r: DayRange): StatsCounts => ({
  ...sumOf(rollups, daysFrom(r.from, r.to)),
  payingCustomers: distinctPayers(new Map([...rollups].map(([day, c]) => [day, c.payerGaps])), r.from, r.to),
});

export async function todoCounts(db: Database): Promise<StatsTodo> {
  const { stockAlert: threshold } = await statsSettings(db);
  const [orders, aftersales, refundAbnormal, stockAlert, erpFailed, wxShippingPending] = await Promise.all([
    ordersToDo(db),
    pendingAftersales(db),
    abnormalRefundCount(db),
    lowStockCount(db, threshold),
    deadSyncCount(db),
    unsentShippingInfoCount(db),
  ]);
  return { ...orders, aftersales, refundAbnormal, stockAlert, stockAlertThreshold: threshold, erpFailed, wxShippingPending };
}

export async function overview(db: Database, period: StatsPeriod, now: Date): Promise<StatsOverview> {
  const cur = periodRange(period, now);
  const prev = previousRange(cur);
  const [rollups, todo] = await Promise.all([rollupsBetween(db, 'day', prev.from, cur.to), todoCounts(db)]);
  const value = figuresOf(periodCounts(rollups, cur));
  const before = figuresOf(periodCounts(rollups, prev));
  const figures = Object.fromEntries(
    (Object.keys(value) as (keyof StatsFigures)[]).map((k) => [k, { value: value[k], previous: before[k], change: change(value[k], before[k]) }]),
  ) as StatsOverview['figures'];
  return { period, from: cur.from, to: cur.to, previousFrom: prev.from, previousTo: prev.to, figures, todo };
}

/** A period (today: by hour, up to the current hour) or a range of days, one point per day or hour, zeros included. */
export async function trend(db: Database, input: { period?: StatsPeriod; from?: string; to?: string }, now: Date): Promise<StatsTrend> {
  if (input.period === 'today') {
    const day = beijingDay(now);
    const hours = hoursOf(day).filter((h) => h <= beijingHour(now));
    const rollups = await rollupsBetween(db, 'hour', hours[0], hours[hours.length - 1]);
    return { unit: 'hour', from: day, to: day, points: hours.map((key) => ({ key, ...figuresOf(sumOf(rollups, [key])) })) };
  }
  const r: DayRange = input.period ? periodRange(input.period, now) : { from: input.from!, to: input.to! };
  const rollups = await rollupsBetween(db, 'day', r.from, r.to);
  return { unit: 'day', ...r, points: daysFrom(r.from, r.to).map((key) => ({ key, ...figuresOf(sumOf(rollups, [key])) })) };
}

/** ranked by `by`, then by the other figure, then by product id (a stable order for ties) */
export function rank(products: ProductTotal[], by: 'units' | 'amount', limit: number): ProductTotal[] {
  const other = by === 'units' ? 'amount' : 'units';
  return [...products]
    .filter((p) => p[by] > 0)
    .sort((a, b) => b[by] - a[by] || b[other] - a[other] || (a.productId < b.productId ? -1 : 1))
    .slice(0, limit);
}

export async function topProducts(db: Database, period: StatsPeriod, limit: number, now: Date): Promise<StatsTopProducts> {
  const r = periodRange(period, now);
  const products = await productsBetween(db, r.from, r.to);
  return { ...r, byUnits: rank(products, 'units', limit), byAmount: rank(products, 'amount', limit) };
}
