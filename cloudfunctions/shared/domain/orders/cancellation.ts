/**
 * The shopper's request to cancel a paid order that has not shipped, and the merchant's rejection. (Agreeing
 * closes the order: payments/refunds.ts `closePaid`, with or without the refund.)
 */
import type { Order } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { readOrder, TX_RETRIES } from './lifecycle';
import { getOrder } from './queries';
import { historyEntry } from './history';

export async function requestCancel(db: Database, openid: string, id: string, reason: string, now: Date): Promise<Order> {
  await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, id);
    if (o.openid !== openid) throw notFound('order');
    if (o.status !== 'paid') throw new AppError('INVALID_STATE', '只有已付款、未发货的订单可以申请取消，已发货的请申请售后', { status: o.status });
    if (o.cancelRequest?.status === 'pending') throw new AppError('INVALID_STATE', '取消申请已提交，请等待商家处理');
    const t = now.toISOString();
    await tx.collection('orders').doc(id).update({
      cancelRequest: db.command.set({ at: t, reason, status: 'pending', decidedAt: null, decidedBy: null, rejectReason: null, refundNo: null }),
      history: db.command.push(historyEntry(t, o.status, o.status, 'shopper', 'cancelRequested', { reason })),
    });
  }, TX_RETRIES);
  return getOrder(db, id);
}

export async function rejectCancel(db: Database, id: string, reason: string, by: string, now: Date): Promise<Order> {
  await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, id);
    if (o.cancelRequest?.status !== 'pending') throw new AppError('INVALID_STATE', '没有待处理的取消申请');
    const t = now.toISOString();
    await tx.collection('orders').doc(id).update({
      cancelRequest: db.command.set({ ...o.cancelRequest, status: 'rejected', decidedAt: t, decidedBy: by, rejectReason: reason }),
      history: db.command.push(historyEntry(t, o.status, o.status, by, 'cancelRejected', { reason })),
    });
  }, TX_RETRIES);
  return getOrder(db, id);
}

/** Agreeing needs a pending request. */
export async function pendingCancel(db: Database, id: string): Promise<Order> {
  const o = await getOrder(db, id);
  if (o.cancelRequest?.status !== 'pending') throw new AppError('INVALID_STATE', '没有待处理的取消申请');
  return o;
}
