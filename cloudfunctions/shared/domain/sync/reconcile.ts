/**
 * Reconciliation (对账): the orders paid in a window (not before the binding) against the ERP's outbound
 * documents of that window, by bill number. It lists what disagrees; it changes nothing (the log's retry, or the
 * clerk in the ERP, puts things right). The last report is kept in `sync_state/reconcile`.
 */
import type { Order, ReconcileReport, ReconcileRow } from '@shop/types';
import type { Database } from '../../db/types';
import type { JdyClient } from '../jdy/client';
import { AppError } from '../../runtime/errors';
import { getBinding } from './binding';
import { SYNC_STATE } from './outbox';

const DOC = 'reconcile';

export async function reconcile(db: Database, clientOf: () => Promise<JdyClient>, days: number, now: Date): Promise<ReconcileReport> {
  const b = await getBinding(db);
  if (b.status !== 'bound' || !b.boundAt) throw new AppError('INVALID_STATE', '尚未绑定精斗云账套');
  const client = await clientOf();
  const fromMs = Math.max(now.getTime() - days * 86400_000, Date.parse(b.boundAt));
  const from = new Date(fromMs).toISOString();
  const _ = db.command;
  const orders: Order[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = await db.collection('orders').where({ paidAt: _.gte(from).and(_.lte(now.toISOString())) }).orderBy('paidAt', 'asc').skip(skip).limit(1000).get();
    orders.push(...(data as unknown as Order[]));
    if (data.length < 1000) break;
  }
  // documents are written after the payment: look from a day before the window, by modification time
  const docs = await client.listAll((p) => client.listOutbound({ ...p, modify_start_time: String(fromMs - 86400_000) }));
  const byBill = new Map(docs.map((d) => [d.bill_no, d]));
  const rows: ReconcileRow[] = [];
  for (const o of orders) {
    const doc = byBill.get(o._id);
    const goods = o.lines.reduce((n, l) => n + l.payable, 0);
    const base = { orderId: o._id, orderStatus: o.status, orderAmount: goods, erpAmount: doc ? Math.round(Number(doc.total_amount) * 100) : null, erpId: doc?.id ?? null };
    const cancelledUnshipped = o.status === 'closed' && !o.shippedAt;
    if (cancelledUnshipped) {
      if (doc) rows.push({ ...base, problem: 'not_cancelled' });
    } else if (!doc) rows.push({ ...base, problem: 'missing_in_erp' });
    else if (Math.abs(base.erpAmount! - goods) > 1) rows.push({ ...base, problem: 'amount_mismatch' });
  }
  const report: ReconcileReport = { at: now.toISOString(), days, from, to: now.toISOString(), clampedToBinding: fromMs > now.getTime() - days * 86400_000, ordersChecked: orders.length, documentsChecked: docs.length, rows };
  await db.collection(SYNC_STATE).doc(DOC).set(report as unknown as Record<string, unknown>);
  return report;
}

export async function lastReconcile(db: Database): Promise<ReconcileReport | null> {
  const d = (await db.collection(SYNC_STATE).doc(DOC).get()).data[0];
  if (!d) return null;
  const { _id: _i, ...r } = d;
  return r as unknown as ReconcileReport;
}
