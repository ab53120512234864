/**
 * Verifying a pickup code at the store. Only a clerk of the order's store may verify; the code moves
 * active → used with a conditional update inside a transaction that re-reads the order (it must still be paid),
 * and the order then completes. Every attempt is audited. A clerk's attempts pass a throttle first, counted in one
 * document per clerk inside a transaction, so a burst of parallel guesses is throttled like a sequence:
 * from the 3rd wrong code in 15 minutes each next attempt must wait 2^(n−3) s (at most 60 s); the 10th locks the
 * clerk for 30 minutes. A correct code clears the count once it is used. A lookup (`previewPickup`, before the
 * clerk confirms) passes the same throttle and counts as an attempt, but never clears the count.
 */
import { randomUUID } from 'node:crypto';
import type { Order, Page, PickupAttempt, PickupPreview, PickupVerifyResult } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { completeOrder, readOrder, TX_RETRIES } from '../orders/lifecycle';
import { getOrder } from '../orders/queries';
import { updateOrder } from '../orders/records';
import { shopperDoc } from '../members/shoppers';
import { CODES } from './pickupCodes';
import { afterCommit } from '../orders/participants';
import { pageOf } from '../paging';

const THROTTLE = 'pickup_throttle';
const AUDIT = 'pickup_audit';
export const PICKUP_WINDOW_MS = 15 * 60_000;
export const PICKUP_SLOW_AFTER = 3;
export const PICKUP_LOCK_AFTER = 10;
export const PICKUP_LOCK_MS = 30 * 60_000;

export interface ThrottleState {
  /** attempts not yet known good, in the window */
  count: number;
  windowStart: string | null;
  lastAt: string | null;
  lockedUntil: string | null;
}
const EMPTY: ThrottleState = { count: 0, windowStart: null, lastAt: null, lockedUntil: null };

/**
 * Pure: may the clerk try now? Answers the wait in seconds (0: yes) and the state after counting this attempt as
 * wrong until it proves right.
 */
export function gate(s: ThrottleState, now: Date): { waitSeconds: number; lockedUntil: string | null; next: ThrottleState } {
  const t = now.getTime();
  if (s.lockedUntil && Date.parse(s.lockedUntil) > t) return { waitSeconds: Math.ceil((Date.parse(s.lockedUntil) - t) / 1000), lockedUntil: s.lockedUntil, next: s };
  const fresh = !s.windowStart || t - Date.parse(s.windowStart) > PICKUP_WINDOW_MS || !!s.lockedUntil;
  const cur = fresh ? EMPTY : s;
  if (cur.count >= PICKUP_SLOW_AFTER && cur.lastAt) {
    const wait = Math.min(60, 2 ** (cur.count - PICKUP_SLOW_AFTER)) * 1000 - (t - Date.parse(cur.lastAt));
    if (wait > 0) return { waitSeconds: Math.ceil(wait / 1000), lockedUntil: null, next: cur };
  }
  const count = cur.count + 1;
  const at = now.toISOString();
  return {
    waitSeconds: 0,
    lockedUntil: null,
    next: {
      count,
      windowStart: cur.windowStart && !fresh ? cur.windowStart : at,
      lastAt: at,
      lockedUntil: count >= PICKUP_LOCK_AFTER ? new Date(t + PICKUP_LOCK_MS).toISOString() : null,
    },
  };
}

async function audit(db: Database, a: Omit<PickupAttempt, '_id'>) {
  await db.collection(AUDIT).doc(randomUUID()).set(a);
}

export interface Clerk {
  username: string;
  storeId: string | null;
}

/** Pure: a shopper's name as a clerk sees it: the first character, then a star per character (at most 3: 张** / A***). */
export const maskName = (name: string): string => {
  const chars = [...name.trim()];
  return chars.length <= 1 ? chars.join('') : chars[0] + '*'.repeat(Math.min(3, chars.length - 1));
};

/** The throttle, then the code: what a lookup and a verification both go through (one count per clerk). */
async function throttleAndFind(db: Database, clerk: Clerk, code: string, now: Date, base: Omit<PickupAttempt, '_id' | 'result' | 'orderId'>) {
  if (!clerk.storeId) throw new AppError('FORBIDDEN', '只有门店店员可以核销提货码');
  // this attempt counts as wrong until a code is used (a lookup alone never clears the count)
  const g = await db.runTransaction(async (tx) => {
    const doc = (await tx.collection(THROTTLE).doc(clerk.username).get()).data as (ThrottleState & { _id?: string }) | null;
    const { _id, ...state } = doc ?? { ...EMPTY };
    const r = gate({ ...EMPTY, ...state }, now);
    if (r.waitSeconds === 0) await tx.collection(THROTTLE).doc(clerk.username).set({ ...r.next });
    return r;
  }, TX_RETRIES);
  if (g.waitSeconds > 0) {
    await audit(db, { ...base, result: g.lockedUntil ? 'locked' : 'throttled', orderId: null });
    throw new AppError('PICKUP_THROTTLED', g.lockedUntil ? `错误次数过多，已锁定至 ${g.lockedUntil}` : `尝试过于频繁，请 ${g.waitSeconds} 秒后再试`, {
      retryAfterSeconds: g.waitSeconds,
      lockedUntil: g.lockedUntil,
    });
  }
  return (await db.collection(CODES).where({ code }).limit(1).get()).data[0];
}

type Outcome = { result: PickupAttempt['result']; orderId: string | null; usedAt?: string | null; usedBy?: string | null };
/** A refused attempt: audited, then answered with its reason. */
async function refuse(db: Database, base: Omit<PickupAttempt, '_id' | 'result' | 'orderId'>, outcome: Outcome): Promise<never> {
  await audit(db, { ...base, result: outcome.result, orderId: outcome.orderId });
  switch (outcome.result) {
    case 'other_store':
      throw new AppError('PICKUP_WRONG_STORE', '该提货码不属于本门店');
    case 'used':
      throw new AppError('PICKUP_CODE_USED', `提货码已于 ${outcome.usedAt} 由 ${outcome.usedBy} 核销`, { usedAt: outcome.usedAt, usedBy: outcome.usedBy });
    case 'not_ready':
      throw new AppError('INVALID_STATE', '订单当前不可提货（已关闭或退款）');
    default:
      throw new AppError('PICKUP_CODE_INVALID', '提货码不正确');
  }
}

/** Who collects: a pickup order has no address, so the shopper's WeChat nickname, masked. */
async function consigneeOf(db: Database, o: Order): Promise<string | null> {
  const name = o.delivery.address?.name ?? String((await shopperDoc(db, o.openid))?.nickname ?? '');
  return name ? maskName(name) : null;
}
const linesOf = (o: Order) => o.lines.map((l) => ({ name: l.name, specValues: l.specValues, quantity: l.quantity }));

/**
 * 查询 before 确认核销: the order behind a code, for the clerk to check against the shopper and the goods. The code
 * is not used; the lookup passes the same throttle as a verification, and a refused lookup is audited as one.
 */
export async function previewPickup(db: Database, clerk: Clerk, code: string, now: Date): Promise<PickupPreview> {
  const base = { at: now.toISOString(), clerk: clerk.username, storeId: clerk.storeId, codeTail: code.slice(-4) };
  const found = await throttleAndFind(db, clerk, code, now, base);
  const c = found && found.code === code && found.status !== 'void' ? found : null;
  if (!c) return refuse(db, base, { result: 'wrong', orderId: null });
  if (c.storeId !== clerk.storeId) return refuse(db, base, { result: 'other_store', orderId: null });
  if (c.status === 'used') return refuse(db, base, { result: 'used', orderId: c._id, usedAt: c.usedAt as string, usedBy: c.usedBy as string });
  const o = await getOrder(db, c._id);
  if (o.status !== 'paid') return refuse(db, base, { result: 'not_ready', orderId: o._id });
  return { orderId: o._id, storeId: String(c.storeId), lines: linesOf(o), consignee: await consigneeOf(db, o), paidAt: o.paidAt };
}

export async function verifyPickup(db: Database, clerk: Clerk, code: string, now: Date): Promise<PickupVerifyResult> {
  const at = now.toISOString();
  const base = { at, clerk: clerk.username, storeId: clerk.storeId, codeTail: code.slice(-4) };
  // 1. the throttle, 2. the code
  const found = await throttleAndFind(db, clerk, code, now, base);
  const outcome: Outcome = !found
    ? { result: 'wrong', orderId: null }
    : await db.runTransaction(async (tx): Promise<Outcome> => {
        const c = (await tx.collection(CODES).doc(found._id).get()).data;
        if (!c || c.code !== code || c.status === 'void') return { result: 'wrong', orderId: null };
        if (c.storeId !== clerk.storeId) return { result: 'other_store', orderId: null };
        if (c.status === 'used') return { result: 'used', orderId: found._id, usedAt: c.usedAt as string, usedBy: c.usedBy as string };
        const o = await readOrder(tx, found._id);
        if (o.status !== 'paid') return { result: 'not_ready', orderId: o._id };
        await tx.collection(CODES).doc(found._id).update({ status: 'used', usedAt: at, usedBy: clerk.username });
        await updateOrder(tx, o._id, { pickup: db.command.set({ storeId: c.storeId, status: 'used', usedAt: at, usedBy: clerk.username }) });
        return { result: 'ok', orderId: o._id };
      }, TX_RETRIES);
  if (outcome.result !== 'ok') return refuse(db, base, outcome);
  await audit(db, { ...base, result: 'ok', orderId: outcome.orderId });
  // a right code clears the clerk's count; the order completes (points, experience, gift coupons)
  await db.collection(THROTTLE).doc(clerk.username).set({ ...EMPTY });
  const o = await completeOrder(db, outcome.orderId!, 'fulfil', `clerk:${clerk.username}`, now);
  await afterCommit('afterShipped', db, o, now);
  return { orderId: o._id, storeId: clerk.storeId!, usedAt: at, usedBy: clerk.username, lines: linesOf(o), consignee: await consigneeOf(db, o) };
}

/** The shopper's own code, to show as digits and a QR code. */
export async function myPickupCode(db: Database, openid: string, orderId: string) {
  const o = await getOrder(db, orderId);
  if (o.openid !== openid) throw notFound('order');
  const c = (await db.collection(CODES).doc(orderId).get()).data[0];
  if (!c || !o.pickup) throw new AppError('INVALID_STATE', '付款后才有提货码');
  return { code: String(c.code), status: o.pickup.status, usedAt: o.pickup.usedAt, store: o.delivery.store };
}

/** The audit log: everything for owners and operators, one store's for its clerks. */
export async function pickupLog(db: Database, i: { storeId?: string; result?: PickupAttempt['result']; page: number; pageSize: number }): Promise<Page<PickupAttempt>> {
  const where: Record<string, unknown> = {};
  if (i.storeId) where.storeId = i.storeId;
  if (i.result) where.result = i.result;
  return pageOf(db.collection(AUDIT).where(where).orderBy('at', 'desc'), i, (d) => d as unknown as PickupAttempt);
}
