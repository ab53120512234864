/**
 * The shopper's side: my coupons, the coupon centre (领券中心), a claim link's page and the claim itself.
 *
 * One copy per shopper per coupon (or perShopperLimit), counting every copy the shopper holds or held, however it came:
 * copies given (distribution, registration gift, gift coupons) are counted from the codes, claims by a counter
 * document `claim:<couponId>:<openid>` that is moved up by a conditional update (`count < limit − given`) before a
 * code is taken, so twenty taps at once make one claim; when no code is left the counter is moved back and the answer
 * is COUPON_SOLD_OUT. A coupon for new customers (`audience: 'new'`) is refused to a shopper who has paid an order.
 */
import type { CentreCoupon, ClaimInfo, ClaimState, MyCoupon, MyCouponsInput, Page } from '@shop/types';
import type { z } from 'zod';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { assertGivable, assignCodes } from './assign';
import { hasPaidOrder } from '../orders/queries';
import { couponsById } from './orders';
import { shopperState } from './rules';
import { asCode, asCoupon, CODES, COUPONS, endedId, isDuplicate, newId, toFace, USES, type CodeDoc, type CouponDoc, type EndedDoc } from './store';
import { pageOf } from '../paging';

const claimDocId = (couponId: string, openid: string) => `claim:${couponId}:${openid}`;

const toMine = (d: CodeDoc, c: CouponDoc, now: Date): MyCoupon => ({
  ...toFace(c),
  id: d._id,
  code: d.code,
  state: shopperState({ status: d.status as 'held' }, c, now),
  via: d.via,
  assignedAt: d.assignedAt,
  usedAt: d.usedAt,
  orderId: d.orderId,
});

/**
 * 我的优惠券: usable (held, not expired: includes not-yet-started, and codes of a voided coupon, which stay usable until
 * its validTo), used, expired (held past validTo). A deleted coupon's codes are gone from every tab.
 */
export async function myCoupons(db: Database, openid: string, input: z.output<typeof MyCouponsInput>, now: Date): Promise<Page<MyCoupon>> {
  const _ = db.command;
  const nowIso = now.toISOString();
  const coll = db.collection(CODES);
  let where: Record<string, unknown>;
  let order: [string, 'asc' | 'desc'];
  if (input.status === 'usable') {
    where = { openid, status: 'held', validTo: _.gte(nowIso) };
    order = ['validTo', 'asc'];
  } else if (input.status === 'used') {
    where = { openid, status: 'used' };
    order = ['usedAt', 'desc'];
  } else {
    where = { openid, status: 'held', validTo: _.lt(nowIso) };
    order = ['validTo', 'desc'];
  }
  const p = await pageOf(coll.where(where).orderBy(order[0], order[1]).orderBy('_id', 'asc'), input, asCode);
  const defs = await couponsById(db, p.items.map((d) => d.couponId));
  return { ...p, items: p.items.filter((d) => defs.has(d.couponId)).map((d) => toMine(d, defs.get(d.couponId)!, now)) };
}

async function claimCounts(db: Database, openid: string | null, couponIds: string[]): Promise<Map<string, number>> {
  if (!openid || !couponIds.length) return new Map();
  const _ = db.command;
  const { data } = await db.collection(USES).where({ _id: _.in(couponIds.map((id) => claimDocId(id, openid))) }).limit(1000).get();
  return new Map(data.map((d) => [String((d as { couponId?: unknown }).couponId), Number((d as { count?: unknown }).count ?? 0)]));
}

/** Copies the shopper was given (not claimed), per coupon, in any state: they count against perShopperLimit. */
async function givenCounts(db: Database, openid: string | null, couponIds: string[]): Promise<Map<string, number>> {
  if (!openid || !couponIds.length) return new Map();
  const _ = db.command;
  const { data } = await db
    .collection(CODES)
    .where({ openid, couponId: _.in(couponIds), via: _.in(['distribute', 'registration', 'gift']) })
    .field({ couponId: true })
    .limit(1000)
    .get();
  const out = new Map<string, number>();
  for (const d of data) {
    const id = String((d as { couponId?: unknown }).couponId);
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

/** every copy the shopper holds or held: claimed plus given */
async function heldCounts(db: Database, openid: string | null, couponIds: string[]): Promise<Map<string, number>> {
  const [claimed, given] = await Promise.all([claimCounts(db, openid, couponIds), givenCounts(db, openid, couponIds)]);
  return new Map(couponIds.map((id) => [id, (claimed.get(id) ?? 0) + (given.get(id) ?? 0)]));
}

const newCustomersOnly = (couponId: string) =>
  new AppError('COUPON_NEW_CUSTOMERS_ONLY', '该券为新人专享，仅限还没有付款订单的新顾客领取和使用', { couponId });

const available = (db: Database, couponId: string) =>
  db.collection(CODES).where({ couponId, status: 'available' }).count().then((r) => r.total);

/**
 * 领券中心: published normal coupons listed in the centre and valid now, with whether I can still claim (anyone may
 * look: `openid` null counts nothing claimed). With `productId`: only the coupons that apply to that product (the
 * product page's coupon row).
 */
export async function couponCentre(db: Database, openid: string | null, now: Date, productId?: string): Promise<CentreCoupon[]> {
  const _ = db.command;
  const nowIso = now.toISOString();
  const { data } = await db
    .collection(COUPONS)
    .where({ kind: 'normal', status: 'published', inCentre: true, validFrom: _.lte(nowIso), validTo: _.gte(nowIso) })
    .orderBy('validTo', 'asc')
    .limit(50)
    .get();
  const coupons = data.map(asCoupon).filter((c) => !productId || c.productIds === null || c.productIds.includes(productId));
  const [claimed, left, paid] = await Promise.all([
    heldCounts(db, openid, coupons.map((c) => c._id)),
    Promise.all(coupons.map((c) => available(db, c._id))),
    openid && coupons.some((c) => c.audience === 'new') ? hasPaidOrder(db, openid) : false,
  ]);
  return coupons.map((c, i) => {
    const mine = claimed.get(c._id) ?? 0;
    const limit = c.perShopperLimit ?? 1;
    const soldOut = left[i] === 0;
    const admitted = c.audience !== 'new' || !paid;
    return { ...toFace(c), claimToken: c.claimToken ?? '', claimed: mine, limit, soldOut, canClaim: !soldOut && mine < limit && admitted };
  });
}

/** The coupon a claim token names, or what its deletion left behind (EndedDoc); NOT_FOUND for a token never issued. */
async function byToken(db: Database, token: string): Promise<CouponDoc | EndedDoc> {
  const { data } = await db.collection(COUPONS).where({ claimToken: token }).limit(1).get();
  const c = data.map(asCoupon)[0];
  if (c && c.kind === 'normal') return c;
  const ended = (await db.collection(USES).doc(endedId(token)).get()).data[0] as unknown as EndedDoc | undefined;
  if (!c && ended?.kind === 'ended') return ended;
  throw notFound('coupon');
}
const isEnded = (x: CouponDoc | EndedDoc): x is EndedDoc => (x as EndedDoc).kind === 'ended';

/** "this coupon event has ended": voided or deleted (seed 3.5 / 3.6: 将显示该优惠券活动已过期) */
const eventEnded = () => new AppError('COUPON_UNAVAILABLE', 'this coupon event has ended');

/**
 * What a claim link's page shows (anyone may look; a shopper also sees how many they claimed). A voided or deleted
 * coupon answers `ended`.
 */
export async function claimInfo(db: Database, openid: string | null, token: string, now: Date): Promise<ClaimInfo> {
  const found = await byToken(db, token);
  if (isEnded(found)) return { coupon: found.face, state: 'ended', claimed: openid ? 0 : null, limit: found.limit };
  const c = found;
  const limit = c.perShopperLimit ?? 1;
  const claimed = openid ? ((await heldCounts(db, openid, [c._id])).get(c._id) ?? 0) : null;
  let state: ClaimState;
  if (c.status !== 'published') state = 'ended';
  else if (Date.parse(c.validTo) < now.getTime()) state = 'expired';
  else if (claimed !== null && claimed >= limit) state = 'claimed';
  else if ((await available(db, c._id)) === 0) state = 'sold_out';
  else state = 'open';
  return { coupon: toFace(c), state, claimed, limit };
}

/**
 * 领取 by link / QR / coupon centre: one code, at most perShopperLimit per shopper. A voided or deleted coupon:
 * COUPON_UNAVAILABLE (the event has ended); an expired one: INVALID_STATE.
 */
export async function claimCoupon(db: Database, openid: string, token: string, now: Date): Promise<MyCoupon> {
  const found = await byToken(db, token);
  if (isEnded(found) || found.status !== 'published') throw eventEnded();
  const c = found;
  assertGivable(c, now, 'claimed');
  if (c.audience === 'new' && (await hasPaidOrder(db, openid))) throw newCustomersOnly(c._id);
  // copies given to the shopper (registration gift, distribution, gifts) leave fewer to claim
  const limit = (c.perShopperLimit ?? 1) - ((await givenCounts(db, openid, [c._id])).get(c._id) ?? 0);
  const uses = db.collection(USES);
  const id = claimDocId(c._id, openid);
  try {
    await uses.add({ _id: id, kind: 'claim', couponId: c._id, openid, count: 0, at: now.toISOString() });
  } catch (e) {
    if (!isDuplicate(e)) throw e;
  }
  const _ = db.command;
  const { updated } = await uses.where({ _id: id, count: _.lt(limit) }).update({ count: _.inc(1), at: now.toISOString() });
  if (!updated) {
    const max = c.perShopperLimit ?? 1;
    throw new AppError('COUPON_ALREADY_CLAIMED', max > 1 ? `you already hold or held this coupon ${max} times` : 'you already hold or held this coupon');
  }
  const assignId = newId();
  const got = await assignCodes(db, c, openid, 1, { via: 'claim', assignId }, now);
  if (!got) {
    await uses.where({ _id: id, count: _.gt(0) }).update({ count: _.inc(-1) });
    throw new AppError('COUPON_SOLD_OUT', 'all codes of this coupon have been claimed');
  }
  const d = (await db.collection(CODES).where({ assignId }).limit(1).get()).data.map(asCode)[0];
  return toMine(d, c, now);
}
