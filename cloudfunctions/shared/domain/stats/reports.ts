/**
 * 数据中心: the trade, product and customer reports of a range of Beijing days, and each as an XLSX workbook. All
 * three read the rollups (stats/rollups.ts), never the orders: 交易 the day rollups (its distinct paying customers from
 * the payer gaps when the range is short enough, else from the per-customer days), 商品 the per-product days, 客户 the
 * per-customer days plus the day rollups' new customers.
 */
import { STATS_REPORT_TEXT, STATS_TOP_CUSTOMERS, type StatsCustomerReport, type StatsProductReport, type StatsReport, type StatsReportFile, type StatsReportKind, type StatsTradeReport } from '@shop/types';
import type { Database } from '../../db/types';
import { nicknames } from '../members/shoppers';
import { fileStamp, xlsxBytes, type XlsxSheet } from '../xlsx';
import { figuresOf, rank, sumOf } from './dashboard';
import { GAP_DAYS, distinctPayers } from './payers';
import { daysFrom } from './periods';
import { customersBetween, productsBetween, rollupsBetween } from './rollups';

export interface ReportRange {
  from: string;
  to: string;
}

export async function tradeReport(db: Database, r: ReportRange): Promise<StatsTradeReport> {
  const days = daysFrom(r.from, r.to);
  const rollups = await rollupsBetween(db, 'day', r.from, r.to);
  const total = sumOf(rollups, days);
  total.payingCustomers =
    days.length <= GAP_DAYS + 1
      ? distinctPayers(new Map([...rollups].map(([day, c]) => [day, c.payerGaps])), r.from, r.to)
      : (await customersBetween(db, r.from, r.to)).length;
  return { kind: 'trade', ...r, days: days.map((key) => ({ key, ...figuresOf(sumOf(rollups, [key])) })), total: figuresOf(total) };
}

export async function productReport(db: Database, r: ReportRange): Promise<StatsProductReport> {
  const all = await productsBetween(db, r.from, r.to);
  const units = all.reduce((n, p) => n + p.units, 0);
  const amount = all.reduce((n, p) => n + p.amount, 0);
  // every product sold: by amount, then units, then id; products paid nothing (all free) after them
  const ranked = rank(all, 'amount', all.length);
  const rest = rank(all.filter((p) => p.amount === 0), 'units', all.length);
  const products = [...ranked, ...rest].map((p) => ({ ...p, share: amount ? p.amount / amount : 0 }));
  return { kind: 'product', ...r, products, total: { products: products.length, units, amount } };
}

export async function customerReport(db: Database, r: ReportRange): Promise<StatsCustomerReport> {
  const [customers, rollups] = await Promise.all([customersBetween(db, r.from, r.to), rollupsBetween(db, 'day', r.from, r.to)]);
  const paidAmount = customers.reduce((n, c) => n + c.amount, 0);
  const paidOrders = customers.reduce((n, c) => n + c.orders, 0);
  const repeatCustomers = customers.filter((c) => c.orders >= 2).length;
  const best = [...customers].sort((a, b) => b.amount - a.amount || b.orders - a.orders || (a.openid < b.openid ? -1 : 1)).slice(0, STATS_TOP_CUSTOMERS);
  const names = await nicknames(db, best.map((c) => c.openid));
  return {
    kind: 'customer',
    ...r,
    newCustomers: sumOf(rollups, daysFrom(r.from, r.to)).newCustomers,
    payingCustomers: customers.length,
    repeatCustomers,
    repeatRate: customers.length ? repeatCustomers / customers.length : 0,
    paidAmount,
    paidOrders,
    amountPerCustomer: customers.length ? Math.round(paidAmount / customers.length) : 0,
    days: daysFrom(r.from, r.to).map((key) => {
      const c = rollups.get(key);
      return { key, newCustomers: c?.newCustomers ?? 0, payingCustomers: c?.payingCustomers ?? 0 };
    }),
    top: best.map((c) => ({ ...c, nickname: names.get(c.openid) ?? '' })),
  };
}

export function report(db: Database, kind: StatsReportKind, r: ReportRange): Promise<StatsReport> {
  if (kind === 'trade') return tradeReport(db, r);
  if (kind === 'product') return productReport(db, r);
  return customerReport(db, r);
}

// ------------------------------------------------------------------------------------------------------------------
// XLSX: money in yuan as number cells (two decimals), rates as fractions; a 合计 row closes the tables that add up

const yuan = (fen: number) => Math.round(fen) / 100;
const ratio = (x: number) => Math.round(x * 10_000) / 10_000;

export const TRADE_HEADER = ['日期', '支付金额（元）', '支付订单数', '支付人数', '客单价（元）', '退款金额（元）', '退款笔数', '新客户数', '完成订单数', '完成金额（元）'] as const;
export const PRODUCT_HEADER = ['排名', '商品ID', '商品名称', '销量', '销售额（元）', '销售额占比'] as const;
export const CUSTOMER_SUMMARY_HEADER = ['指标', '数值'] as const;
export const CUSTOMER_DAYS_HEADER = ['日期', '新客户数', '支付人数'] as const;
export const CUSTOMER_TOP_HEADER = ['排名', '顾客', 'openid', '支付订单数', '支付金额（元）'] as const;

/** the sheets of a report (pure) */
export function reportSheets(rep: StatsReport): XlsxSheet[] {
  if (rep.kind === 'trade') {
    const row = (key: string, f: StatsTradeReport['total']) => [key, yuan(f.paidAmount), f.paidOrders, f.payingCustomers, yuan(f.avgOrderValue), yuan(f.refundAmount), f.refundCount, f.newCustomers, f.completedOrders, yuan(f.completedAmount)];
    return [{ name: '交易', header: TRADE_HEADER, rows: [...rep.days.map((d) => row(d.key, d)), row('合计', rep.total)], widths: [12] }];
  }
  if (rep.kind === 'product') {
    const rows = rep.products.map((p, i) => [i + 1, p.productId, p.name, p.units, yuan(p.amount), ratio(p.share)]);
    return [{ name: '商品', header: PRODUCT_HEADER, rows: [...rows, ['合计', '', `${rep.total.products} 个商品`, rep.total.units, yuan(rep.total.amount), rep.total.amount ? 1 : 0]], widths: [6, 26, 30] }];
  }
  return [
    {
      name: '客户概况',
      header: CUSTOMER_SUMMARY_HEADER,
      rows: [
        ['新客户数', rep.newCustomers],
        ['支付人数', rep.payingCustomers],
        ['复购人数（支付 2 单及以上）', rep.repeatCustomers],
        ['复购率', ratio(rep.repeatRate)],
        ['支付订单数', rep.paidOrders],
        ['支付金额（元）', yuan(rep.paidAmount)],
        ['人均支付金额（元）', yuan(rep.amountPerCustomer)],
      ],
      widths: [28, 14],
    },
    { name: '按天', header: CUSTOMER_DAYS_HEADER, rows: rep.days.map((d) => [d.key, d.newCustomers, d.payingCustomers]), widths: [12] },
    { name: '消费排行', header: CUSTOMER_TOP_HEADER, rows: rep.top.map((c, i) => [i + 1, c.nickname, c.openid, c.orders, yuan(c.amount)]), widths: [6, 20, 32] },
  ];
}

/** the data rows of a report's workbook: its days, products or best customers */
const rowCount = (rep: StatsReport) => (rep.kind === 'trade' ? rep.days.length : rep.kind === 'product' ? rep.products.length : rep.top.length);

export async function reportFile(db: Database, kind: StatsReportKind, r: ReportRange, now: Date): Promise<StatsReportFile> {
  const rep = await report(db, kind, r);
  const bytes = await xlsxBytes(reportSheets(rep));
  return { filename: `${STATS_REPORT_TEXT[kind]}报表-${r.from}至${r.to}-${fileStamp(now)}.xlsx`, contentBase64: bytes.toString('base64'), rows: rowCount(rep) };
}
