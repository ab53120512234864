/**
 * 导出订单 (issue 17): the admin's filtered order list as an XLSX workbook, one row per order line, whose first three
 * columns are the batch-shipping file's (订单号, 物流公司, 物流单号): filled in and uploaded to 批量发货, it ships those
 * orders, and the rows left blank are skipped.
 *
 * Up to EXPORT_DIRECT_MAX orders the workbook is answered at once. A bigger range becomes a job document: each
 * `exportStatus` call builds the next part (PART_ORDERS orders, read in creation order after a cursor, so orders placed
 * meanwhile do not shift the parts) and the last call answers the workbook. The work is bounded per request, as a
 * CloudBase function's time is, and any instance can continue a job.
 */
import { EXPORT_DIRECT_MAX, EXPORT_MAX, ORDER_STATUS_TEXT, DELIVERY_METHOD_TEXT, type Order, type OrderExportAnswer, type OrderExportFile, type OrderExportProgress } from '@shop/types';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { skuCodes } from '../catalog/lookup';
import { nicknames } from '../members/shoppers';
import { newId } from '../catalog/products';
import { asOrder, searchWhere, type AdminOrderFilters } from './queries';
import { fileStamp, xlsxBytes } from '../xlsx';

dayjs.extend(utc);
dayjs.extend(timezone);

const JOBS = 'order_exports';
const PARTS = 'order_export_parts';
/** orders one request reads and turns into rows */
const PART_ORDERS = 500;

export const EXPORT_HEADER = [
  '订单号',
  '物流公司',
  '物流单号',
  '订单状态',
  '下单时间',
  '付款时间',
  '顾客',
  '配送方式',
  '收货人',
  '收货手机',
  '收货地址',
  '自提门店',
  '商品名称',
  '规格',
  '商品编码',
  '数量',
  '单价（元）',
  '行实付（元）',
  '订单商品金额（元）',
  '运费（元）',
  '优惠（元）',
  '订单实付（元）',
  '已退款（元）',
  '支付流水号',
  '买家留言',
] as const;

const yuan = (fen: number) => (fen / 100).toFixed(2);
const beijing = (iso: string | null) => (iso ? dayjs(iso).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm:ss') : '');

/** One order's rows (pure): the parcel columns carry its first shipment, every line gets a row. */
export function orderRows(o: Order, codes: Map<string, string>, nickname: string): string[][] {
  const a = o.delivery.address;
  const parcel = o.shipments[0];
  return o.lines.map((l) => [
    o._id,
    parcel?.company ?? '',
    parcel?.trackingNo ?? '',
    ORDER_STATUS_TEXT[o.status] ?? o.status,
    beijing(o.createdAt),
    beijing(o.paidAt),
    nickname,
    DELIVERY_METHOD_TEXT[o.delivery.method] ?? o.delivery.method,
    a?.name ?? '',
    a?.phone ?? '',
    a ? `${a.province}${a.city}${a.district} ${a.detail}` : '',
    o.delivery.store?.name ?? '',
    l.name,
    l.specValues.join(' / '),
    codes.get(l.skuId) ?? '',
    String(l.quantity),
    yuan(l.price),
    yuan(l.payable),
    yuan(o.amounts.goods),
    yuan(o.amounts.freightPayable),
    yuan(o.amounts.totalOff),
    yuan(o.amounts.payable),
    yuan(o.refund.refunded),
    o.payment?.transactionId ?? '',
    o.remark,
  ]);
}

/** The rows of these orders, with their SKU codes and shoppers' nicknames read in two batches. */
async function rowsOf(db: Database, orders: Order[]): Promise<string[][]> {
  const [codes, names] = await Promise.all([skuCodes(db, orders.flatMap((o) => o.lines.map((l) => l.skuId))), nicknames(db, orders.map((o) => o.openid))]);
  return orders.flatMap((o) => orderRows(o, codes, names.get(o.openid) ?? ''));
}

/** The workbook: every cell is text, so order numbers stay whole (a number cell would show 2.026e+19). */
async function workbook(rows: string[][], orders: number, now: Date): Promise<OrderExportFile> {
  const widths = EXPORT_HEADER.map((h, i) => (i === 0 || i === 23 ? 24 : i === 10 || i === 12 ? 30 : Math.max(10, h.length * 2)));
  const bytes = await xlsxBytes([{ name: '订单', header: EXPORT_HEADER, rows, widths }]);
  return { filename: `订单导出-${fileStamp(now)}.xlsx`, contentBase64: bytes.toString('base64'), orders, rows: rows.length };
}

/** The next orders of the filter after a cursor (creation order, then id). */
async function nextOrders(db: Database, where: Record<string, unknown>, after: { createdAt: string; _id: string } | null, n: number): Promise<Order[]> {
  const _ = db.command;
  const cond = after ? _.and([where, _.or([{ createdAt: _.gt(after.createdAt) }, { createdAt: after.createdAt, _id: _.gt(after._id) }])]) : where;
  const { data } = await db.collection('orders').where(cond).orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(n).get();
  return data.map(asOrder);
}

/** How big a direct export and a job's part are (tests make them small). */
export interface ExportSizes {
  directMax: number;
  partOrders: number;
}
const SIZES: ExportSizes = { directMax: EXPORT_DIRECT_MAX, partOrders: PART_ORDERS };

export async function exportOrders(db: Database, filters: AdminOrderFilters, by: string, now: Date, sizes: ExportSizes = SIZES): Promise<OrderExportAnswer> {
  const where = await searchWhere(db, filters, now);
  const total = where ? (await db.collection('orders').where(where).count()).total : 0;
  if (total > EXPORT_MAX) throw new AppError('EXPORT_TOO_LARGE', `at most ${EXPORT_MAX} orders per export (the filters match ${total}): narrow the dates`, { total, max: EXPORT_MAX });
  if (!where || total <= sizes.directMax) {
    const orders: Order[] = [];
    let after: Order | null = null;
    while (where && orders.length < total) {
      const next = await nextOrders(db, where, after, sizes.partOrders);
      if (!next.length) break;
      orders.push(...next);
      after = next[next.length - 1];
    }
    return { kind: 'file', ...(await workbook(await rowsOf(db, orders), orders.length, now)) };
  }
  await forgetOldJobs(db, now);
  const jobId = newId();
  await db.collection(JOBS).add({ _id: jobId, filters, total, done: 0, parts: 0, after: null, by, state: 'running', createdAt: now.toISOString() });
  return { kind: 'job', jobId, total };
}

/** Jobs (and their parts) older than a day are gone: a file is fetched right after it is built. */
async function forgetOldJobs(db: Database, now: Date) {
  const _ = db.command;
  const { data } = await db.collection(JOBS).where({ createdAt: _.lt(new Date(now.getTime() - 86400_000).toISOString()) }).field({ _id: true }).limit(100).get();
  if (!data.length) return;
  const ids = data.map((d) => d._id);
  await db.collection(PARTS).where({ jobId: _.in(ids) }).remove();
  await db.collection(JOBS).where({ _id: _.in(ids) }).remove();
}

interface JobDoc {
  _id: string;
  /** the filters, applied again for each part as they were when the job began (`createdAt` is its "now") */
  filters: AdminOrderFilters;
  createdAt: string;
  total: number;
  done: number;
  parts: number;
  after: { createdAt: string; _id: string } | null;
  state: 'running' | 'done';
}

/** One step of a big export: the next part, or (all parts built) the workbook. */
export async function exportProgress(db: Database, jobId: string, now: Date, sizes: ExportSizes = SIZES): Promise<OrderExportProgress> {
  const job = (await db.collection(JOBS).doc(jobId).get()).data[0] as unknown as JobDoc | undefined;
  if (!job) throw notFound('export job');
  if (job.state === 'running') {
    const where = await searchWhere(db, job.filters, new Date(job.createdAt));
    const next = where ? await nextOrders(db, where, job.after, sizes.partOrders) : [];
    if (next.length) {
      const last = next[next.length - 1];
      // the part's id is its number: two polls racing on one part write the same document, and only one moves the job
      await db.collection(PARTS).doc(`${jobId}:${job.parts}`).set({ jobId, no: job.parts, rows: await rowsOf(db, next), orders: next.length });
      const moved = await db
        .collection(JOBS)
        .where({ _id: jobId, parts: job.parts })
        .update({ parts: job.parts + 1, done: job.done + next.length, after: db.command.set({ createdAt: last.createdAt, _id: last._id }) });
      const done = moved.updated ? job.done + next.length : job.done;
      return { state: 'running', done: Math.min(done, job.total), total: job.total };
    }
    await db.collection(JOBS).where({ _id: jobId, state: 'running' }).update({ state: 'done', doneAt: now.toISOString() });
  }
  const { data } = await db.collection(PARTS).where({ jobId }).orderBy('no', 'asc').limit(1000).get();
  const rows = data.flatMap((d) => (d as unknown as { rows: string[][] }).rows);
  const orders = data.reduce((n, d) => n + Number((d as unknown as { orders: number }).orders), 0);
  return { state: 'done', done: orders, total: job.total, ...(await workbook(rows, orders, now)) };
}
