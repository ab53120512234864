/**
 * Refunds through WeChat Pay. A refund is first reserved on the order inside a transaction (the order's
 * `refund.requested` never passes what was paid, however many refunds race), written PENDING with its own
 * out_refund_no, then sent. WeChat's answer or notification settles it; a refund WeChat did not accept yet is sent
 * again by the jobs timer with the same out_refund_no (WeChat makes that idempotent), and one still PROCESSING after
 * a while is queried, so a lost notification loses nothing.
 */
import type { Order, Page, Refund, RefundSource, RefundStatus } from '@shop/types';
import type { Database, Doc, Transaction } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { closePaidOrder, readOrder, recordRefund, TX_RETRIES } from '../orders/lifecycle';
import { afterCommit } from '../orders/participants';
import type { Release } from '../orders/participant';
import { getOrder } from '../orders/queries';
import { updateOrder } from '../orders/records';
import { aftersaleUnits, markAftersaleRefunded } from '../aftersales/records';
import { PaymentsError, type WxpayClient } from './client';
import { maybeClient, requireClient, type PayDeps } from './deps';
import { pageOf } from '../paging';
import { notifyRefundFailed } from '../messages/notify';

const REFUNDS = 'refunds';
/** WeChat: at most 50 refunds per payment */
export const MAX_REFUNDS_PER_ORDER = 50;
/** WeChat wants a minute between two refunds of one payment: a refund it refused for that is sent again after this */
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 30 * 60_000;
/** a PROCESSING refund we heard nothing about is queried after this */
const QUERY_AFTER_MS = 5 * 60_000;

export const asRefund = (d: Doc) => d as unknown as Refund;

/** What WeChat's ABNORMAL means for the merchant (WeChat says no more). */
const ABNORMAL_TEXT = '退款异常：微信支付未能原路退回（如用户银行卡已注销或冻结，或商户号余额不足）。处理后点重试，或到微信支付商户平台处理';

export interface RefundRequest {
  amount: number;
  reason: string;
  source: RefundSource;
  by: string;
  aftersaleId?: string | null;
}

type RefundFields = Pick<Refund, 'orderId' | 'openid' | 'outTradeNo' | 'transactionId' | 'amount' | 'total' | 'reason' | 'source' | 'aftersaleId' | 'by'>;

/** Inside a transaction: a new refund, PENDING and due to be sent now. */
async function writePending(tx: Transaction, no: string, f: RefundFields, t: string, note: string): Promise<void> {
  const refund: Omit<Refund, '_id'> = {
    ...f,
    status: 'PENDING',
    wechatRefundId: null,
    error: null,
    attempts: 0,
    nextAttemptAt: t,
    createdAt: t,
    updatedAt: t,
    successAt: null,
    history: [{ at: t, status: 'PENDING', note }],
  };
  await tx.collection(REFUNDS).doc(no).set(refund as unknown as Record<string, unknown>);
}

/** Inside a transaction that read `o`: reserves the amount on the order and writes the PENDING refund. */
export async function reserveRefund(tx: Transaction, db: Database, o: Order, r: RefundRequest, now: Date): Promise<string> {
  if (!o.payment) throw new AppError('INVALID_STATE', '订单没有微信支付的付款，不能在线退款');
  const refundable = o.payment.amount - o.refund.requested;
  if (r.amount > refundable) {
    throw new AppError('REFUND_EXCEEDS_PAID', `最多还能退 ${(refundable / 100).toFixed(2)} 元`, { refundable });
  }
  const count = o.refund.count + 1;
  if (count > MAX_REFUNDS_PER_ORDER) throw new AppError('INVALID_STATE', `一笔订单最多退款 ${MAX_REFUNDS_PER_ORDER} 次`);
  const no = `${o._id}R${count}`;
  const t = now.toISOString();
  await writePending(tx, no, {
    orderId: o._id,
    openid: o.openid,
    outTradeNo: o.payment.outTradeNo,
    transactionId: o.payment.transactionId,
    amount: r.amount,
    total: o.payment.amount,
    reason: r.reason,
    source: r.source,
    aftersaleId: r.aftersaleId ?? null,
    by: r.by,
  }, t, `requested by ${r.by}: ${r.reason}`);
  await updateOrder(tx, o._id, { refund: { requested: o.refund.requested + r.amount, refunded: o.refund.refunded, count } });
  return no;
}

export async function getRefund(db: Database, no: string): Promise<Refund> {
  const d = (await db.collection(REFUNDS).doc(no).get()).data[0];
  if (!d) throw notFound('refund');
  return asRefund(d);
}

/** A merchant's refund of part or all of a paid order. */
export async function requestRefund(d: PayDeps, orderId: string, r: RefundRequest): Promise<Refund> {
  await requireClient(d);
  const no = await d.db.runTransaction(async (tx) => {
    const o = await readOrder(tx, orderId);
    if (o.status === 'unpaid') throw new AppError('INVALID_STATE', '订单未支付');
    return reserveRefund(tx, d.db, o, r, d.now());
  }, TX_RETRIES);
  return sendRefund(d, no);
}

/** The merchant closes a paid, unshipped order, refunding everything paid (or, with refund false, nothing). */
export async function closePaid(d: PayDeps, orderId: string, c: { refund: boolean; note: string; by: string }) {
  if (c.refund) await requireClient(d);
  const now = d.now();
  const { order, refundNo } = await closePaidOrder(d.db, orderId, {
    ...c,
    now,
    reserve: (tx, o) => reserveRefund(tx, d.db, o, { amount: o.payment ? o.payment.amount - o.refund.requested : 0, reason: c.note, source: 'cancel', by: c.by }, now),
  });
  const refund = refundNo ? await sendRefund(d, refundNo) : null;
  return { order: refund ? await getOrder(d.db, orderId) : order, refund };
}

/**
 * Money paid for an order that had already closed, or paid twice: refunded whole, once per payment
 * (out_refund_no `<out_trade_no>-L`), without touching the order's own refund account.
 */
export async function createLateRefund(
  d: PayDeps,
  p: { orderId: string; openid: string; outTradeNo: string; transactionId: string; amount: number },
): Promise<string> {
  const no = `${p.outTradeNo}-L`;
  const t = d.now().toISOString();
  await d.db.runTransaction(async (tx) => {
    if ((await tx.collection(REFUNDS).doc(no).get()).data) return;
    await writePending(tx, no, {
      ...p,
      total: p.amount,
      reason: '订单已关闭或已支付，退回重复/逾期付款',
      source: 'late_payment',
      aftersaleId: null,
      by: 'system',
    }, t, 'late or duplicate payment');
  }, TX_RETRIES);
  await sendRefund(d, no).catch((e) => console.warn(`[refunds] ${no} will be sent again: ${(e as Error).message}`));
  return no;
}

const backoff = (attempts: number) => Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));

/**
 * Sends a PENDING (or, by the merchant's retry, an ABNORMAL or FAILED) refund. WeChat's answer decides: accepted →
 * PROCESSING (or settled at once); refused with a 4xx → FAILED (the amount stays reserved: the shopper is still owed
 * it, and the merchant can retry); no answer, 5xx or rate limited → stays PENDING and is sent again later.
 */
export async function sendRefund(d: PayDeps, no: string, client?: WxpayClient): Promise<Refund> {
  const r = await getRefund(d.db, no);
  if (r.status !== 'PENDING') return r;
  const c = client ?? (await requireClient(d));
  const now = d.now();
  const t = now.toISOString();
  let answer: Record<string, any>;
  try {
    answer = await c.refund({ outTradeNo: r.outTradeNo, outRefundNo: r._id, refund: r.amount, total: r.total, reason: r.reason.slice(0, 80) });
  } catch (e) {
    const pe = e instanceof PaymentsError ? e : null;
    const refused = pe?.code === 'WECHAT_ERROR' && pe.status >= 400 && pe.status < 500 && pe.status !== 429 && pe.wechatCode !== 'FREQUENCY_LIMITED';
    const error = pe ? `${pe.wechatCode ?? pe.code}: ${pe.message}` : String(e);
    const status: RefundStatus = refused ? 'FAILED' : 'PENDING';
    // only while still PENDING: a notification may have settled it meanwhile
    await d.db.collection(REFUNDS).where({ _id: no, status: 'PENDING' }).update({
      status,
      error,
      attempts: r.attempts + 1,
      nextAttemptAt: refused ? null : new Date(now.getTime() + backoff(r.attempts + 1)).toISOString(),
      updatedAt: t,
      history: d.db.command.push({ at: t, status, note: error }),
    });
    return getRefund(d.db, no);
  }
  await d.db.collection(REFUNDS).where({ _id: no, status: 'PENDING' }).update({
    status: 'PROCESSING',
    wechatRefundId: answer.refund_id ?? null,
    error: null,
    attempts: r.attempts + 1,
    nextAttemptAt: null,
    updatedAt: t,
    history: d.db.command.push({ at: t, status: 'PROCESSING', note: 'accepted by WeChat Pay' }),
  });
  if (answer.status && answer.status !== 'PROCESSING') return settleRefund(d, no, answer.status, answer);
  return getRefund(d.db, no);
}

/** The merchant retries an ABNORMAL or FAILED refund (e.g. after topping up the merchant balance). */
export async function retryRefund(d: PayDeps, no: string, by: string): Promise<Refund> {
  const client = await requireClient(d);
  const t = d.now().toISOString();
  const { updated } = await d.db
    .collection(REFUNDS)
    .where({ _id: no, status: d.db.command.in(['ABNORMAL', 'FAILED']) })
    .update({ status: 'PENDING', nextAttemptAt: t, updatedAt: t, history: d.db.command.push({ at: t, status: 'PENDING', note: `retried by ${by}` }) });
  if (!updated) {
    const r = await getRefund(d.db, no);
    throw new AppError('INVALID_STATE', `退款状态为 ${r.status}，不能重试`, { status: r.status });
  }
  const r = await sendRefund(d, no, client);
  if (r.status === 'FAILED') throw new AppError('PAYMENT_UNAVAILABLE', `微信支付拒绝了退款: ${r.error}`, { refund: r });
  return r;
}

/**
 * WeChat's verdict on a refund (notification, query or the create answer); idempotent. SUCCESS counts as refunded
 * and, when everything paid has come back, closes the order and returns what it took; CLOSED frees the amount.
 */
export async function settleRefund(d: PayDeps, no: string, status: string, info: { refund_id?: string; success_time?: string } = {}): Promise<Refund> {
  if (!['SUCCESS', 'CLOSED', 'ABNORMAL', 'PROCESSING'].includes(status)) return getRefund(d.db, no);
  const now = d.now();
  const t = now.toISOString();
  let released: { order: Order; why: Release } | null = null;
  await d.db.runTransaction(async (tx) => {
    released = null;
    const found = (await tx.collection(REFUNDS).doc(no).get()).data;
    if (!found) throw notFound('refund');
    const r = asRefund({ ...found, _id: no } as Doc);
    if (r.status === status || r.status === 'SUCCESS' || r.status === 'CLOSED') return;
    await tx.collection(REFUNDS).doc(no).update({
      status,
      ...(info.refund_id ? { wechatRefundId: info.refund_id } : {}),
      ...(status === 'SUCCESS' ? { successAt: info.success_time ?? t, error: null } : {}),
      ...(status === 'ABNORMAL' ? { error: ABNORMAL_TEXT } : {}),
      updatedAt: t,
      history: d.db.command.push({ at: t, status, note: `WeChat Pay: ${status}` }),
    });
    if (r.source === 'late_payment') return;
    if (status === 'ABNORMAL') {
      // WeChat could not pay it out (the shopper's card closed …): the shopper hears of it; the merchant handles it in the admin
      const o = await readOrder(tx, r.orderId);
      await notifyRefundFailed(tx, o, { refundNo: no, amount: r.amount }, now);
    } else if (status === 'SUCCESS') {
      const o = await readOrder(tx, r.orderId);
      const refunded = o.refund.refunded + r.amount;
      const whole = !!o.payment && refunded >= o.payment.amount;
      // 已售: a refund that names units takes them back; the whole payment refunded takes back all; money alone, none
      const units = whole ? null : r.aftersaleId ? await aftersaleUnits(tx, r.aftersaleId) : [];
      if (r.aftersaleId) await markAftersaleRefunded(tx, d.db, r.aftersaleId, no, t);
      const why = await recordRefund(tx, d.db, o, { refundNo: no, amount: r.amount, whole, units, refunded }, 'system', now);
      released = why ? { order: o, why } : null;
    } else if (status === 'CLOSED') {
      const o = await readOrder(tx, r.orderId);
      await updateOrder(tx, o._id, { refund: { ...o.refund, requested: o.refund.requested - r.amount } });
    }
  }, TX_RETRIES);
  const gave = released as { order: Order; why: Release } | null;
  if (gave) await afterCommit('afterReleased', d.db, gave.order, now, gave.why);
  return getRefund(d.db, no);
}

/** The jobs timer: sends refunds WeChat has not accepted yet, and queries PROCESSING ones nobody told us about. */
export async function recoverRefunds(d: PayDeps, limit = 50): Promise<{ sent: number; queried: number; failed: number }> {
  const client = await maybeClient(d);
  if (!client) return { sent: 0, queried: 0, failed: 0 };
  const _ = d.db.command;
  const now = d.now();
  let sent = 0;
  let queried = 0;
  let failed = 0;
  const pending = await d.db
    .collection(REFUNDS)
    .where({ status: 'PENDING', nextAttemptAt: _.lte(now.toISOString()) })
    .orderBy('nextAttemptAt', 'asc')
    .limit(limit)
    .get();
  for (const r of pending.data) {
    const after = await sendRefund(d, r._id, client).catch(() => null);
    if (after && after.status !== 'PENDING') sent++;
    else failed++;
  }
  const stale = await d.db
    .collection(REFUNDS)
    .where({ status: 'PROCESSING', updatedAt: _.lte(new Date(now.getTime() - QUERY_AFTER_MS).toISOString()) })
    .orderBy('updatedAt', 'asc')
    .limit(limit)
    .get();
  for (const r of stale.data) {
    try {
      const answer = await client.queryRefund(r._id);
      if (answer.status === 'PROCESSING') await d.db.collection(REFUNDS).doc(r._id).update({ updatedAt: now.toISOString() });
      else await settleRefund(d, r._id, answer.status, answer);
      queried++;
    } catch {
      failed++;
    }
  }
  return { sent, queried, failed };
}

export async function listRefunds(db: Database, i: { status?: RefundStatus; statuses?: RefundStatus[]; orderId?: string; page: number; pageSize: number }): Promise<Page<Refund>> {
  const where: Record<string, unknown> = {};
  if (i.status) where.status = i.status;
  else if (i.statuses?.length) where.status = db.command.in(i.statuses);
  if (i.orderId) where.orderId = i.orderId;
  return pageOf(db.collection(REFUNDS).where(where).orderBy('createdAt', 'desc'), i, asRefund);
}

export async function refundsOf(db: Database, orderId: string): Promise<Refund[]> {
  const { data } = await db.collection(REFUNDS).where({ orderId }).orderBy('createdAt', 'asc').limit(100).get();
  return data.map(asRefund);
}

