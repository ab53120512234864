/**
 * `npm run bench:dashboard`: 概况 answering from rollups with BENCH_ORDERS (100,000) orders in the embedded database.
 * The orders (paid over the last 60 Beijing days by 20,000 shoppers, 1–3 lines of 200 products; older ones completed,
 * one in 20 refunded in part) and their refunds are inserted straight into the database (not timed), then the
 * rollups are computed by the rebuild (stats/rebuild.ts, timed), as a shop whose orders predate the dashboard does.
 * Timed through the gateway (session check, schema, handler): statsAdmin.overview for today / 7d / 30d and
 * statsAdmin.trend for today (by hour) and 30d, BENCH_ROUNDS (200) calls each, one at a time: p50 and p99. Then
 * the same headline figures computed by scanning the orders and refunds of the period and the one before it (what a
 * dashboard without rollups would do), BENCH_SCAN_ROUNDS (5) times, and the ratio. No assertions: figures only, also
 * written for `npm run bench` (bench/report.ts): the worst overview p99 against its 50 ms target, and the scan ratio.
 */
import type { StatsCounts } from '@shop/types';
import { rebuildStats } from '@shop/functions/shared/domain/stats/rebuild';
import { addDays, beijingDay, dayEnd, dayStart, periodRange, previousRange } from '@shop/functions/shared/domain/stats/periods';
import { paidOrdersPage } from '@shop/functions/shared/domain/orders/records';
import { succeededRefundsPage } from '@shop/functions/shared/domain/payments/refundFacts';
import { cpus, loadavg } from 'node:os';
import { startTestGateway } from '../local/src/testing';
import { percentile, writeBenchReport, type BenchRow } from './report';

const N = Number(process.env.BENCH_ORDERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const SCAN_ROUNDS = Number(process.env.BENCH_SCAN_ROUNDS ?? 5);
const DAYS = 60;
const SHOPPERS = 20_000;
const PRODUCTS = 200;

const pct = percentile;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const rnd = (n: number) => Math.floor(Math.random() * n);

async function timed(rounds: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** the orders and refunds of the last DAYS days, as the order and refund code would have left them */
function makeOrders(now: Date) {
  const orders: Record<string, unknown>[] = [];
  const refunds: Record<string, unknown>[] = [];
  const start = dayStart(addDays(beijingDay(now), 1 - DAYS)).getTime();
  const span = now.getTime() - start;
  for (let i = 0; i < N; i++) {
    const paid = new Date(start + rnd(span));
    const id = `B${String(i).padStart(9, '0')}`;
    const lines = Array.from({ length: 1 + rnd(3) }, () => {
      const p = rnd(PRODUCTS);
      const quantity = 1 + rnd(3);
      const price = 990 + p * 100;
      return { skuId: `bsku${p}`, productId: `bprod${p}`, name: `基准商品 ${p}`, quantity, price, payable: price * quantity };
    });
    const payable = lines.reduce((n, l) => n + l.payable, 0);
    const old = now.getTime() - paid.getTime() > 10 * 86_400_000;
    const status = old ? 'completed' : (['paid', 'shipped', 'completed'] as const)[rnd(3)];
    const completedAt = status === 'completed' ? new Date(Math.min(now.getTime(), paid.getTime() + 3 * 86_400_000)).toISOString() : null;
    const refunded = i % 20 === 0 ? Math.floor(payable / 2) : 0;
    orders.push({
      _id: id,
      openid: `bench-shopper-${rnd(SHOPPERS)}`,
      status,
      lines,
      amounts: { goods: payable, freight: 0, payable },
      payment: { outTradeNo: id, transactionId: `T${id}`, amount: payable },
      refund: { requested: refunded, refunded, count: refunded ? 1 : 0 },
      delivery: { method: i % 10 === 0 ? 'pickup' : 'express' },
      createdAt: new Date(paid.getTime() - 60_000).toISOString(),
      paidAt: paid.toISOString(),
      completedAt,
      cancelRequest: null,
    });
    if (refunded) {
      const at = new Date(Math.min(now.getTime(), paid.getTime() + 86_400_000)).toISOString();
      refunds.push({ _id: `${id}R1`, orderId: id, amount: refunded, total: payable, status: 'SUCCESS', source: 'merchant', createdAt: at, updatedAt: at, successAt: at });
    }
  }
  return { orders, refunds };
}

/** the headline figures of a period by scanning its orders and refunds (no rollups) */
async function scanFigures(db: Parameters<typeof paidOrdersPage>[0], from: string, to: string) {
  const w = { from: dayStart(from).toISOString(), to: dayEnd(to).toISOString() };
  const c: Partial<StatsCounts> = { paidAmount: 0, paidOrders: 0, refundAmount: 0, refundCount: 0 };
  const payers = new Set<string>();
  for (let skip = 0; ; skip += 1000) {
    const page = await paidOrdersPage(db, { ...w, toInclusive: false }, skip, 1000);
    for (const o of page) {
      c.paidAmount! += o.payment?.amount ?? 0;
      c.paidOrders!++;
      payers.add(o.openid);
    }
    if (page.length < 1000) break;
  }
  for (let skip = 0; ; skip += 1000) {
    const page = await succeededRefundsPage(db, w, skip, 1000);
    for (const r of page) {
      c.refundAmount! += r.amount;
      c.refundCount!++;
    }
    if (page.length < 1000) break;
  }
  return { ...c, payingCustomers: payers.size };
}

async function main() {
  const gw = await startTestGateway();
  const now = new Date();
  gw.clock.now = now;
  const owner = await gw.merchantToken('owner');
  const t0 = performance.now();
  const { orders, refunds } = makeOrders(now);
  for (let i = 0; i < orders.length; i += 1000) await gw.db.collection('orders').add(orders.slice(i, i + 1000));
  for (let i = 0; i < refunds.length; i += 1000) await gw.db.collection('refunds').add(refunds.slice(i, i + 1000));
  console.log(`seeded ${orders.length} orders and ${refunds.length} refunds in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = performance.now();
  const report = await rebuildStats(gw.db, addDays(beijingDay(now), 1 - DAYS), beijingDay(now));
  console.log(`rebuilt ${report.days} days of rollups in ${((performance.now() - t1) / 1000).toFixed(1)} s: ${JSON.stringify(report)}`);

  const call = (action: string, data: unknown) => gw.ok('statsAdmin', action, data, owner);
  const rows: { what: string; p50: number; p99: number; scan?: { p50: number; p99: number } }[] = [];
  for (const period of ['today', '7d', '30d'] as const) {
    await call('overview', { period }); // warm
    const live = await timed(ROUNDS, () => call('overview', { period }));
    const cur = periodRange(period, now);
    const prev = previousRange(cur);
    const scan = await timed(SCAN_ROUNDS, () => Promise.all([scanFigures(gw.db, cur.from, cur.to), scanFigures(gw.db, prev.from, prev.to)]));
    // the two agree (a check on the bench itself, not a timing)
    const ov = await call('overview', { period });
    const s = await scanFigures(gw.db, cur.from, cur.to);
    const f = ov.figures;
    const agree = f.paidAmount.value === s.paidAmount && f.paidOrders.value === s.paidOrders && f.payingCustomers.value === s.payingCustomers && f.refundAmount.value === s.refundAmount && f.refundCount.value === s.refundCount;
    console.log(`${period}: rollups and scan ${agree ? 'agree' : `DISAGREE: ${JSON.stringify(f)} vs ${JSON.stringify(s)}`}`);
    rows.push({ what: `overview ${period}`, p50: pct(live, 50), p99: pct(live, 99), scan: { p50: pct(scan, 50), p99: pct(scan, 99) } });
  }
  for (const input of [{ period: 'today' }, { period: '30d' }]) {
    await call('trend', input);
    const live = await timed(ROUNDS, () => call('trend', input));
    rows.push({ what: `trend ${input.period}`, p50: pct(live, 50), p99: pct(live, 99) });
  }
  console.log(`\n${N} orders, ${ROUNDS} calls each through the gateway, one at a time (scan: ${SCAN_ROUNDS} rounds)`);
  for (const r of rows) {
    const scan = r.scan ? ` | scan p50 ${ms(r.scan.p50)} p99 ${ms(r.scan.p99)} | scan/rollups (p50) ${(r.scan.p50 / r.p50).toFixed(0)}×` : '';
    console.log(`${r.what.padEnd(16)} rollups p50 ${ms(r.p50)} p99 ${ms(r.p99)}${scan}`);
  }
  // the figure the target is about: the slowest overview's p99; the ratio: the 30-day overview's scan over rollups
  const overviews = rows.filter((r) => r.what.startsWith('overview'));
  const worst = Math.max(...overviews.map((r) => r.p99));
  const month = rows.find((r) => r.what === 'overview 30d')!;
  const benchRows: BenchRow[] = [
    { scenario: `dashboard overview p99 at ${N % 1000 ? N : `${N / 1000}k`} orders`, value: Number(worst.toFixed(2)), unit: 'ms', target: { op: '<', value: 50 } },
    { scenario: 'dashboard 30d: scan p50 / rollups p50', value: Number((month.scan!.p50 / month.p50).toFixed(1)), unit: '×' },
  ];
  const file = writeBenchReport('dashboard', benchRows);
  console.log(`\noverview p99 (worst period) ${ms(worst)} (target < 50 ms); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores; wrote ${file}`);
  await gw.close();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
