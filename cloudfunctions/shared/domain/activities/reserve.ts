/**
 * Taking an activity's stock and a shopper's quota for an order, without a transaction across documents and
 * without a lock held across a call: each counter moves by one conditional update (`left ≥ n`, `taken ≤ limit − n`),
 * so racing buyers can never oversell or exceed a limit.
 *
 * The intent comes first: the hold (`activity_holds`, state `held`) is written before any counter moves, and every
 * counter update also writes the hold's mark (`holds.<holdId>`) in the same single-document update. Giving a hold
 * back moves only the counters that carry its mark and removes the mark in the same update, so it is exact and may
 * run any number of times, whatever point the request died at. The order transaction marks the hold `ordered`; a hold
 * left `held` (the order was refused, or the request died) is given back by the request itself or by the timer.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from '../../db/types';
import { DbError } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { reach } from '../../runtime/probe';
import { clearSoldOut, markSoldOut } from '../../runtime/instanceCache';
import { countersMoved } from './cardFacts';

export interface Take {
  /** the product's name, for the refusal's sentence */
  label?: string;
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
interface HoldDoc {
  openid: string;
  state: 'held' | 'releasing' | 'released' | 'ordered' | 'settled';
  applied: Applied[];
  /** the counters carry this hold's mark (holds written before marks were give back unconditionally) */
  marked?: boolean;
  at: string;
  orderId: string | null;
}

export const quotaKeyOf = (activityId: string, skuId: string, openid: string) => `${activityId}:${skuId}:${openid}`;
export const HOLDS = 'activity_holds';
/** A hold still `held` this long after it was written belongs to a request that died: the timer gives it back. */
export const HOLD_STALE_MS = 2 * 60_000;

const mark = (holdId: string) => `holds.${holdId}`;

/**
 * The counters a hold moved, by its marks: `giveBack` moves each marked counter back and removes the mark in the same
 * update; without it only the mark goes (the hold's order was written and keeps the units). A legacy hold (written
 * before marks) is given back unconditionally.
 */
async function settleCounters(db: Database, id: string, h: Pick<HoldDoc, 'applied' | 'marked'>, giveBack: boolean) {
  const _ = db.command;
  const where = (key: string) => (h.marked ? { _id: key, [mark(id)]: _.exists(true) } : { _id: key });
  const unmark = h.marked ? { [mark(id)]: _.remove() } : {};
  for (const a of h.applied) {
    if (a.stockKey && a.stock) {
      const r = await db.collection('activity_stock').where(where(a.stockKey)).update({ ...(giveBack ? { left: _.inc(a.stock), sold: _.inc(-a.stock) } : {}), ...unmark });
      // stock came back: this instance sells it again at once (others once their sold-out marker expires)
      if (giveBack && r.updated) {
        clearSoldOut(db, a.stockKey);
        countersMoved(db, a.stockKey);
      }
    }
    if (a.quotaKey && a.quota) await db.collection('activity_quota').where(where(a.quotaKey)).update({ ...(giveBack ? { taken: _.inc(-a.quota) } : {}), ...unmark });
  }
}

/** Creates the shopper's counter already holding `quota` units under the hold's mark; false when it exists. */
async function addQuota(db: Database, key: string, t: Take, openid: string, holdId: string, quota: number): Promise<boolean> {
  try {
    await db.collection('activity_quota').add({ _id: key, activityId: t.activityId, skuId: t.skuId, openid, taken: quota, holds: { [holdId]: quota } });
    return true;
  } catch (e) {
    if (!(e instanceof DbError && e.code === 'DATABASE_DUPLICATE_WRITE')) throw e;
    return false;
  }
}

const applied = (t: Take): Applied => ({
  stockKey: t.stockKey && t.stock > 0 ? t.stockKey : null,
  stock: t.stockKey && t.stock > 0 ? t.stock : 0,
  quotaKey: t.quotaKey && t.quota > 0 && t.limit > 0 ? t.quotaKey : null,
  quota: t.quotaKey && t.quota > 0 && t.limit > 0 ? t.quota : 0,
});

/** Takes one line's stock, then its quota, each carrying the hold's mark; a refusal throws (the hold's undo gives back). */
async function takeOne(db: Database, openid: string, holdId: string, t: Take, i: number): Promise<void> {
  const _ = db.command;
  const a = applied(t);
  if (a.stockKey) {
    const where = t.conditional ? { _id: a.stockKey, left: _.gte(a.stock) } : { _id: a.stockKey };
    const r = await db.collection('activity_stock').where(where).update({ left: _.inc(-a.stock), sold: _.inc(a.stock), [mark(holdId)]: a.stock });
    countersMoved(db, a.stockKey);
    // the take succeeded: the item is not sold out (a probe after a marker's life found stock come back)
    if (r.updated === 1) clearSoldOut(db, a.stockKey);
    if (r.updated !== 1) {
      const message = `${t.label ? `${t.label}：` : ''}活动商品已抢光`;
      // this instance refuses the next buyers of the item without reading anything, for 2 s (refuseSoldOutFlash)
      if (a.stock === 1) markSoldOut(db, a.stockKey, message);
      const e = new AppError('OUT_OF_STOCK', message, { activityId: t.activityId, skuId: t.skuId });
      if (i === 0) refusedFirst.add(e);
      throw e;
    }
    await reach(`hold:stock:${i}`);
  }
  if (a.quotaKey) {
    // a first purchase creates the counter with the units taken (one write); otherwise the conditional update
    if (a.quota <= t.limit && (await addQuota(db, a.quotaKey, t, openid, holdId, a.quota))) {
      await reach(`hold:quota:${i}`);
      return;
    }
    const r = await db.collection('activity_quota').where({ _id: a.quotaKey, taken: _.lte(t.limit - a.quota) }).update({ taken: _.inc(a.quota), [mark(holdId)]: a.quota });
    if (r.updated !== 1) {
      const cur = (await db.collection('activity_quota').doc(a.quotaKey).get()).data[0];
      const taken = Number(cur?.taken ?? t.limit);
      throw new AppError('ACTIVITY_LIMIT_REACHED', `每人限购${t.limit}件，您已购买${taken}件`, { activityId: t.activityId, skuId: t.skuId, limit: t.limit, taken });
    }
    await reach(`hold:quota:${i}`);
  }
}

export interface Hold {
  id: string;
  applied: Applied[];
}

/**
 * Takes every line (throws on the first refusal, leaving what was taken to `releaseHold(id)`); returns the hold to
 * name in the order transaction, or null when there is nothing to take.
 */
export async function reserve(db: Database, openid: string, takes: Take[], now: Date, id: string = randomUUID()): Promise<Hold | null> {
  const real = takes.filter((t) => applied(t).stockKey || applied(t).quotaKey);
  if (!real.length) return null;
  const hold: HoldDoc = { openid, state: 'held', applied: real.map(applied), marked: true, at: now.toISOString(), orderId: null };
  await db.collection(HOLDS).doc(id).set(hold as unknown as Record<string, unknown>);
  await reach('hold:intent');
  for (const [i, t] of real.entries()) {
    try {
      await takeOne(db, openid, id, t, i);
    } catch (e) {
      // the very first counter refused: no counter carries this hold's mark, so its state alone gives it back
      if (refusedFirst.has(e as object)) {
        const r = await db.collection(HOLDS).where({ _id: id, state: 'held' }).update({ state: 'released', releasedAt: now.toISOString() });
        if (r.updated === 1) givenBack.add(e as object);
      }
      throw e;
    }
  }
  return { id, applied: hold.applied };
}

const refusedFirst = new WeakSet<object>();
const givenBack = new WeakSet<object>();
/** Whether `reserve` failed with `e` having given its hold back itself (nothing left to undo). */
export const reserveGaveBack = (e: unknown) => typeof e === 'object' && e !== null && givenBack.has(e);

/**
 * Gives a hold back unless its order was written: `held` → `releasing` decides who gives it back (the order
 * transaction cannot mark it `ordered` any more), the counters move by their marks, then `released`. A hold found
 * `releasing` (its releaser died) is finished the same way.
 */
export async function releaseHold(db: Database, id: string, now: Date): Promise<boolean> {
  const d = (await db.collection(HOLDS).doc(id).get()).data[0] as unknown as HoldDoc | undefined;
  if (!d || (d.state !== 'held' && d.state !== 'releasing')) return false;
  if (d.state === 'held') {
    const r = await db.collection(HOLDS).where({ _id: id, state: 'held' }).update({ state: 'releasing', releasedAt: now.toISOString() });
    if (r.updated !== 1) return false;
    await reach('hold:releasing');
  } else if (!d.marked) return false; // a legacy hold cannot be given back twice safely
  await settleCounters(db, id, d, true);
  await db.collection(HOLDS).doc(id).update({ state: 'released' });
  return true;
}

/** Inside the order transaction: the hold becomes the order's (refused when the timer already took it back). */
export async function claimHold(tx: Transaction, id: string, orderId: string): Promise<void> {
  const d = (await tx.collection(HOLDS).doc(id).get()).data as unknown as HoldDoc | null;
  if (!d || d.state !== 'held') throw new AppError('CONFLICT', 'the activity stock held for this order was given back, please try again');
  await tx.collection(HOLDS).doc(id).update({ state: 'ordered', orderId });
}

/**
 * The timer's job: holds of requests that died before their order was written are given back (and releases that
 * died half-way are finished); the marks of holds whose orders were written are cleared from the counters.
 */
export async function releaseStaleHolds(db: Database, now: Date): Promise<number> {
  const _ = db.command;
  const before = new Date(now.getTime() - HOLD_STALE_MS).toISOString();
  let n = 0;
  for (;;) {
    const { data } = await db.collection(HOLDS).where({ state: _.in(['held', 'releasing']), at: _.lt(before) }).orderBy('at', 'asc').limit(100).get();
    for (const d of data) if (await releaseHold(db, d._id, now)) n++;
    if (data.length < 100) break;
  }
  for (;;) {
    const { data } = await db.collection(HOLDS).where({ state: 'ordered', marked: true, at: _.lt(before) }).orderBy('at', 'asc').limit(100).get();
    for (const d of data) {
      await settleCounters(db, d._id, d as unknown as HoldDoc, false);
      await db.collection(HOLDS).doc(d._id).update({ state: 'settled' });
    }
    if (data.length < 100) return n;
  }
}
