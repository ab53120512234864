/** State changes after creation. Each runs in one transaction that re-reads the order, so races settle cleanly. */
import { type CloseReason, type Order } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { grantCoupons, releaseCoupon } from '../coupons';
import { grantForOrder, returnPoints, revokeEarned, txSettings } from '../members';
import { apportion } from '../pricing/money';
import { nextStatus, type OrderEvent } from './states';
import { asOrder, getOrder } from './queries';
import { moveStock, readSku } from './stock';
import { issuePickupCode, voidPickupCode } from '../fulfilment/pickupCodes';
import { presaleShipFrom } from '../activities/rules';
import { enqueueSync } from '../sync/outbox';
import { kickSync } from '../sync/kick';
import { addSales } from '../catalog/sales';
import { historyEntry } from './history';

/** A conflicting transaction re-runs; hot orders (a close racing a payment) need more than the default 3. */
export const TX_RETRIES = 10;

export async function readOrder(tx: Transaction, id: string): Promise<Order> {
  const d = (await tx.collection('orders').doc(id).get()).data;
  if (!d) throw notFound('order');
  return asOrder(d);
}

/**
 * Gives an order's stock back: the SKU stock its lines took, and the activity stock of flash-sale, limited-discount
 * and presale lines; `quota` also gives back the shopper's activity quota (an unpaid order that closes).
 */
async function giveStockBack(tx: Transaction, db: Database, o: Order, quota: boolean) {
  const _ = db.command;
  for (const l of o.lines) {
    const a = l.activity;
    if (a?.stockKey && a.stockTaken > 0) await tx.collection('activity_stock').doc(a.stockKey).update({ left: _.inc(a.stockTaken), sold: _.inc(-a.stockTaken) });
    if (quota && a?.quotaKey && a.quotaTaken > 0) await tx.collection('activity_quota').doc(a.quotaKey).update({ taken: _.inc(-a.quotaTaken) });
    if (!l.stockTaken) continue;
    const sku = await readSku(tx, l.skuId);
    if (sku) await moveStock(tx, sku, l, l.quantity);
  }
}

/** What the order paid for goods (fen): the payable without the freight still paid in money. */
export const goodsPaid = (o: Pick<Order, 'amounts'>): number => Math.max(0, o.amounts.payable - o.amounts.freightPayable);

/**
 * Inside a transaction: takes units back out of 已售, never more than the order counted (`order.sold`); `units`
 * null = everything it still counts. Answers the order's new `sold` map (write it with the order), or null when
 * nothing changed.
 */
export async function takeBackSales(tx: Transaction, o: Order, units: { skuId: string; quantity: number }[] | null): Promise<Record<string, number> | null> {
  const sold = { ...(o.sold ?? {}) };
  const wanted = units ?? Object.entries(sold).map(([skuId, quantity]) => ({ skuId, quantity }));
  const taken: { productId: string; quantity: number }[] = [];
  for (const u of wanted) {
    const q = Math.min(u.quantity, sold[u.skuId] ?? 0);
    const line = o.lines.find((l) => l.skuId === u.skuId);
    if (!line || q <= 0) continue;
    sold[u.skuId] -= q;
    taken.push({ productId: line.productId, quantity: q });
  }
  if (!taken.length) return null;
  await addSales(tx, taken, -1);
  return sold;
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
    const settings = await txSettings(tx);
    const t = now.toISOString();
    await giveStockBack(tx, db, o, true);
    const points = await returnPoints(tx, o.openid, o._id, now);
    const coupon = o.coupon && settings.coupons.returnOnUnpaidClose ? await releaseCoupon(tx, o.coupon.heldId, o.openid, o._id, now) : false;
    await tx.collection('orders').doc(id).update({
      status: to,
      closedAt: t,
      closeAt: null,
      closeReason: reason,
      released: db.command.set({ at: t, stock: o.lines.some((l) => l.stockTaken), points, coupon }),
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
  const outcome = await db.runTransaction(async (tx): Promise<PayOutcome> => {
    const o = await readOrder(tx, id);
    const t = now.toISOString();
    if (o.status === 'closed') {
      if (o.latePayments.some((p) => p.transactionId === payment.transactionId)) return 'late_payment';
      await tx.collection('orders').doc(id).update({ latePayments: db.command.push({ at: t, transactionId: payment.transactionId, amount: payment.amount }) });
      return 'late_payment';
    }
    if (o.status !== 'unpaid') return 'already_paid';
    if (payment.amount !== o.amounts.payable) return 'amount_mismatch';
    for (const l of o.lines) {
      if (l.stockTaken || l.activity?.kind === 'flash' || l.activity?.kind === 'presale') continue;
      // strategy 'payment': stock is taken now; the seed warns it may run short, which the merchant must see
      const sku = await readSku(tx, l.skuId);
      const take = Math.min(sku?.stock ?? 0, l.quantity);
      if (sku && take > 0) await moveStock(tx, sku, l, -take);
      if (take < l.quantity) await tx.collection('orders').doc(id).update({ stockShort: db.command.push({ skuId: l.skuId, missing: l.quantity - take }) });
    }
    // 已售 counts the units paid (once: only the transaction that moves the order out of unpaid gets here)
    const sold: Record<string, number> = {};
    for (const l of o.lines) sold[l.skuId] = (sold[l.skuId] ?? 0) + l.quantity;
    await addSales(tx, o.lines, 1);
    await tx.collection('orders').doc(id).update({
      status: nextStatus(o.status, 'pay'),
      paidAt: t,
      sold: db.command.set(sold),
      closeAt: null,
      payment: db.command.set({ outTradeNo: payment.outTradeNo, transactionId: payment.transactionId, amount: payment.amount }),
      lines: o.lines.map((l) => ({ ...l, stockTaken: l.stockTaken || !(l.activity?.kind === 'flash' || l.activity?.kind === 'presale') })),
      ...(o.presale && o.presale.ship.mode === 'afterPayment' ? { presale: db.command.set({ ...o.presale, shipFrom: presaleShipFrom(o.presale.ship, t) }) } : {}),
      history: db.command.push(historyEntry(t, o.status, 'paid', 'system', 'paid', { transactionId: payment.transactionId })),
    });
    await issuePickupCode(tx, db, o, now);
    // the ERP gets a sales outbound document for every paid order (every delivery method: the seed's scenarios)
    await enqueueSync(tx, 'order_out', id, now);
    return 'paid';
  }, TX_RETRIES);
  if (outcome === 'paid') kickSync();
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
    // experience is earned on what was paid for goods and kept: no freight, nothing refunded so far (seed 优惠叠加)
    await grantForOrder(tx, o.openid, { points: o.points.earned, paidFen: Math.max(0, goodsPaid(o) - o.refund.refunded) }, o._id, now);
    await tx.collection('orders').doc(id).update({ ...extra?.set, status: to, completedAt: t, history: db.command.push(historyEntry(t, o.status, to, by, 'completed', { via: event })) });
    return o;
  }, TX_RETRIES);
  for (const g of o.giftCoupons) {
    await grantCoupons(db, o.openid, g.couponId, g.quantity, `gift:${o._id}:${g.campaignId}`, now);
  }
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
  const refundNo = await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, id);
    const to = nextStatus(o.status, 'closePaid');
    const settings = await txSettings(tx);
    const t = c.now.toISOString();
    await giveStockBack(tx, db, o, true);
    const points = await returnPoints(tx, o.openid, o._id, c.now);
    const coupon = o.coupon && settings.coupons.returnOnRefund ? await releaseCoupon(tx, o.coupon.heldId, o.openid, o._id, c.now) : false;
    const no = c.refund ? await c.reserve(tx, o) : null;
    const sold = await takeBackSales(tx, o, null);
    await voidPickupCode(tx, db, o);
    // cancelled before shipping: the ERP's outbound document goes (scenario 4, refund without return)
    await enqueueSync(tx, 'order_cancel', id, c.now);
    await tx.collection('orders').doc(id).update({
      status: to,
      closedAt: t,
      closeReason: c.refund ? 'refunded' : 'merchant_close',
      released: db.command.set({ at: t, stock: true, points, coupon }),
      ...(sold ? { sold: db.command.set(sold) } : {}),
      ...(o.cancelRequest?.status === 'pending'
        ? { cancelRequest: db.command.set({ ...o.cancelRequest, status: 'agreed', decidedAt: t, decidedBy: c.by, refundNo: no }) }
        : {}),
      history: db.command.push(historyEntry(t, o.status, to, c.by, 'closedPaid', { refund: c.refund, note: c.note })),
    });
    return no;
  }, TX_RETRIES);
  kickSync();
  return { order: await getOrder(db, id), refundNo };
}

/**
 * Inside the refund's transaction, when what was refunded reaches what was paid: the order closes (unless it already
 * is), and what it took comes back once: stock of an unshipped order, spent points, the coupon per the shop's refund
 * setting; points and experience the order earned are taken back. A partial refund returns no points (seed).
 */
export async function applyFullRefund(tx: Transaction, db: Database, o: Order, by: string, now: Date): Promise<void> {
  const t = now.toISOString();
  const settings = await txSettings(tx);
  const update: Record<string, unknown> = {};
  if (o.status !== 'closed') {
    const to = nextStatus(o.status, 'closeRefunded');
    Object.assign(update, { status: to, closedAt: t, closeReason: 'refunded', history: db.command.push(historyEntry(t, o.status, to, by, 'refunded', {})) });
  }
  if (!o.released) {
    const stock = o.status === 'paid';
    if (stock) await giveStockBack(tx, db, o, true);
    if (stock) await enqueueSync(tx, 'order_cancel', o._id, now);
    const points = await returnPoints(tx, o.openid, o._id, now);
    const coupon = o.coupon && settings.coupons.returnOnRefund ? await releaseCoupon(tx, o.coupon.heldId, o.openid, o._id, now) : false;
    update.released = db.command.set({ at: t, stock, points, coupon });
  }
  await revokeEarned(tx, o.openid, o._id, now);
  await voidPickupCode(tx, db, o);
  if (Object.keys(update).length) await tx.collection('orders').doc(o._id).update(update);
}
