/**
 * What the order code needs from coupons: the shopper's coupons for a quote, a reusable code for a quote, and inside
 * the order transaction: consume (held → used, or one more use of a reusable coupon) and release (exactly once).
 * Also the idempotent grant of gift coupons (满赠券) after an order completes.
 *
 * Inside a transaction only doc(id) reads and writes work, so consume and release go by document id:
 * a normal code by its document id, a reusable coupon by `reusable:<couponId>` plus a use record
 * `use:<couponId>:<orderId>` (coupon_uses). Snapshot isolation turns two concurrent consumes of one code, or one use
 * too many of a reusable coupon, into a write conflict: the loser re-runs, sees the new state, and fails.
 */
import type { CodeVia, QuoteCoupon } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { clearAttempts, takeAttempt } from '../auth/attempts';
import { assignCodes } from './assign';
import { normaliseCode, withinValidity } from './rules';
import { asCode, asCoupon, CODES, COUPONS, isDuplicate, toQuoteCoupon, USES, type CodeDoc, type CouponDoc } from './store';

const DAY = 24 * 3600e3;
/** used / void / expired coupons stay visible at checkout this long, so the page can explain them */
const RECENT_DAYS = 30;
const REUSABLE = 'reusable:';

const unavailable = (why: string) => new AppError('COUPON_UNAVAILABLE', why);

/**
 * every normal code the shopper holds, as QuoteCoupon: held ones (`available`; also those of a voided coupon, usable until
 * its validTo), plus used ones of the last 30 days so checkout can explain them. A deleted coupon's codes are gone.
 */
export async function heldCouponsForQuote(db: Database, openid: string, now: Date): Promise<QuoteCoupon[]> {
  const _ = db.command;
  const cutoff = new Date(now.getTime() - RECENT_DAYS * DAY).toISOString();
  const codes = db.collection(CODES);
  const [held, used] = await Promise.all([
    codes.where({ openid, status: 'held', validTo: _.gte(cutoff) }).orderBy('validTo', 'asc').limit(400).get(),
    codes.where({ openid, status: 'used', usedAt: _.gte(cutoff) }).orderBy('usedAt', 'desc').limit(50).get(),
  ]);
  const docs = [...held.data, ...used.data].map(asCode);
  const defs = await couponsById(db, docs.map((d) => d.couponId));
  const out: QuoteCoupon[] = [];
  for (const d of docs) {
    const c = defs.get(d.couponId);
    if (!c) continue;
    out.push(toQuoteCoupon(d._id, c, d.status === 'held' ? 'available' : 'used'));
  }
  return out;
}

export async function couponsById(db: Database, ids: string[]): Promise<Map<string, CouponDoc>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const _ = db.command;
  const out = new Map<string, CouponDoc>();
  for (let i = 0; i < unique.length; i += 500) {
    const { data } = await db.collection(COUPONS).where({ _id: _.in(unique.slice(i, i + 500)) }).limit(1000).get();
    for (const d of data) out.set(d._id, asCoupon(d));
  }
  return out;
}

/** a reusable coupon by its code (published, not void), as QuoteCoupon with id `reusable:<couponId>`, or null */
export async function reusableForQuote(db: Database, code: string): Promise<QuoteCoupon | null> {
  const normal = normaliseCode(code);
  if (!normal) return null;
  const { data } = await db.collection(CODES).where({ code: normal }).limit(1).get();
  const r = data.map(asCode)[0];
  if (!r || r.kind !== 'reusable') return null;
  const c = (await db.collection(COUPONS).doc(r.couponId).get()).data.map(asCoupon)[0];
  if (!c || c.kind !== 'reusable' || c.status !== 'published') return null;
  // used up: shown, but not applicable
  return toQuoteCoupon(`${REUSABLE}${c._id}`, c, (c.usedCount ?? 0) >= c.quantity ? 'used' : 'available');
}

const CODE_ATTEMPTS = 'coupon_code_attempts';

/**
 * A code a shopper typed at checkout: like reusableForQuote, but wrong codes are throttled per shopper as wrong
 * passwords are (auth/throttle.ts: five free, then a doubling wait), so reusable codes cannot be guessed by
 * previewing. COUPON_CODE_THROTTLED (nothing looked up) while the shopper has to wait.
 */
export async function reusableForShopper(db: Database, openid: string, code: string, now: Date): Promise<QuoteCoupon | null> {
  const wait = await takeAttempt(db, CODE_ATTEMPTS, openid, now);
  if (wait > 0) throw new AppError('COUPON_CODE_THROTTLED', `优惠码错误次数过多，请 ${wait} 秒后再试`, { retryAfterSeconds: wait });
  const found = await reusableForQuote(db, code);
  if (found) await clearAttempts(db, CODE_ATTEMPTS, openid);
  return found;
}

const useId = (couponId: string, orderId: string) => `use:${couponId}:${orderId}`;

/**
 * inside the order transaction: held → used by this order (or one more use of a reusable coupon); COUPON_UNAVAILABLE
 * otherwise: not the shopper's, outside the validity, a reusable coupon voided, used up or deleted, a normal code deleted.
 */
export async function consumeCoupon(tx: Transaction, heldId: string, openid: string, orderId: string, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  if (heldId.startsWith(REUSABLE)) {
    const couponId = heldId.slice(REUSABLE.length);
    const c = asNullableCoupon((await tx.collection(COUPONS).doc(couponId).get()).data);
    if (!c || c.kind !== 'reusable') throw unavailable('the coupon does not exist');
    if (c.status !== 'published') throw unavailable('the coupon is no longer valid');
    if (!withinValidity(c, now)) throw unavailable('the coupon is outside its validity period');
    const ref = tx.collection(USES).doc(useId(couponId, orderId));
    const use = (await ref.get()).data as { status?: string } | null;
    if (use?.status === 'used') return; // this order already took it
    const used = c.usedCount ?? 0;
    if (used >= c.quantity) throw unavailable('the coupon has been used up');
    await tx.collection(COUPONS).doc(couponId).update({ usedCount: used + 1 });
    await ref.set({ kind: 'use', couponId, openid, orderId, code: c.code ?? '', status: 'used', at: nowIso, releasedAt: null });
    return;
  }
  const ref = tx.collection(CODES).doc(heldId);
  const d = (await ref.get()).data as CodeDoc | null;
  if (!d) throw unavailable('the coupon no longer exists'); // its coupon was deleted
  if (d.kind !== 'normal' || d.openid !== openid) throw unavailable('the coupon is not yours');
  if (d.status === 'used' && d.orderId === orderId) return; // this order already took it
  if (d.status !== 'held') throw unavailable(d.status === 'used' ? 'the coupon has been used' : 'the coupon is no longer valid');
  const c = asNullableCoupon((await tx.collection(COUPONS).doc(d.couponId).get()).data);
  // a held code of a voided coupon stays usable until the coupon's validTo (seed 3.5); a deleted coupon's code is gone
  if (!c || (c.status !== 'published' && c.status !== 'void')) throw unavailable('the coupon no longer exists');
  if (!withinValidity(c, now)) throw unavailable('the coupon is outside its validity period');
  await ref.update({ status: 'used', orderId, usedAt: nowIso, everUsed: true });
}

const asNullableCoupon = (d: unknown): CouponDoc | null => (d ? (d as CouponDoc) : null);

/**
 * inside a transaction: gives back what consumeCoupon(orderId) took, exactly once; answers whether it did. A code (or a
 * reusable coupon's use) that no longer exists because the coupon was deleted answers false: nothing to give back.
 */
export async function releaseCoupon(tx: Transaction, heldId: string, openid: string, orderId: string, now: Date): Promise<boolean> {
  const nowIso = now.toISOString();
  if (heldId.startsWith(REUSABLE)) {
    const couponId = heldId.slice(REUSABLE.length);
    const ref = tx.collection(USES).doc(useId(couponId, orderId));
    const use = (await ref.get()).data as { status?: string; openid?: string } | null;
    if (!use || use.status !== 'used' || use.openid !== openid) return false;
    await ref.update({ status: 'released', releasedAt: nowIso });
    const c = asNullableCoupon((await tx.collection(COUPONS).doc(couponId).get()).data);
    if (c) await tx.collection(COUPONS).doc(couponId).update({ usedCount: Math.max(0, (c.usedCount ?? 0) - 1) });
    return true;
  }
  const ref = tx.collection(CODES).doc(heldId);
  const d = (await ref.get()).data as CodeDoc | null;
  if (!d || d.status !== 'used' || d.orderId !== orderId || d.openid !== openid) return false;
  const c = asNullableCoupon((await tx.collection(COUPONS).doc(d.couponId).get()).data);
  // back to the shopper, also when the coupon was voided meanwhile: a held code stays usable until validTo
  const back = c ? { status: 'held', voidedAt: null } : { status: 'void', voidedAt: nowIso };
  await ref.update({ ...back, orderId: null, usedAt: null, releasedAt: nowIso });
  return true;
}

const LEASE_MS = 60_000;

/** how a grant's codes are shown: the registration gift, a 发券宝 send (a distribution: `send:<sendId>:<openid>`), a gift */
const viaOfGrant = (grantKey: string): CodeVia => (grantKey.startsWith('registration:') ? 'registration' : grantKey.startsWith('send:') ? 'distribute' : 'gift');

/**
 * gift coupons (满赠券) after an order completes: assigns `quantity` unassigned codes of a published normal coupon to
 * the shopper, idempotent per `grantKey`; answers how many were granted (fewer when codes run out; 0 when the coupon
 * is not a published normal coupon or has expired).
 *
 * A grant record `grant:<grantKey>` (coupon_uses) is created first: a second call with the same key answers the
 * first call's result. A call that died half-way leaves the record pending; after a minute's lease another call with
 * the same key completes it (the codes given carry the grantKey, so nothing is given twice).
 */
export async function grantCoupons(db: Database, openid: string, couponId: string, quantity: number, grantKey: string, now: Date): Promise<number> {
  const uses = db.collection(USES);
  const id = `grant:${grantKey}`;
  const nowIso = now.toISOString();
  const lease = new Date(now.getTime() + LEASE_MS).toISOString();
  try {
    await uses.add({ _id: id, kind: 'grant', couponId, openid, quantity, granted: 0, status: 'pending', leaseUntil: lease, at: nowIso });
  } catch (e) {
    if (!isDuplicate(e)) throw e;
    const existing = (await uses.doc(id).get()).data[0] as { status?: string; granted?: number } | undefined;
    if (existing?.status === 'done') return existing.granted ?? 0;
    const _ = db.command;
    const { updated } = await uses.where({ _id: id, status: 'pending', leaseUntil: _.lt(nowIso) }).update({ leaseUntil: lease });
    if (!updated) return (await db.collection(CODES).where({ grantKey }).count()).total; // another call is on it
  }
  const c = (await db.collection(COUPONS).doc(couponId).get()).data.map(asCoupon)[0];
  let granted = (await db.collection(CODES).where({ grantKey }).count()).total;
  if (c && c.kind === 'normal' && c.status === 'published' && Date.parse(c.validTo) >= now.getTime() && granted < quantity) {
    granted += await assignCodes(db, c, openid, quantity - granted, { via: viaOfGrant(grantKey), assignId: id, grantKey }, now);
  }
  await uses.doc(id).update({ status: 'done', granted, doneAt: nowIso });
  return granted;
}
