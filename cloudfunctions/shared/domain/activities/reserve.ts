/**
 * Taking an activity's stock and a shopper's quota for an order, without a transaction across documents and
 * without a lock held across a call: each counter moves by one conditional update (`left ≥ n`, `taken ≤ limit − n`),
 * so racing buyers can never oversell or exceed a limit. What one order took is written to `activity_holds`
 * before its order transaction; the transaction marks the hold `ordered`. A hold left `held` (the order was
 * refused, or the function died in between) is given back exactly once: by the request itself, or by the timer.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/types';
import { DbError } from '../../db/types';
import { AppError } from '../../runtime/errors';

export interface Take {
  activityId: string;
  skuId: string;
  /** activity_stock id, and units to take from it (conditional: never below zero) */
  stockKey: string | null;
  stock: number;
  conditional: boolean;
  /** activity_quota id, units to take, and the limit (0 = none) */
  quotaKey: string | null;
  quota: number;
  limit: number;
}
interface Applied {
  stockKey: string | null;
  stock: number;
  quotaKey: string | null;
  quota: number;
}

export const quotaKeyOf = (activityId: string, skuId: string, openid: string) => `${activityId}:${skuId}:${openid}`;
export const HOLDS = 'activity_holds';
/** A hold still `held` this long after it was written belongs to a request that died: the timer gives it back. */
export const HOLD_STALE_MS = 2 * 60_000;

async function giveBack(db: Database, applied: Applied[]) {
  const _ = db.command;
  for (const a of applied) {
    if (a.stockKey && a.stock) await db.collection('activity_stock').doc(a.stockKey).update({ left: _.inc(a.stock), sold: _.inc(-a.stock) });
    if (a.quotaKey && a.quota) await db.collection('activity_quota').doc(a.quotaKey).update({ taken: _.inc(-a.quota) });
  }
}

async function ensureQuota(db: Database, key: string, t: Take, openid: string) {
  try {
    await db.collection('activity_quota').add({ _id: key, activityId: t.activityId, skuId: t.skuId, openid, taken: 0 });
  } catch (e) {
    if (!(e instanceof DbError && e.code === 'DATABASE_DUPLICATE_WRITE')) throw e;
  }
}

/** Takes one line's stock, then its quota; on a refusal gives back what this line took and throws. */
async function takeOne(db: Database, openid: string, t: Take): Promise<Applied> {
  const _ = db.command;
  if (t.stockKey && t.stock > 0) {
    const where = t.conditional ? { _id: t.stockKey, left: _.gte(t.stock) } : { _id: t.stockKey };
    const r = await db.collection('activity_stock').where(where).update({ left: _.inc(-t.stock), sold: _.inc(t.stock) });
    if (r.updated !== 1) throw new AppError('OUT_OF_STOCK', '活动商品已抢光', { activityId: t.activityId, skuId: t.skuId });
  }
  if (t.quotaKey && t.quota > 0 && t.limit > 0) {
    await ensureQuota(db, t.quotaKey, t, openid);
    const r = await db.collection('activity_quota').where({ _id: t.quotaKey, taken: _.lte(t.limit - t.quota) }).update({ taken: _.inc(t.quota) });
    if (r.updated !== 1) {
      await giveBack(db, [{ stockKey: t.stockKey, stock: t.stock, quotaKey: null, quota: 0 }]);
      const cur = (await db.collection('activity_quota').doc(t.quotaKey).get()).data[0];
      const taken = Number(cur?.taken ?? t.limit);
      throw new AppError('ACTIVITY_LIMIT_REACHED', `每人限购${t.limit}件，您已购买${taken}件`, { activityId: t.activityId, skuId: t.skuId, limit: t.limit, taken });
    }
  }
  return { stockKey: t.stockKey, stock: t.stock, quotaKey: t.quota > 0 && t.limit > 0 ? t.quotaKey : null, quota: t.limit > 0 ? t.quota : 0 };
}

export interface Hold {
  id: string;
  applied: Applied[];
}

/** Takes every line or none; returns the hold to name in the order transaction (null when nothing was taken). */
export async function reserve(db: Database, openid: string, takes: Take[], now: Date): Promise<Hold | null> {
  const real = takes.filter((t) => (t.stockKey && t.stock > 0) || (t.quotaKey && t.quota > 0 && t.limit > 0));
  if (!real.length) return null;
  const applied: Applied[] = [];
  try {
    for (const t of real) applied.push(await takeOne(db, openid, t));
  } catch (e) {
    await giveBack(db, applied);
    throw e;
  }
  const id = randomUUID();
  try {
    await db.collection(HOLDS).doc(id).set({ openid, state: 'held', applied, at: now.toISOString(), orderId: null });
  } catch (e) {
    await giveBack(db, applied);
    throw e;
  }
  return { id, applied };
}

/** Gives a hold back if it is still `held` (exactly once: the state change decides who gives it back). */
export async function releaseHold(db: Database, id: string, now: Date): Promise<boolean> {
  const d = (await db.collection(HOLDS).doc(id).get()).data[0];
  if (!d || d.state !== 'held') return false;
  const r = await db.collection(HOLDS).where({ _id: id, state: 'held' }).update({ state: 'released', releasedAt: now.toISOString() });
  if (r.updated !== 1) return false;
  await giveBack(db, d.applied as Applied[]);
  return true;
}

/** The timer's job: holds of requests that died before their order was written. */
export async function releaseStaleHolds(db: Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - HOLD_STALE_MS).toISOString();
  let n = 0;
  for (;;) {
    const { data } = await db.collection(HOLDS).where({ state: 'held', at: db.command.lt(before) }).orderBy('at', 'asc').limit(100).get();
    if (!data.length) return n;
    for (const d of data) if (await releaseHold(db, d._id, now)) n++;
    if (data.length < 100) return n;
  }
}
