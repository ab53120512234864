/**
 * 概况, the merchant's dashboard: headline figures of a period with the previous period's, the trend by day (or by
 * hour for today) and the best-selling products, all read from rollups kept in Beijing calendar days; plus the
 * to-do counts, each counted by the folder that owns the list.
 */
import { z } from 'zod';
import type { SchemaIn as In, EmptyInput as Empty } from './common';

export const STATS_PERIODS = ['today', 'yesterday', '7d', '30d'] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];
export const StatsPeriodInput = z.enum(STATS_PERIODS);

/** a Beijing calendar day */
export const StatsDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'not a date');
/** the longest range a trend or a report covers */
export const STATS_MAX_DAYS = 92;

export const StatsOverviewInput = z.object({ period: StatsPeriodInput.default('today') }).strict();

/** a range of days from `from` to `to` (both given) runs forward and spans at most STATS_MAX_DAYS: else an issue on `to` */
function checkRange(from: string, to: string, ctx: z.RefinementCtx) {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (!(days >= 1)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range ends before it starts' });
  else if (days > STATS_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${STATS_MAX_DAYS} days` });
}

/** `{period}` (today: by hour) or `{from, to}` (Beijing days, both included, at most STATS_MAX_DAYS) */
export const StatsTrendInput = z
  .object({ period: StatsPeriodInput.optional(), from: StatsDay.optional(), to: StatsDay.optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (v.period !== undefined) {
      if (v.from !== undefined || v.to !== undefined) ctx.addIssue({ code: 'custom', path: ['period'], message: 'give a period or from/to, not both' });
      return;
    }
    if (v.from === undefined) return ctx.addIssue({ code: 'custom', path: ['from'], message: 'give a period or from/to' });
    if (v.to === undefined) return ctx.addIssue({ code: 'custom', path: ['to'], message: 'give a period or from/to' });
    checkRange(v.from, v.to, ctx);
  });

/** 数据中心's reports: 交易 (by day), 商品 (by product), 客户 (new, paying, repeat, the best customers) */
export const STATS_REPORT_KINDS = ['trade', 'product', 'customer'] as const;
export type StatsReportKind = (typeof STATS_REPORT_KINDS)[number];
export const STATS_REPORT_TEXT: Record<StatsReportKind, string> = { trade: '交易', product: '商品', customer: '客户' };
/** the customers a customer report ranks by spend */
export const STATS_TOP_CUSTOMERS = 20;

/** a report of Beijing days `from`..`to` (both included, at most STATS_MAX_DAYS); `reportExport` takes the same */
export const StatsReportInput = z
  .object({ kind: z.enum(STATS_REPORT_KINDS), from: StatsDay, to: StatsDay })
  .strict()
  .superRefine((v, ctx) => checkRange(v.from, v.to, ctx));

export const StatsTopProductsInput = z.object({ period: StatsPeriodInput.default('7d'), limit: z.number().int().min(1).max(50).default(10) }).strict();

/** the shop's stock warning threshold: a product with fewer units in stock (all SKUs) is 库存预警 */
export const StatsSettingsInput = z.object({ stockAlert: z.number().int().min(0).max(1_000_000) }).strict();
export interface StatsSettings {
  stockAlert: number;
}
export const DEFAULT_STOCK_ALERT = 10;

/** What one day (or hour) of the rollups holds; money in fen. */
export interface StatsCounts {
  /** what shoppers paid (the orders' payable when paid), refunds not deducted */
  paidAmount: number;
  paidOrders: number;
  /** distinct shoppers who paid */
  payingCustomers: number;
  /** refunds that succeeded, by the day WeChat Pay confirmed them */
  refundAmount: number;
  refundCount: number;
  /** shoppers whose first paid order ever was paid that day */
  newCustomers: number;
  completedOrders: number;
  completedAmount: number;
}
export const STATS_COUNT_KEYS = ['paidAmount', 'paidOrders', 'payingCustomers', 'refundAmount', 'refundCount', 'newCustomers', 'completedOrders', 'completedAmount'] as const satisfies readonly (keyof StatsCounts)[];

/** the headline figures: the counts plus the average order value (paid amount / paid orders, fen, rounded) */
export type StatsFigures = StatsCounts & { avgOrderValue: number };
export interface StatsFigure {
  value: number;
  previous: number;
  /** (value − previous) / previous; null when the previous period had none */
  change: number | null;
}

export interface StatsTodo {
  /** paid, to ship (not pickup) */
  toShip: number;
  /** paid pickup orders */
  toPickup: number;
  /** shoppers' cancellation requests waiting for a decision */
  cancelRequests: number;
  /** after-sales requests waiting for a decision or for returned goods */
  aftersales: number;
  /** refunds WeChat Pay could not pay back (ABNORMAL) */
  refundAbnormal: number;
  /** products with fewer units in stock than the threshold */
  stockAlert: number;
  stockAlertThreshold: number;
  /** Jingdou Cloud outbox items that gave up (dead) */
  erpFailed: number;
  /** WeChat shipping information not uploaded yet (pending or failed) */
  wxShippingPending: number;
}

export interface StatsOverview {
  period: StatsPeriod;
  /** Beijing days, both included */
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  figures: Record<keyof StatsFigures, StatsFigure>;
  todo: StatsTodo;
}

export type StatsPoint = StatsFigures & {
  /** `YYYY-MM-DD`, or `YYYY-MM-DDTHH` by hour */
  key: string;
};
export interface StatsTrend {
  unit: 'day' | 'hour';
  from: string;
  to: string;
  points: StatsPoint[];
}

export interface StatsTopProduct {
  productId: string;
  name: string;
  units: number;
  amount: number;
}
export interface StatsTopProducts {
  from: string;
  to: string;
  byUnits: StatsTopProduct[];
  byAmount: StatsTopProduct[];
}

/** 交易: the figures of each day and of the whole range (its paying customers each counted once) */
export interface StatsTradeReport {
  kind: 'trade';
  from: string;
  to: string;
  days: StatsPoint[];
  total: StatsFigures;
}
export type StatsProductRow = StatsTopProduct & {
  /** share of the range's paid amount of products, 0..1 */
  share: number;
};
/** 商品: every product paid in the range, by amount, then units */
export interface StatsProductReport {
  kind: 'product';
  from: string;
  to: string;
  products: StatsProductRow[];
  total: { products: number; units: number; amount: number };
}
export interface StatsCustomerRow {
  openid: string;
  nickname: string;
  /** orders paid in the range, and what they came to */
  orders: number;
  amount: number;
}
/** 客户: the range's customers; repeat customers paid two orders or more in it */
export interface StatsCustomerReport {
  kind: 'customer';
  from: string;
  to: string;
  newCustomers: number;
  payingCustomers: number;
  repeatCustomers: number;
  /** repeat / paying, 0..1 (0 without payers) */
  repeatRate: number;
  paidAmount: number;
  paidOrders: number;
  /** paid amount / paying customers, fen, rounded */
  amountPerCustomer: number;
  /** each day's new and paying customers */
  days: { key: string; newCustomers: number; payingCustomers: number }[];
  /** the STATS_TOP_CUSTOMERS who spent most */
  top: StatsCustomerRow[];
}
export type StatsReport = StatsTradeReport | StatsProductReport | StatsCustomerReport;
export interface StatsReportFile {
  filename: string;
  /** the XLSX workbook, base64 */
  contentBase64: string;
  /** data rows (the header and the total row not counted) */
  rows: number;
}

export interface StatsAdminApi {
  overview: { input: In<typeof StatsOverviewInput>; output: StatsOverview };
  trend: { input: In<typeof StatsTrendInput>; output: StatsTrend };
  topProducts: { input: In<typeof StatsTopProductsInput>; output: StatsTopProducts };
  getSettings: { input: Empty; output: StatsSettings };
  saveSettings: { input: In<typeof StatsSettingsInput>; output: StatsSettings };
  report: { input: In<typeof StatsReportInput>; output: StatsReport };
  reportExport: { input: In<typeof StatsReportInput>; output: StatsReportFile };
}
