/**
 * Reconciliation (对账): the orders paid in a window (not before the binding) against the ERP's outbound
 * documents of that window, by bill number. It lists what disagrees, each row with an explanation in the
 * merchant's words, including the after-sales the ERP has no document for (refund only, exchange); it changes
 * nothing (the log's retry, or the clerk in the ERP, puts things right). The last report is kept in
 * `sync_state/reconcile`.
 */
import type { Order, ReconcileReport, ReconcileRow } from '@shop/types';
import type { Database } from '../../db/types';
import type { JdyClient } from '../jdy/client';
import { AppError } from '../../runtime/errors';
import { getBinding } from './binding';
import { SYNC_STATE } from './outbox';
import { paidOrdersPage } from '../orders/records';
import { agreedRefundsAndExchanges } from '../aftersales/records';

const DOC = 'reconcile';

export async function reconcile(db: Database, clientOf: () => Promise<JdyClient>, days: number, now: Date): Promise<ReconcileReport> {
  const b = await getBinding(db);
  if (b.status !== 'bound' || !b.boundAt) throw new AppError('INVALID_STATE', '尚未绑定精斗云账套');
  const client = await clientOf();
  const fromMs = Math.max(now.getTime() - days * 86400_000, Date.parse(b.boundAt));
  const from = new Date(fromMs).toISOString();
  const orders: Order[] = [];
  for (let skip = 0; ; skip += 1000) {
    const data = await paidOrdersPage(db, { from, to: now.toISOString(), toInclusive: true }, skip, 1000);
    orders.push(...data);
    if (data.length < 1000) break;
  }
  // documents are written after the payment: look from a day before the window, by modification time
  const docs = await client.listAll((p) => client.listOutbound({ ...p, modify_start_time: String(fromMs - 86400_000) }));
  const byBill = new Map(docs.map((d) => [d.bill_no, d]));
  const rows: ReconcileRow[] = [];
  const withDoc: Order[] = [];
  for (const o of orders) {
    const doc = byBill.get(o._id);
    // both sides compare the goods: the document is paid exactly its lines, freight is not synced (mapping.ts)
    const goods = o.lines.reduce((n, l) => n + l.payable, 0);
    const base = { orderId: o._id, orderStatus: o.status, orderAmount: goods, erpAmount: doc ? Math.round(Number(doc.total_amount) * 100) : null, erpId: doc?.id ?? null };
    const cancelledUnshipped = o.status === 'closed' && !o.shippedAt;
    if (cancelledUnshipped) {
      if (doc) rows.push({ ...base, problem: 'not_cancelled', explanation: `订单已取消，但精斗云中的销售出库单 ${o._id} 仍在：请在同步日志中重试取消，或在精斗云中删除该单据。` });
    } else if (!doc) {
      rows.push({ ...base, problem: 'missing_in_erp', explanation: `订单已支付，精斗云中没有单号为 ${o._id} 的销售出库单：请在同步日志中查看原因并重试。` });
    } else {
      withDoc.push(o);
      if (Math.abs(base.erpAmount! - goods) > 1) {
        rows.push({ ...base, problem: 'amount_mismatch', explanation: `商城商品实付 ${yuan(goods)} 元，精斗云出库单金额 ${yuan(base.erpAmount!)} 元：出库单可能在精斗云中被修改过，请核对。` });
      }
    }
  }
  rows.push(...(await aftersaleRows(db, withDoc, byBill)));
  const report: ReconcileReport = { at: now.toISOString(), days, from, to: now.toISOString(), clampedToBinding: fromMs > now.getTime() - days * 86400_000, ordersChecked: orders.length, documentsChecked: docs.length, rows };
  await db.collection(SYNC_STATE).doc(DOC).set(report as unknown as Record<string, unknown>);
  return report;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * After-sales the ERP has no document for: seed 000 mirrors a cancellation (the outbound document is deleted) and a
 * return (a sales return document), but not a refund without return nor an exchange. Rather than invent documents
 * the seed does not describe, each one agreed in the window is listed with what differs and what the clerk may do.
 */
async function aftersaleRows(db: Database, orders: Order[], docs: Map<string, { id: string; total_amount?: unknown }>): Promise<ReconcileRow[]> {
  const byId = new Map(orders.map((o) => [o._id, o]));
  const rows: ReconcileRow[] = [];
  for (const a of await agreedRefundsAndExchanges(db, [...byId.keys()])) {
    const o = byId.get(a.orderId)!;
    const doc = docs.get(o._id)!;
    const goods = o.lines.reduce((n, l) => n + l.payable, 0);
    const what = a.lines.map((l) => `${l.name}${l.specValues.length ? `（${l.specValues.join('/')}）` : ''}×${l.quantity}`).join('、');
    const base = { orderId: o._id, orderStatus: o.status, orderAmount: goods, erpAmount: Math.round(Number(doc.total_amount) * 100), erpId: doc.id, aftersaleId: a._id };
    if (a.type === 'refund') {
      rows.push({
        ...base,
        problem: 'refund_only',
        explanation:
          `售后 ${a._id}：仅退款 ${yuan(a.amount)} 元（${what}，${a.status === 'refunding' ? '退款处理中' : '已退款'}，商品未退回）。` +
          `精斗云不记录仅退款，出库单金额仍为 ${yuan(base.erpAmount)} 元，库存不变；` +
          (o.shippedAt || o.status !== 'paid' ? '如需冲减这笔收入，请在精斗云中调整收款。' : '订单尚未发货：如这些商品不再发出，请在精斗云中修改出库单的数量后再审核。'),
      });
    } else {
      rows.push({
        ...base,
        problem: 'exchange',
        explanation:
          `售后 ${a._id}：换货（${what}），商城已寄出新的商品，没有退款。精斗云中没有对应单据：` +
          '换回的商品入库、新商品出库需要在精斗云中做其他入库 / 其他出库，否则微商城仓库的库存会与实物不符。',
      });
    }
  }
  return rows;
}

export async function lastReconcile(db: Database): Promise<ReconcileReport | null> {
  const d = (await db.collection(SYNC_STATE).doc(DOC).get()).data[0];
  if (!d) return null;
  const { _id: _i, ...r } = d;
  return r as unknown as ReconcileReport;
}
