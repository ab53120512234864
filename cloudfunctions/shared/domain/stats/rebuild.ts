/**
 * Recomputes the dashboard's rollups of Beijing days `from`..`to` from the orders and refunds (through their owner
 * folders), then replaces those days' rollups with the result: for a shop whose orders predate the dashboard, or
 * to check the live rollups (a test rebuilds and compares). The payments of the GAP_DAYS days before `from` give
 * each payer's previous payment, and one question per hundred payers tells who paid before that (not a new
 * customer). Run it while the shop is quiet: a payment during the rebuild of its own day may be counted by neither.
 */
import type { StatsCounts } from '@shop/types';
import type { Database } from '../../db/types';
import { paidOrdersPage } from '../orders/records';
import { completedOrdersPage, shoppersPaidBefore } from '../orders/facts';
import { succeededRefundsPage } from '../payments/refundFacts';
import { addDays, beijingDay, beijingHour, dayEnd, dayStart, daysFrom } from './periods';
import { GAP_DAYS } from './payers';
import { paymentCounts, productsOf, writeRebuilt, zeroCounts, type Rebuilt, type ShopperMark } from './rollups';

const PAGE = 500;

/** every item of a paged query, in its order */
async function each<T>(page: (skip: number) => Promise<T[]>, fn: (t: T) => void): Promise<number> {
  let n = 0;
  for (;;) {
    const items = await page(n);
    items.forEach(fn);
    n += items.length;
    if (items.length < PAGE) return n;
  }
}

const window = (day: string) => ({ from: dayStart(day).toISOString(), to: dayEnd(day).toISOString() });
const paidOn = (db: Database, day: string) => (skip: number) => paidOrdersPage(db, { ...window(day), toInclusive: false }, skip, PAGE);

/** adds counts (dotted `payerGaps.gN` too) to a map's entry */
function addTo<C extends StatsCounts>(map: Map<string, C>, key: string, make: () => C, counts: Record<string, number>) {
  const c = map.get(key) ?? make();
  for (const [k, v] of Object.entries(counts)) {
    const [a, b] = k.split('.');
    const target = (b === undefined ? c : ((c as any)[a] ??= {})) as Record<string, number>;
    const name = b ?? a;
    target[name] = (target[name] ?? 0) + v;
  }
  map.set(key, c);
}

export interface RebuildReport {
  from: string;
  to: string;
  days: number;
  paidOrders: number;
  refunds: number;
  completedOrders: number;
  newCustomers: number;
  /** per-customer day documents written (数据中心's customer report) */
  customerDays: number;
}

export async function rebuildStats(db: Database, from: string, to: string): Promise<RebuildReport> {
  const r: Rebuilt = { days: new Map(), hours: new Map(), products: new Map(), customers: new Map(), marks: new Map() };
  const newDay = () => ({ ...zeroCounts(), payerGaps: {} });
  const report: RebuildReport = { from, to, days: 0, paidOrders: 0, refunds: 0, completedOrders: 0, newCustomers: 0, customerDays: 0 };
  // each payer's last payment before the range, as far back as a gap is counted
  const before = addDays(from, -GAP_DAYS);
  const last = new Map<string, ShopperMark>();
  for (const day of daysFrom(before, addDays(from, -1))) {
    await each(paidOn(db, day), (o) => last.set(o.openid, { firstDay: '', firstOrderId: '', lastDay: beijingDay(o.paidAt!), lastHour: beijingHour(o.paidAt!) }));
  }
  /** payers first seen in the range without a payment in the window before it: new unless they paid earlier still */
  const maybeNew = new Map<string, { day: string; hour: string }>();
  for (const day of daysFrom(from, to)) {
    report.days++;
    report.paidOrders += await each(paidOn(db, day), (o) => {
      const d = beijingDay(o.paidAt!);
      const h = beijingHour(o.paidAt!);
      const mark = last.get(o.openid) ?? null;
      const counts = paymentCounts(mark, o.payment?.amount ?? o.amounts.payable, d, h);
      addTo(r.days, d, newDay, counts.day);
      addTo(r.hours, h, zeroCounts, counts.hour);
      if (!mark) maybeNew.set(o.openid, { day: d, hour: h });
      const next = mark ? { ...mark, lastDay: d, lastHour: h } : { firstDay: d, firstOrderId: o._id, lastDay: d, lastHour: h };
      last.set(o.openid, next);
      r.marks.set(o.openid, next);
      for (const [productId, p] of productsOf(o.lines)) {
        const id = `${day}:${productId}`;
        const cur = r.products.get(id) ?? { day, productId, name: p.name, units: 0, amount: 0 };
        cur.units += p.units;
        cur.amount += p.amount;
        r.products.set(id, cur);
      }
      const shopper = r.customers.get(`${d}:${o.openid}`) ?? { day: d, openid: o.openid, orders: 0, amount: 0 };
      shopper.orders++;
      shopper.amount += o.payment?.amount ?? o.amounts.payable;
      r.customers.set(`${d}:${o.openid}`, shopper);
    });
    report.refunds += await each((skip) => succeededRefundsPage(db, window(day), skip, PAGE), (f) => {
      const c = { refundAmount: f.amount, refundCount: 1 };
      addTo(r.days, beijingDay(f.updatedAt), newDay, c);
      addTo(r.hours, beijingHour(f.updatedAt), zeroCounts, c);
    });
    report.completedOrders += await each((skip) => completedOrdersPage(db, window(day), skip, PAGE), (o) => {
      const c = { completedOrders: 1, completedAmount: o.amounts.payable };
      addTo(r.days, beijingDay(o.completedAt!), newDay, c);
      addTo(r.hours, beijingHour(o.completedAt!), zeroCounts, c);
    });
  }
  const paidEarlier = await shoppersPaidBefore(db, [...maybeNew.keys()], dayStart(before).toISOString());
  for (const [openid, at] of maybeNew) {
    if (!paidEarlier.has(openid)) continue;
    addTo(r.days, at.day, newDay, { newCustomers: -1 });
    addTo(r.hours, at.hour, zeroCounts, { newCustomers: -1 });
    r.marks.set(openid, { ...r.marks.get(openid)!, firstDay: '', firstOrderId: '' });
  }
  report.newCustomers = [...r.days.values()].reduce((n, c) => n + c.newCustomers, 0);
  report.customerDays = r.customers.size;
  await writeRebuilt(db, from, to, r);
  return report;
}
