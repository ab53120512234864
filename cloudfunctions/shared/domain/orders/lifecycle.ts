/** State changes after creation. Each runs in one transaction that re-reads the order, so races settle cleanly. */
import { type CloseReason, type Order } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { apportion } from '../pricing/money';
import { nextStatus, type OrderEvent } from './states';
import { asOrder, getOrder } from './queries';
import { historyEntry } from './history';
import { afterCommit, completed, orderStep, paid, refunded, released } from './participants';
import type { OrderStep, RefundStep, Release } from './participant';

/** A conflicting transaction re-runs; hot orders (a close racing a payment) need more than the default 3. */
export const TX_RETRIES = 10;

export async function readOrder(tx: Transaction, id: string): Promise<Order> {
  const d = (await tx.collection('orders').doc(id).get()).data;
  if (!d) throw notFound('order');
  return asOrder(d);
}

/**
 * Inside a transaction: walks the participants' `onReleased` (stock, activity stock and quota, points, coupon, 已售,
 * pickup code, ERP cancellation, as each decides for `why`) and answers the order fields that record it.
 */
async function release(s: OrderStep, why: Release, stock: boolean): Promise<Record<string, unknown>> {
  const r = await released(s, why);
  return { ...r.set, released: s.db.command.set({ at: s.now.toISOString(), stock, ...r.released }) };
}

/**
 * Closes an unpaid order (shopper cancel, merchant close, timeout) and gives back its stock, points and, per the
 * shop setting, its coupon: exactly once, because only the transaction that moves it out of `unpaid` does it.
 */
export async function closeOrder(db: Database, id: string, reason: CloseReason, by: string, note: string, now: Date, owner?: string): Promise<Order> {
  await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, id);
    if (owner !== undefined && o.openid !== owner) throw notFound('order');
    const to = nextStatus(o.status, 'close');
    const t = now.toISOString();
    const gave = await release(orderStep(tx, db, o, now), { reason: 'unpaidClose', stock: true }, o.lines.some((l) => l.stockTaken));
    await tx.collection('orders').doc(id).update({
      ...gave,
      status: to,
      closedAt: t,
      closeAt: null,
      closeReason: reason,
      history: db.command.push(historyEntry(t, o.status, to, by, 'closed', { reason, note })),
    });
  }, TX_RETRIES);
  return getOrder(db, id);
}

/** The timer's job: closes every unpaid order past its close time (`close`: at WeChat Pay first). A payment that won the race is left alone. */
export async function closeExpiredOrders(
  db: Database,
  now: Date,
  close: (id: string) => Promise<unknown> = (id) => closeOrder(db, id, 'timeout', 'system', 'not paid in time', now),
): Promise<{ closed: number; skipped: number }> {
  let closed = 0;
  let skipped = 0;
  const seen = new Set<string>();
  for (;;) {
    const { data } = await db
      .collection('orders')
      .where({ status: 'unpaid', closeAt: db.command.lte(now.toISOString()) })
      .orderBy('closeAt', 'asc')
      .limit(100)
      .get();
    const fresh = data.filter((d) => !seen.has(d._id));
    if (!fresh.length) return { closed, skipped };
    for (const d of fresh) {
      seen.add(d._id);
      try {
        await close(d._id);
        closed++;
      } catch (e) {
        // paid meanwhile (found by the state table, or by WeChat Pay refusing to close a paid prepay)
        if (e instanceof AppError && (e.code === 'ILLEGAL_TRANSITION' || e.code === 'INVALID_STATE')) skipped++;
        else throw e;
      }
    }
  }
}

export type PayOutcome = 'paid' | 'already_paid' | 'late_payment' | 'amount_mismatch';

/**
 * Records a confirmed payment (the payment issue calls this from the WeChat Pay notification and active query).
 * unpaid → paid exactly once. When the order closed first (timeout or cancel), its stock and coupon are already
 * given back: the payment does NOT revive it; it is recorded on the order as a late payment to refund.
 */
export async function payOrder(db: Database, id: string, payment: { transactionId: string; amount: number; outTradeNo: string }, now: Date): Promise<PayOutcome> {
  let read: Order | null = null;
  const outcome = await db.runTransaction(async (tx): Promise<PayOutcome> => {
    const o = await readOrder(tx, id);
    read = o;
    const t = now.toISOString();
    if (o.status === 'closed') {
      if (o.latePayments.some((p) => p.transactionId === payment.transactionId)) return 'late_payment';
      await tx.collection('orders').doc(id).update({ latePayments: db.command.push({ at: t, transactionId: payment.transactionId, amount: payment.amount }) });
      return 'late_payment';
    }
    if (o.status !== 'unpaid') return 'already_paid';
    if (payment.amount !== o.amounts.payable) return 'amount_mismatch';
    const took = await paid(orderStep(tx, db, o, now));
    await tx.collection('orders').doc(id).update({
      ...took.set,
      status: nextStatus(o.status, 'pay'),
      paidAt: t,
      closeAt: null,
      payment: db.command.set({ outTradeNo: payment.outTradeNo, transactionId: payment.transactionId, amount: payment.amount }),
      history: db.command.push(historyEntry(t, o.status, 'paid', 'system', 'paid', { transactionId: payment.transactionId })),
    });
    return 'paid';
  }, TX_RETRIES);
  if (outcome === 'paid' && read) await afterCommit('afterPaid', db, read, now);
  return outcome;
}

/**
 * The merchant changes what an unpaid order costs (议价). The difference is apportioned onto the lines (a cut never
 * takes a line below zero) and recorded; the shopper sees the new amount on refresh.
 */
export function apportionChange(lines: { payable: number }[], freightPayable: number, delta: number): { lines: number[]; freight: number } {
  const weights = [...lines.map((l) => l.payable), freightPayable];
  if (delta === 0) return { lines: lines.map(() => 0), freight: 0 };
  if (delta < 0) {
    const shares = apportion(-delta, weights, weights);
    return { lines: shares.slice(0, -1).map((s) => -s), freight: -shares[shares.length - 1] };
  }
  const goodsWeights = lines.map((l) => l.payable);
  const shares = apportion(delta, goodsWeights.some((w) => w > 0) ? goodsWeights : lines.map(() => 1));
  return { lines: shares, freight: 0 };
}

export async function changePrice(db: Database, id: string, payable: number, reason: string, by: string, now: Date): Promise<Order> {
  await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, id);
    nextStatus(o.status, 'changePrice');
    const delta = payable - o.amounts.payable;
    if (delta === 0) throw new AppError('VALIDATION_FAILED', 'the new amount is the same as the current one');
    const split = apportionChange(o.lines, o.amounts.freightPayable, delta);
    const t = now.toISOString();
    await tx.collection('orders').doc(id).update({
      lines: o.lines.map((l, i) => ({ ...l, adjustment: l.adjustment + split.lines[i], payable: l.payable + split.lines[i] })),
      amounts: { ...o.amounts, adjustment: o.amounts.adjustment + delta, payable, freightPayable: o.amounts.freightPayable + split.freight },
      priceChanges: db.command.push({ at: t, by, from: o.amounts.payable, to: payable, reason }),
      history: db.command.push(historyEntry(t, o.status, o.status, by, 'priceChanged', { from: o.amounts.payable, to: payable, reason })),
    });
  }, TX_RETRIES);
  return getOrder(db, id);
}

export async function setStar(db: Database, id: string, star: Order['star']): Promise<Order> {
  const { updated } = await db.collection('orders').doc(id).update({ star });
  if (!updated) {
    await getOrder(db, id); // NOT_FOUND when absent; same value otherwise
  }
  return getOrder(db, id);
}

/**
 * Completes an order (receipt confirmed, pickup verified, delivery done) and grants what completion earns:
 * points on the sale price, experience on the amount paid for goods (freight excluded), and 满赠券 gift coupons, once.
 */
export async function completeOrder(
  db: Database,
  id: string,
  event: Extract<OrderEvent, 'complete' | 'fulfil' | 'fulfilVirtual'>,
  by: string,
  now: Date,
  /** what else completing sets on the order (virtual goods: the note), once `check` accepts the order as read here */
  extra?: { check?: (o: Order) => void; set?: Record<string, unknown> },
): Promise<Order> {
  const o = await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, id);
    const to = nextStatus(o.status, event);
    extra?.check?.(o);
    const t = now.toISOString();
    const earned = await completed(orderStep(tx, db, o, now));
    await tx.collection('orders').doc(id).update({ ...extra?.set, ...earned.set, status: to, completedAt: t, history: db.command.push(historyEntry(t, o.status, to, by, 'completed', { via: event })) });
    return o;
  }, TX_RETRIES);
  await afterCommit('afterCompleted', db, o, now);
  return getOrder(db, id);
}

/**
 * The merchant cancels a paid order that has not shipped (on their own, or agreeing to the shopper's request):
 * stock and spent points come back, the coupon per the shop's refund setting, and with `refund` the whole payment
 * is refunded. The refund is reserved by `reserve` inside the same transaction, so a closed order never lacks its
 * refund; it is sent to WeChat afterwards (and again by the jobs timer until WeChat accepts it).
 */
export async function closePaidOrder(
  db: Database,
  id: string,
  c: { refund: boolean; note: string; by: string; now: Date; reserve: (tx: Transaction, o: Order) => Promise<string> },
): Promise<{ order: Order; refundNo: string | null }> {
  let read: Order | null = null;
  const refundNo = await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, id);
    const to = nextStatus(o.status, 'closePaid');
    const t = c.now.toISOString();
    read = o;
    const no = c.refund ? await c.reserve(tx, o) : null;
    // cancelled before shipping: everything comes back, and the ERP's outbound document goes (scenario 4)
    const gave = await release(orderStep(tx, db, o, c.now), PAID_CLOSE, true);
    await tx.collection('orders').doc(id).update({
      ...gave,
      status: to,
      closedAt: t,
      closeReason: c.refund ? 'refunded' : 'merchant_close',
      ...(o.cancelRequest?.status === 'pending'
        ? { cancelRequest: db.command.set({ ...o.cancelRequest, status: 'agreed', decidedAt: t, decidedBy: c.by, refundNo: no }) }
        : {}),
      history: db.command.push(historyEntry(t, o.status, to, c.by, 'closedPaid', { refund: c.refund, note: c.note })),
    });
    return no;
  }, TX_RETRIES);
  if (read) await afterCommit('afterReleased', db, read, c.now, PAID_CLOSE);
  return { order: await getOrder(db, id), refundNo };
}

const PAID_CLOSE: Release = { reason: 'paidClose', stock: true };

/**
 * Inside the refund's transaction, once WeChat Pay confirmed a refund: the order's refunded amount moves, and the
 * participants take back their part (已售 of the units named, points and experience). When what was refunded reaches
 * what was paid, the order closes (unless it already is) and what it took comes back once (stock of an unshipped
 * order, spent points, the coupon per the shop's refund setting). A partial refund returns no points (seed).
 * Answers why the order was released (for the `after…` work once committed), or null.
 */
export async function recordRefund(tx: Transaction, db: Database, o: Order, r: RefundStep, by: string, now: Date): Promise<Release | null> {
  const t = now.toISOString();
  const order = { ...o, refund: { ...o.refund, refunded: r.refunded } };
  const s = orderStep(tx, db, order, now);
  const update: Record<string, unknown> = { refund: order.refund };
  let why: Release | null = null;
  if (r.whole && o.status !== 'closed') {
    const to = nextStatus(o.status, 'closeRefunded');
    Object.assign(update, { status: to, closedAt: t, closeReason: 'refunded', history: db.command.push(historyEntry(t, o.status, to, by, 'refunded', {})) });
  }
  if (r.whole && !o.released) {
    why = { reason: 'refund', stock: o.status === 'paid' };
    Object.assign(update, await release(s, why, why.stock));
  }
  Object.assign(update, (await refunded(s, r)).set);
  await tx.collection('orders').doc(o._id).update(update);
  return why;
}
