/**
 * Recomputes the dashboard's rollups of Beijing days `from`..`to` from the orders and refunds (through their owner
 * folders), then replaces those days' rollups with the result: for a shop whose orders predate the dashboard, or
 * to check the live rollups (a test rebuilds and compares). Run it while the shop is quiet: a payment during the
 * rebuild of its own day may be counted by neither.
 */
import type { StatsCounts } from '@shop/types';
import type { Database } from '../../db/types';
import { paidOrdersPage } from '../orders/records';
import { completedOrdersPage, firstPaidOrder } from '../orders/facts';
import { succeededRefundsPage } from '../payments/refundFacts';
import { beijingDay, beijingHour, dayEnd, dayStart, daysFrom } from './periods';
import { clearDays, productsOf, writeRebuilt, zeroCounts, type Rebuilt } from './rollups';

const PAGE = 500;

async function each<T>(page: (skip: number) => Promise<T[]>, fn: (t: T) => void): Promise<number> {
  let n = 0;
  for (;;) {
    const items = await page(n);
    items.forEach(fn);
    n += items.length;
    if (items.length < PAGE) return n;
  }
}

export interface RebuildReport {
  from: string;
  to: string;
  days: number;
  paidOrders: number;
  refunds: number;
  completedOrders: number;
  newCustomers: number;
}

export async function rebuildStats(db: Database, from: string, to: string): Promise<RebuildReport> {
  const r: Rebuilt = { days: new Map(), hours: new Map(), products: new Map(), payers: { day: new Set(), hour: new Set() }, firsts: new Map() };
  const add = (at: string, c: Partial<StatsCounts>) => {
    for (const [map, key] of [[r.days, beijingDay(at)], [r.hours, beijingHour(at)]] as const) {
      const cur = map.get(key) ?? zeroCounts();
      for (const [k, v] of Object.entries(c)) cur[k as keyof StatsCounts] += v;
      map.set(key, cur);
    }
  };
  const report: RebuildReport = { from, to, days: 0, paidOrders: 0, refunds: 0, completedOrders: 0, newCustomers: 0 };
  const payers = new Set<string>();
  for (const day of daysFrom(from, to)) {
    report.days++;
    const w = { from: dayStart(day).toISOString(), to: dayEnd(day).toISOString() };
    report.paidOrders += await each((skip) => paidOrdersPage(db, { ...w, toInclusive: false }, skip, PAGE), (o) => {
      const at = o.paidAt!;
      const dayKey = `${beijingDay(at)}:${o.openid}`;
      const hourKey = `${beijingHour(at)}:${o.openid}`;
      add(at, { paidAmount: o.payment?.amount ?? o.amounts.payable, paidOrders: 1 });
      if (!r.payers.day.has(dayKey)) r.days.get(beijingDay(at))!.payingCustomers++;
      if (!r.payers.hour.has(hourKey)) r.hours.get(beijingHour(at))!.payingCustomers++;
      r.payers.day.add(dayKey);
      r.payers.hour.add(hourKey);
      payers.add(o.openid);
      for (const [productId, p] of productsOf(o.lines)) {
        const id = `${day}:${productId}`;
        const cur = r.products.get(id) ?? { day, productId, name: p.name, units: 0, amount: 0 };
        cur.units += p.units;
        cur.amount += p.amount;
        r.products.set(id, cur);
      }
    });
    report.refunds += await each((skip) => succeededRefundsPage(db, w, skip, PAGE), (f) => add(f.updatedAt, { refundAmount: f.amount, refundCount: 1 }));
    report.completedOrders += await each((skip) => completedOrdersPage(db, w, skip, PAGE), (o) => add(o.completedAt!, { completedOrders: 1, completedAmount: o.amounts.payable }));
  }
  // a new customer: the shopper's first paid order ever falls in the range
  for (const openid of payers) {
    const first = await firstPaidOrder(db, openid);
    if (!first) continue;
    const day = beijingDay(first.paidAt);
    r.firsts.set(openid, { day, orderId: first._id });
    if (day >= from && day <= to) {
      add(first.paidAt, { newCustomers: 1 });
      report.newCustomers++;
    }
  }
  await clearDays(db, from, to);
  await writeRebuilt(db, r);
  return report;
}
