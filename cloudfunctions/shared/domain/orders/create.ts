/** Order creation: validate, price, take stock, consume the coupon and points, all in one transaction. */
import { createHash, randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { CreateOrderInput, Order, OrderLine } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { removeBought } from '../cart/cart';
import { buildCheckout, listAddresses, toPreview } from './checkout';
import { asOrder, getOrder } from './queries';
import { historyEntry } from './history';
import { attempt } from './attempt';
import { orderStep, placed } from './participants';
import { reach } from '../../runtime/probe';
import { presaleShipFrom } from '../activities/rules';
import { refuseSoldOutFlash } from '../activities/shopping';

type CreateInput = z.output<typeof CreateOrderInput>;

/** A business number: the Beijing-time second it was made (China keeps UTC+8 all year) and six random digits. */
export function newOrderNo(now: Date): string {
  const t = new Date(now.getTime() + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${t}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

/**
 * An order number nobody holds yet, read inside the order's transaction: six random digits per second collide
 * (about once per 2,000 orders in the same second), and a collision must never overwrite another shopper's order.
 */
export async function freeOrderNo(tx: Transaction, now: Date, next: (now: Date) => string = newOrderNo): Promise<string> {
  for (;;) {
    const id = next(now);
    if (!(await tx.collection('orders').doc(id).get()).data) return id;
  }
}

/**
 * The id of one shopper's order request: a hash over the JSON pair, so no two (openid, clientRequestId) pairs share it
 * (`a:b` + `c` and `a` + `b:c` did when the two were joined with a colon). Keys stored before this form do not match
 * it: a retry of such an old request would make a new order.
 */
const requestKey = (openid: string, clientRequestId: string) => `r2:${createHash('sha256').update(JSON.stringify([openid, clientRequestId])).digest('hex')}`;

async function existingOrder(db: Database, openid: string, clientRequestId: string): Promise<string | null> {
  const d = (await db.collection('order_requests').doc(requestKey(openid, clientRequestId)).get()).data[0];
  return d && d.openid === openid ? String(d.orderId) : null;
}

export async function createOrder(db: Database, openid: string, input: CreateInput, now: Date): Promise<Order> {
  // a flash sale this instance saw sold out a moment ago is refused before anything is read (a retry of an order that
  // won is then told so too, for that moment: its order is in the shopper's list)
  if ('items' in input.source) await refuseSoldOutFlash(db, input.source.items.map((i) => i.skuId), now);
  const done = await existingOrder(db, openid, input.clientRequestId);
  if (done) return getOrder(db, done);

  const built = await buildCheckout(db, openid, input, now, { forOrder: true });
  const q = built.quote;
  if (built.couponCodeError) throw new AppError('COUPON_NOT_APPLICABLE', built.couponCodeError);
  const wanted = input.couponCode ? `reusable` : input.couponId;
  if (wanted !== null && wanted !== 'best' && q.coupon.chosen === null) {
    const v = q.coupons.find((c) => c.id === wanted || (input.couponCode && c.id.startsWith('reusable:')));
    throw new AppError('COUPON_NOT_APPLICABLE', v ? v.message : 'you do not hold this coupon', { reason: v?.reason ?? null });
  }
  if ((built.method === 'express' || built.method === 'local') && !built.address) throw new AppError('VALIDATION_FAILED', 'choose a delivery address', [{ path: 'delivery.addressId', message: 'required' }]);
  if (q.payable !== input.expectedPayable) {
    if (!built.addressesRead) built.addresses = await listAddresses(db, openid);
    throw new AppError('PRICE_CHANGED', `the amount is now ${q.payable} fen, not ${input.expectedPayable}`, { preview: toPreview(built) });
  }

  let orderId = '';
  let written: Record<string, unknown> | null = null;
  const t = now.toISOString();
  const chosen = q.coupon.chosen ? built.coupons.find((c) => c.id === q.coupon.chosen)! : null;
  const couponOff = q.steps.filter((s) => s.kind === 'coupon').reduce((n, s) => n + s.off, 0);
  const free = q.payable === 0;
  const acts = built.activities;
  const lines: OrderLine[] = q.lines.map((l, i) => {
    const g = built.items[i].goods;
    const act = acts.lines.get(l.skuId) ?? null;
    return {
      skuId: l.skuId,
      productId: l.productId,
      name: g.product.name,
      image: g.product.images[0] ?? null,
      specValues: g.sku.specValues,
      quantity: l.quantity,
      price: g.sku.price,
      unitPrice: l.unitPrice,
      listAmount: l.listAmount,
      activityOff: l.activityOff,
      campaignOff: l.campaignOff,
      couponOff: l.couponOff,
      memberOff: l.memberOff,
      pointsOff: l.pointsOff,
      adjustment: 0,
      payable: l.payable,
      pointsEarned: l.pointsEarned,
      campaignId: l.campaignId,
      // nothing to pay: the order is paid at once, so every line takes its stock now (flash-sale and presale lines
      // take the activity's stock instead, below)
      stockTaken: !act?.ownStock && (free || g.product.stockStrategy === 'order'),
      activity: act?.record ?? null,
    };
  });
  const a = built.address;
  const order: Omit<Order, '_id'> = {
    openid,
    status: free ? 'paid' : 'unpaid',
    lines,
    amounts: { goods: q.goodsAmount, freight: q.freight, freightPayable: q.freightPayable, totalOff: q.totalOff, adjustment: 0, payable: q.payable },
    steps: q.steps,
    coupon: chosen ? { heldId: chosen.id, couponId: chosen.couponId, name: chosen.name, off: couponOff } : null,
    points: { used: q.points.used, off: q.points.off, earned: q.points.earned },
    giftCoupons: q.giftCoupons,
    campaignIds: q.campaignIds,
    member: { levelId: built.member.customer.levelId, levelName: built.member.customer.levelName, discountRate: built.member.customer.discountRate },
    delivery: {
      method: built.method,
      address: a ? { name: a.name, phone: a.phone, province: a.province, city: a.city, district: a.district, detail: a.detail } : null,
      store: built.store,
    },
    remark: input.remark,
    star: null,
    createdAt: t,
    // a flash sale closes its unpaid orders sooner (its own setting, 30 minutes by default)
    closeAt: free ? null : new Date(now.getTime() + Math.min(built.settings.orders.autoCloseMinutes, acts.closeMinutes ?? Infinity) * 60_000).toISOString(),
    paidAt: free ? t : null,
    shippedAt: null,
    completedAt: null,
    closedAt: null,
    closeReason: null,
    priceChanges: [],
    history: [historyEntry(t, null, 'unpaid', 'shopper', 'placed', {}), ...(free ? [historyEntry(t, 'unpaid', 'paid', 'system', 'paid', { transactionId: null })] : [])],
    latePayments: [],
    released: null,
    payment: null,
    refund: { requested: 0, refunded: 0, count: 0 },
    paymentIssues: [],
    cancelRequest: null,
    aftersaleClaims: {},
    shipments: [],
    pickup: null,
    localDelivery: null,
    presale: acts.presale ? { ...acts.presale, shipFrom: presaleShipFrom(acts.presale.ship, free ? t : null) } : null,
  };
  const campaignKinds = [...new Set((built.quoteInput.campaigns ?? []).filter((c) => q.campaignIds.includes(c.id)).map((c) => c.rule.kind))];

  const activityIds = [...new Set(lines.flatMap((l) => (l.activity ? [l.activity.id] : [])))];
  const ownStock = new Set(lines.flatMap((l) => (acts.lines.get(l.skuId)?.ownStock ? [l.skuId] : [])));
  const takes = [...acts.lines.values()].flatMap((a) => (a.take ? [a.take] : []));
  // activity stock and quota first, each by one conditional update (no lock held while the order is written); the
  // transaction then writes the order and walks the participants (SKU stock, coupon, points, the hold, pickup code)
  const id = await attempt(
    { db, openid, now, takes },
    (taken) =>
      db.runTransaction(async (tx) => {
        const key = requestKey(openid, input.clientRequestId);
        const seen = (await tx.collection('order_requests').doc(key).get()).data;
        if (seen) return String(seen.orderId);
        orderId = await freeOrderNo(tx, now);
        const doc = { ...order, campaignKinds, activityIds, clientRequestId: input.clientRequestId };
        await tx.collection('orders').doc(orderId).set(doc);
        written = doc;
        await tx.collection('order_requests').doc(key).set({ orderId, openid, createdAt: t });
        await placed({ ...orderStep(tx, db, { ...doc, _id: orderId }, now), holdId: taken.holdId, ownStock });
        await reach('order:transaction');
        return orderId;
      }, 20), // many shoppers racing for one SKU conflict on it: retry more than the default 3
    // the same request won elsewhere meanwhile: this attempt's takings are not needed
    (won) => won === orderId,
  );
  await reach('order:committed');

  if ('cart' in input.source) await removeBought(db, openid, lines.map((l) => l.skuId)).catch(() => undefined);
  // the order this request wrote is answered as written (an unpaid one: no participant changed it); else read
  const mine = written as Record<string, unknown> | null;
  return id === orderId && mine && !free ? asOrder({ ...mine, _id: id }) : getOrder(db, id);
}
