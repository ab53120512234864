/**
 * Express shipping: the whole order in one parcel, or split into parcels by line; batch shipping from a file;
 * receipt confirmed by the shopper or, after the configured days, by the jobs timer. Each shipment runs in one
 * transaction that re-reads the order, so two clerks shipping the same lines cannot both succeed.
 */
import type { z } from 'zod';
import { CARRIERS, SHIP_BATCH_MAX_ROWS, TrackingNo, type BatchShipResult, type BatchShipRowResult, type CorrectTrackingInput, type Order, type Shipment, type ShipInput } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { getSettings } from '../settings/settings';
import { completeOrder, readOrder, TX_RETRIES } from '../orders/lifecycle';
import { getOrder } from '../orders/queries';
import { shippedOrdersBefore, updateOrder } from '../orders/records';
import { nextStatus } from '../orders/states';
import { historyEntry } from '../orders/history';
import { afterCommit, orderStep, shipped } from '../orders/participants';
import { assertMallMayShip, ERP_SHIPPER, retireDeadOutbound } from '../sync/erpShipping';
import { queueShippingInfo } from './wxShipping';

/** Units of each SKU not shipped yet. */
export function unshipped(o: Pick<Order, 'lines' | 'shipments'>): Map<string, number> {
  const left = new Map(o.lines.map((l) => [l.skuId, l.quantity]));
  for (const s of o.shipments) for (const l of s.lines) left.set(l.skuId, (left.get(l.skuId) ?? 0) - l.quantity);
  return left;
}

/**
 * Pure: what a parcel carries (`lines` absent: everything left) and whether the order is then wholly shipped.
 * Throws VALIDATION_FAILED naming the line when a SKU is not in the order or more than is left is asked.
 */
export function planParcel(o: Pick<Order, 'lines' | 'shipments'>, lines?: { skuId: string; quantity: number }[]) {
  const left = unshipped(o);
  const parcel = lines ?? [...left].filter(([, q]) => q > 0).map(([skuId, quantity]) => ({ skuId, quantity }));
  if (!parcel.length) throw new AppError('INVALID_STATE', '订单商品已全部发货');
  const seen = new Set<string>();
  for (const [i, l] of parcel.entries()) {
    const rest = left.get(l.skuId);
    if (rest === undefined || seen.has(l.skuId)) throw new AppError('VALIDATION_FAILED', 'a line is not in the order, or named twice', [{ path: `lines.${i}.skuId`, message: 'not in the order' }]);
    if (l.quantity > rest) throw new AppError('VALIDATION_FAILED', `only ${rest} left to ship`, [{ path: `lines.${i}.quantity`, message: `at most ${rest}` }]);
    seen.add(l.skuId);
    left.set(l.skuId, rest - l.quantity);
  }
  return { parcel, complete: [...left.values()].every((q) => q === 0) };
}

export async function shipOrder(db: Database, i: z.output<typeof ShipInput>, by: string, now: Date): Promise<Order> {
  await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, i.id);
    if (o.delivery.method !== 'express') throw new AppError('INVALID_STATE', '只有快递配送的订单需要发货', { method: o.delivery.method });
    if (o.cancelRequest?.status === 'pending') throw new AppError('INVALID_STATE', '买家申请了取消订单，请先处理取消申请');
    // bound to Jingdou Cloud: the ERP ships the express orders it has (they flow back with by = 'erp')
    if (by !== ERP_SHIPPER) await assertMallMayShip(tx, o._id);
    const { parcel, complete } = planParcel(o, i.lines);
    const to = nextStatus(o.status, complete ? 'ship' : 'shipPart');
    const t = now.toISOString();
    const shipment: Shipment = { no: o.shipments.length + 1, company: i.company, trackingNo: i.trackingNo, lines: parcel, at: t, by };
    const took = await shipped(orderStep(tx, db, o, now), { key: String(shipment.no), company: i.company, trackingNo: i.trackingNo, lines: parcel, at: t });
    await updateOrder(tx, o._id, {
      ...took.set,
      status: to,
      ...(complete ? { shippedAt: t } : {}),
      shipments: db.command.push(shipment),
      history: db.command.push(historyEntry(t, o.status, to, by, 'shipped', { company: i.company, trackingNo: i.trackingNo, partial: !complete })),
    });
  }, TX_RETRIES);
  if (by !== ERP_SHIPPER) await retireDeadOutbound(db, i.id, now);
  const o = await getOrder(db, i.id);
  await afterCommit('afterShipped', db, o, now);
  return o;
}

/**
 * 修改物流: a parcel's carrier and tracking number corrected after it left (recorded in the order's history), and the
 * order's shipping information uploaded to WeChat again (WeChat allows one such change; a second is refused there and
 * shown as a failed upload). A parcel Jingdou Cloud shipped is corrected in Jingdou Cloud.
 */
export async function correctTracking(db: Database, i: z.output<typeof CorrectTrackingInput>, by: string, now: Date): Promise<Order> {
  let fix = 0;
  await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, i.id);
    if (!['partly_shipped', 'shipped', 'completed'].includes(o.status)) throw new AppError('INVALID_STATE', '只有已发货的订单可以修改物流', { status: o.status });
    const parcel = o.shipments.find((s) => s.no === i.no);
    if (!parcel) throw notFound('parcel');
    if (parcel.by === ERP_SHIPPER) throw new AppError('ERP_SHIPS_EXPRESS', '该包裹由精斗云发货：请在精斗云的销售出库单中修改物流信息');
    if (parcel.company === i.company && parcel.trackingNo === i.trackingNo) throw new AppError('INVALID_STATE', '物流信息没有变化', [{ path: 'trackingNo', message: 'unchanged' }]);
    fix = o.history.filter((h) => h.event === 'trackingCorrected').length + 1;
    const t = now.toISOString();
    await updateOrder(tx, o._id, {
      shipments: db.command.set(o.shipments.map((s) => (s.no === i.no ? { ...s, company: i.company, trackingNo: i.trackingNo } : s))),
      history: db.command.push(
        historyEntry(t, o.status, o.status, by, 'trackingCorrected', { no: i.no, from: `${parcel.company} ${parcel.trackingNo}`, company: i.company, trackingNo: i.trackingNo, reason: i.reason }),
      ),
    });
  }, TX_RETRIES);
  const o = await getOrder(db, i.id);
  await queueShippingInfo(db, o, now, `fix${fix}`);
  return o;
}

/** The shopper confirms receipt of a wholly shipped order: it completes (points, experience, gift coupons). */
export async function confirmReceipt(db: Database, openid: string, id: string, now: Date): Promise<Order> {
  const o = await getOrder(db, id);
  if (o.openid !== openid) throw notFound('order');
  return completeOrder(db, id, 'complete', 'shopper', now);
}

/** The timer: shipped orders whose shipment is older than `orders.autoCompleteDays` complete by themselves. */
export async function autoCompleteShipped(db: Database, now: Date): Promise<{ completed: number }> {
  const days = (await getSettings(db)).orders.autoCompleteDays;
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  const data = await shippedOrdersBefore(db, before, 200);
  let completed = 0;
  for (const d of data) {
    try {
      await completeOrder(db, d._id, 'complete', 'system', now);
      completed++;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'ILLEGAL_TRANSITION')) throw e;
    }
  }
  return { completed };
}

/**
 * Batch shipping: each row ships a whole unshipped order (seed: only orders not shipped yet). A row that cannot ship
 * says why and the others go on; an order named twice ships once.
 */
export async function batchShip(db: Database, rows: { line: number; cells: string[] }[], by: string, now: Date): Promise<BatchShipResult> {
  const results: BatchShipRowResult[] = [];
  const seen = new Map<string, { line: number; company: string; trackingNo: string }>();
  let skipped = 0;
  const fail = (line: number, orderId: string, code: string, message: string) => results.push({ line, orderId, result: 'failed', code, message });
  const data = rowsOf(rows);
  if (data.length > SHIP_BATCH_MAX_ROWS) throw new AppError('IMPORT_INVALID', `at most ${SHIP_BATCH_MAX_ROWS} rows per file (found ${data.length})`, { rows: data.length, max: SHIP_BATCH_MAX_ROWS });
  for (const r of data) {
    const { line, orderId, company, trackingNo } = r;
    if (!orderId) {
      fail(line, orderId, 'VALIDATION_FAILED', '订单号为空');
      continue;
    }
    // an exported order list (orderAdmin.export) has a row per line: the rows left blank are not to ship
    if (!company && !trackingNo) {
      skipped++;
      continue;
    }
    if (!(CARRIERS as readonly string[]).includes(company)) {
      fail(line, orderId, 'VALIDATION_FAILED', `物流公司须为后台支持的名称之一：${CARRIERS.join('、')}`);
      continue;
    }
    if (!TrackingNo.safeParse(trackingNo).success) {
      fail(line, orderId, 'VALIDATION_FAILED', '物流单号为 6–40 位字母、数字或 -');
      continue;
    }
    const first = seen.get(orderId);
    if (first !== undefined) {
      // another line of the same order with the same parcel: nothing more to do
      if (first.company === company && first.trackingNo === trackingNo) skipped++;
      else fail(line, orderId, 'DUPLICATE_IN_FILE', `与第 ${first.line} 行的物流信息不同，一个订单一次只能按一个包裹发货`);
      continue;
    }
    seen.set(orderId, { line, company, trackingNo });
    try {
      const o = await getOrder(db, orderId);
      if (o.status !== 'paid' || o.shipments.length) {
        fail(line, orderId, 'ALREADY_SHIPPED', o.status === 'paid' || o.status === 'partly_shipped' || o.status === 'shipped' || o.status === 'completed' ? '订单已发货' : `订单状态为 ${o.status}，不能发货`);
        continue;
      }
      await shipOrder(db, { id: orderId, company: company as (typeof CARRIERS)[number], trackingNo }, by, now);
      results.push({ line, orderId, result: 'shipped', company, trackingNo });
    } catch (e) {
      if (e instanceof AppError) fail(line, orderId, e.code === 'NOT_FOUND' ? 'UNKNOWN_ORDER' : e.code, e.code === 'NOT_FOUND' ? '订单不存在' : e.message);
      else throw e;
    }
  }
  return { shipped: results.filter((r) => r.result === 'shipped').length, failed: results.filter((r) => r.result === 'failed').length, skipped, rows: results };
}

const HEADERS = { orderId: ['订单号', '订单编号', 'order', 'orderid', 'order_id'], company: ['物流公司', '快递公司', 'company', 'carrier'], trackingNo: ['物流单号', '运单号', '快递单号', 'tracking', 'trackingno', 'tracking_no'] };

/** Rows of cells → (order, carrier, tracking no); the header row (by name, any order of columns) is optional. */
export function rowsOf(rows: { line: number; cells: string[] }[]) {
  const filled = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  let cols = { orderId: 0, company: 1, trackingNo: 2 };
  let body = filled;
  const head = filled[0]?.cells.map((c) => c.trim().toLowerCase());
  if (head && HEADERS.orderId.some((h) => head.includes(h))) {
    const at = (names: string[], fallback: number) => {
      const i = head.findIndex((h) => names.includes(h));
      return i >= 0 ? i : fallback;
    };
    cols = { orderId: at(HEADERS.orderId, 0), company: at(HEADERS.company, 1), trackingNo: at(HEADERS.trackingNo, 2) };
    body = filled.slice(1);
  }
  return body.map((r) => ({
    line: r.line,
    // spreadsheets turn long numbers into 2.026e+19: order numbers must be text cells; keep what was typed
    orderId: (r.cells[cols.orderId] ?? '').trim(),
    company: (r.cells[cols.company] ?? '').trim(),
    trackingNo: (r.cells[cols.trackingNo] ?? '').trim(),
  }));
}
