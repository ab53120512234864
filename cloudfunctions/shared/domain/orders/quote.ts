/**
 * Quoting: a shopper's goods priced by the engine, with everything that prices them besides the goods (level and
 * points, coupons held, campaigns in force, 首单). The cart's estimate and the checkout both quote through here,
 * so their numbers agree; this module reads neither the cart nor the checkout.
 */
import type { ItemActivity, Quote } from '@shop/types';
import type { Database } from '../../db/types';
import { campaignsInForce } from '../campaigns/campaigns';
import { heldCouponsForQuote } from '../coupons';
import { memberSnapshot } from '../members';
import { quoteTrusted } from '../pricing/engine';
import { planCheckout } from '../activities/shopping';
import { lineName, type Goods } from './goods';
import { hasPaidOrder } from './queries';


/** One engine line from a SKU as the database has it now, with the item activity's price when it has one. */
export const quoteLine = (g: Goods, quantity: number, activity: ItemActivity | null = null) => ({
  skuId: g.sku._id,
  productId: g.product._id,
  categoryIds: g.product.categoryIds,
  name: lineName(g),
  quantity,
  price: g.sku.price,
  originalPrice: g.sku.originalPrice,
  pointsCoefficient: g.product.pointsCoefficient,
  activity,
});

/**
 * What prices a shopper's goods besides the goods: their level and points, coupons held, campaigns, 首单.
 * `need.coupons` false: the held coupons are not read (an order that asks for no coupon). 首单 (a count of paid orders)
 * is read only when something depends on it: a first-order campaign in force, a new-customer coupon held, or
 * `need.first` (a coupon code still to be added).
 */
export async function promotionsFor(db: Database, openid: string, now: Date, need: { coupons?: boolean; first?: boolean } = {}) {
  const [member, held, campaigns] = await Promise.all([
    memberSnapshot(db, openid, now),
    need.coupons === false ? Promise.resolve([]) : heldCouponsForQuote(db, openid, now),
    campaignsInForce(db, now),
  ]);
  const asked = need.first || campaigns.some((c) => c.audience?.kind === 'firstOrder') || held.some((c) => c.audience === 'new');
  // 首单: the shopper has never paid an order
  const first = asked ? !(await hasPaidOrder(db, openid)) : false;
  return { member, held, campaigns, first };
}

/**
 * The cart's estimate: campaigns, the best coupon and the member discount on the selected lines, without freight
 * or points (the checkout decides those). The same engine as the checkout, so the numbers agree.
 */
export async function estimateFor(db: Database, openid: string, lines: { goods: Goods; quantity: number }[], now: Date): Promise<Quote | null> {
  if (!lines.length) return null;
  const [{ member, held, campaigns, first }, acts] = await Promise.all([
    promotionsFor(db, openid, now),
    // the cart shows activity prices too; a line the activity refuses (limit, sold out) is priced plainly here and
    // explained at checkout
    planCheckout(db, openid, lines.map((l) => ({ skuId: l.goods.sku._id, quantity: l.quantity, goods: l.goods })), now).catch(() => null),
  ]);
  return quoteTrusted({
    now: now.toISOString(),
    lines: lines.map((l) => quoteLine(l.goods, l.quantity, acts?.lines.get(l.goods.sku._id)?.activity ?? null)),
    campaigns,
    coupons: held,
    couponId: 'best',
    customer: { ...member.customer, isFirstOrder: first },
    delivery: { method: 'express', region: '', freight: 0 },
  });
}
