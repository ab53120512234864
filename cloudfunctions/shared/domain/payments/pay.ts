/**
 * Paying an order with WeChat Pay JSAPI, and learning that it was paid: from the notification, or by asking
 * (the shopper came back first, the notification was lost). Every path ends in `settlePaid`, which moves the order
 * to paid exactly once; a payment that cannot be accepted (amount or merchant mismatch, the order already closed or
 * paid through another prepay) is recorded on the order for the merchant, and money paid to a closed order is
 * refunded automatically.
 */
import { WXPAY_BASE_URL, type Order, type PaymentAttempt, type PaymentIssue, type PayResult } from '@shop/types';
import type { Doc } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { getOrder } from '../orders/queries';
import { updateOrder } from '../orders/records';
import { closeOrder, payOrder, readOrder, TX_RETRIES, type PayOutcome } from '../orders/lifecycle';
import type { CloseReason } from '@shop/types';
import { PaymentsError, type WxpayClient } from './client';
import { maybeClient, requireClient, unavailable, type PayDeps } from './deps';
import { wxTime } from './wxcrypto';
import { createLateRefund } from './refunds';

const PAYMENTS = 'payments';
/** WeChat keeps a prepay_id for two hours; we stop reusing one a little earlier */
const PREPAY_REUSE_MS = 2 * 3600_000 - 10 * 60_000;

const asAttempt = (d: Doc) => d as unknown as PaymentAttempt;

export async function attemptsOf(d: PayDeps, orderId: string): Promise<PaymentAttempt[]> {
  const { data } = await d.db.collection(PAYMENTS).where({ orderId }).orderBy('createdAt', 'asc').limit(100).get();
  return data.map(asAttempt);
}

/** The goods line WeChat shows the shopper (at most 127 characters). */
export function describe(o: Pick<Order, 'lines'>): string {
  const first = o.lines[0]?.name ?? '商品';
  const count = o.lines.reduce((n, l) => n + l.quantity, 0);
  const text = count > 1 ? `${first} 等${count}件` : first;
  return [...text].slice(0, 120).join('');
}

/**
 * The pay parameters for an unpaid order. The amount and description come from the order. The same prepay is
 * answered again while it is valid and the amount has not changed; after a price change the old prepay is closed at
 * WeChat first, so it cannot be paid too.
 */
export async function startPayment(d: PayDeps, openid: string, orderId: string, returnUrl?: string): Promise<PayResult> {
  const order = await getOrder(d.db, orderId);
  if (order.openid !== openid) throw notFound('order');
  if (order.status !== 'unpaid') throw new AppError('INVALID_STATE', order.status === 'closed' ? '订单已关闭，不能支付' : '订单已支付', { status: order.status });
  const now = d.now();
  if (order.closeAt && order.closeAt <= now.toISOString()) throw new AppError('INVALID_STATE', '订单已超时，请重新下单', { status: 'closing' });
  const client = await requireClient(d);
  const attempts = await attemptsOf(d, orderId);
  let use = attempts.find((a) => a.state === 'open' && a.amount === order.amounts.payable && a.reuseUntil > now.toISOString());
  if (!use) {
    for (const stale of attempts.filter((a) => a.state === 'open')) await closeAtWechat(d, client, stale, true);
    use = await prepay(d, client, order, attempts.length, now);
  }
  const params = { appId: client.merchant.appid, ...client.payParamsFor(use.prepayId) };
  const simulator = client.merchant.baseUrl.replace(/\/$/, '') !== WXPAY_BASE_URL;
  const cashierUrl =
    simulator && returnUrl
      ? `${client.merchant.baseUrl.replace(/\/$/, '')}/_sim/cashier?${new URLSearchParams({ ...params, return_url: returnUrl }).toString()}`
      : null;
  return { orderId, outTradeNo: use._id, amount: use.amount, params, cashierUrl };
}

async function prepay(d: PayDeps, client: WxpayClient, order: Order, n: number, now: Date): Promise<PaymentAttempt> {
  // deterministic: two racing calls send the same request, which WeChat answers with the same prepay_id
  const outTradeNo = n === 0 ? order._id : `${order._id}P${n}`;
  const closeAt = order.closeAt ? new Date(order.closeAt) : new Date(now.getTime() + PREPAY_REUSE_MS);
  let prepayId: string;
  try {
    ({ prepayId } = await client.jsapi({
      outTradeNo,
      description: describe(order),
      total: order.amounts.payable,
      openid: order.openid,
      // WeChat refuses payment after our close time, so a timeout close cannot race a payment at the bank
      timeExpire: wxTime(closeAt),
      attach: order._id,
    }));
  } catch (e) {
    if (e instanceof PaymentsError && e.wechatCode === 'ORDERPAID') {
      await checkPayment(d, order._id);
      throw new AppError('INVALID_STATE', '订单已支付');
    }
    throw unavailable(e);
  }
  const attempt: PaymentAttempt = {
    _id: outTradeNo,
    orderId: order._id,
    openid: order.openid,
    amount: order.amounts.payable,
    description: describe(order),
    prepayId,
    createdAt: now.toISOString(),
    reuseUntil: new Date(Math.min(now.getTime() + PREPAY_REUSE_MS, closeAt.getTime())).toISOString(),
    state: 'open',
    transactionId: null,
    paidAt: null,
    checkedAt: null,
  };
  const { _id, ...doc } = attempt;
  await d.db.collection(PAYMENTS).doc(_id).set(doc);
  return attempt;
}

/**
 * Closes one open prepay at WeChat. Paid meanwhile: the payment is settled and INVALID_STATE says so. When WeChat
 * cannot be reached, `strict` throws PAYMENT_UNAVAILABLE; otherwise the prepay stays open for the recovery job.
 */
async function closeAtWechat(d: PayDeps, client: WxpayClient, a: PaymentAttempt, strict: boolean): Promise<void> {
  try {
    await client.close(a._id);
  } catch (e) {
    if (e instanceof PaymentsError && e.wechatCode === 'ORDERPAID') {
      await checkAttempt(d, client, a);
      throw new AppError('INVALID_STATE', '订单已支付，不能关闭', { paid: true });
    }
    if (e instanceof PaymentsError && e.wechatCode === 'ORDER_NOT_EXIST') {
      // never reached WeChat: nothing to close
    } else if (strict) throw unavailable(e);
    else return;
  }
  await d.db.collection(PAYMENTS).doc(a._id).update({ state: 'closed', checkedAt: d.now().toISOString() });
}

/**
 * Closes an unpaid order, closing its prepays at WeChat first. A shopper's or merchant's close waits for WeChat;
 * the timeout close does not (the prepay's time_expire already stops payment, and a late payment is refunded).
 */
export async function closeUnpaid(d: PayDeps, orderId: string, reason: CloseReason, by: string, note: string, owner?: string): Promise<Order> {
  const order = await getOrder(d.db, orderId);
  if (owner !== undefined && order.openid !== owner) throw notFound('order');
  const open = (await attemptsOf(d, orderId)).filter((a) => a.state === 'open');
  if (open.length && order.status === 'unpaid') {
    const client = await maybeClient(d);
    if (client) for (const a of open) await closeAtWechat(d, client, a, reason !== 'timeout');
  }
  return closeOrder(d.db, orderId, reason, by, note, d.now(), owner);
}

/** WeChat's transaction, as a notification or a query answers it (the fields we use). */
export interface WxTransaction {
  appid?: string;
  mchid?: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: string;
  success_time?: string;
  amount?: { total?: number; payer_total?: number };
}

export type SettleOutcome = PayOutcome | 'not_paid' | 'unknown_trade' | 'merchant_mismatch' | 'duplicate_payment';

/**
 * A confirmed payment: idempotent however often it arrives. Checks it belongs to this merchant and matches the prepay
 * and the order before the order moves to paid.
 */
export async function settlePaid(d: PayDeps, client: WxpayClient, t: WxTransaction): Promise<SettleOutcome> {
  if (t.trade_state !== 'SUCCESS' || !t.transaction_id) return 'not_paid';
  const found = (await d.db.collection(PAYMENTS).doc(t.out_trade_no).get()).data[0];
  if (!found) return 'unknown_trade';
  const a = asAttempt(found);
  const now = d.now();
  const paid = t.amount?.total ?? -1;
  const issue = (kind: PaymentIssue['kind'], refundNo: string | null = null): PaymentIssue => ({
    at: now.toISOString(),
    kind,
    outTradeNo: a._id,
    transactionId: t.transaction_id!,
    paid,
    expected: a.amount,
    refundNo,
  });
  if (t.mchid !== client.merchant.mchid || t.appid !== client.merchant.appid) {
    await flag(d, a.orderId, issue('merchant_mismatch'));
    return 'merchant_mismatch';
  }
  await d.db.collection(PAYMENTS).doc(a._id).update({ state: 'paid', transactionId: t.transaction_id, paidAt: t.success_time ?? now.toISOString(), checkedAt: now.toISOString() });
  if (paid !== a.amount) {
    await flag(d, a.orderId, issue('amount_mismatch'));
    return 'amount_mismatch';
  }
  const outcome = await payOrder(d.db, a.orderId, { transactionId: t.transaction_id, amount: paid, outTradeNo: a._id }, now);
  if (outcome === 'amount_mismatch') await flag(d, a.orderId, issue('amount_mismatch'));
  if (outcome === 'late_payment' || outcome === 'already_paid') {
    const o = await getOrder(d.db, a.orderId);
    if (outcome === 'already_paid' && o.payment?.transactionId === t.transaction_id) return 'already_paid';
    // money for a closed order, or a second payment of a paid one (through an older prepay): give it back
    const refundNo = await createLateRefund(d, { orderId: a.orderId, openid: a.openid, outTradeNo: a._id, transactionId: t.transaction_id, amount: paid });
    await flag(d, a.orderId, issue('late_payment', refundNo));
    return outcome === 'late_payment' ? 'late_payment' : 'duplicate_payment';
  }
  return outcome;
}

/** Records an issue on the order once per transaction and kind (in a transaction: duplicates may arrive together). */
async function flag(d: PayDeps, orderId: string, i: PaymentIssue): Promise<void> {
  await d.db.runTransaction(async (tx) => {
    const o = await readOrder(tx, orderId);
    if (o.paymentIssues.some((x) => x.transactionId === i.transactionId && x.kind === i.kind)) return;
    await updateOrder(tx, orderId, { paymentIssues: d.db.command.push(i) });
  }, TX_RETRIES);
}

async function checkAttempt(d: PayDeps, client: WxpayClient, a: PaymentAttempt): Promise<void> {
  let t: WxTransaction;
  try {
    t = (await client.query(a._id)) as WxTransaction;
  } catch (e) {
    if (e instanceof PaymentsError && e.wechatCode === 'ORDER_NOT_EXIST') {
      await d.db.collection(PAYMENTS).doc(a._id).update({ checkedAt: d.now().toISOString() });
      return;
    }
    throw e;
  }
  if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') {
    await settlePaid(d, client, { ...t, trade_state: 'SUCCESS' });
  } else if (t.trade_state === 'CLOSED' || t.trade_state === 'REVOKED') {
    await d.db.collection(PAYMENTS).doc(a._id).update({ state: 'closed', checkedAt: d.now().toISOString() });
  } else {
    await d.db.collection(PAYMENTS).doc(a._id).update({ checkedAt: d.now().toISOString() });
  }
}

/**
 * Asks WeChat about every open prepay of an order (the shopper is back from paying, or the recovery job) and
 * settles what was paid. Answers the order as it is now.
 */
export async function checkPayment(d: PayDeps, orderId: string): Promise<Order> {
  const open = (await attemptsOf(d, orderId)).filter((a) => a.state === 'open');
  if (open.length) {
    const client = await requireClient(d);
    try {
      for (const a of open) await checkAttempt(d, client, a);
    } catch (e) {
      throw unavailable(e);
    }
  }
  return getOrder(d.db, orderId);
}

/**
 * The recovery job: prepays whose outcome we have not heard of are queried, oldest check first, at most `limit`
 * per run; a prepay is asked again after `everyMs`. Open prepays of orders that closed are closed at WeChat.
 */
export async function recoverPayments(d: PayDeps, opts: { limit?: number; everyMs?: number; minAgeMs?: number } = {}): Promise<{ checked: number; failed: number }> {
  const client = await maybeClient(d);
  if (!client) return { checked: 0, failed: 0 };
  const now = d.now().getTime();
  const _ = d.db.command;
  const { data } = await d.db
    .collection(PAYMENTS)
    .where({ state: 'open', createdAt: _.lte(new Date(now - (opts.minAgeMs ?? 60_000)).toISOString()) })
    .orderBy('createdAt', 'asc')
    .limit(500)
    .get();
  const due = data
    .map(asAttempt)
    .filter((a) => !a.checkedAt || a.checkedAt <= new Date(now - (opts.everyMs ?? 120_000)).toISOString())
    .slice(0, opts.limit ?? 50);
  let checked = 0;
  let failed = 0;
  for (const a of due) {
    try {
      await checkAttempt(d, client, a);
      const o = await getOrder(d.db, a.orderId);
      const still = asAttempt((await d.db.collection(PAYMENTS).doc(a._id).get()).data[0]);
      if (o.status === 'closed' && still.state === 'open') await closeAtWechat(d, client, still, false).catch(() => undefined);
      checked++;
    } catch (e) {
      failed++;
      console.warn(`[payments] could not check ${a._id}: ${(e as Error).message}`);
    }
  }
  return { checked, failed };
}
