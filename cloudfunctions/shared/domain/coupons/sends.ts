/**
 * 发券宝 (issue 17): one coupon sent to a segment of customers (members/segments.ts), and how many used it.
 *
 * A send is a document `coupon_sends/<key>`, the key chosen by the caller, so posting the same send twice is one send.
 * Its customers are handled in steps of SEGMENT_SEND_STEP, in openid order after a cursor: the request that starts the
 * send does the first steps, then each poll of its detail and each jobs timer run does the next one, under a lease, so
 * the work per request stays bounded and any instance can carry on after a crash.
 *
 * Each customer gets at most one code per send, through the coupon's own grant path (grantCoupons, key
 * `send:<sendId>:<openid>`: idempotent, counted against the per-customer limit as a distribution). A step's counters
 * and cursor move in one conditional update (`steps` = the step it did), so a step re-run after a crash finds its
 * grants done and counts each customer once. A customer is skipped with a reason, never an error: the limit reached,
 * no code left, or a new-customers coupon and the customer has paid.
 *
 * Use: the paying transaction of an order whose code came from a send moves `used` and `usedPaid` on the send
 * (countSendUse, from the coupon order participant).
 */
import { SEGMENT_SEND_STEP, type Page, type Segment, type SegmentPreview, type SegmentSend, type SegmentSendInput, type SegmentSkips } from '@shop/types';
import type { z } from 'zod';
import type { Database, Doc, Transaction } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { countSegment, segmentPage, segmentQuery, type SegmentShopper } from '../members/segments';
import { shoppersWithPaidOrders } from '../orders/records';
import { assertGivable } from './assign';
import { grantCoupons } from './orders';
import { CODES, findCoupon, loadCoupon, USES, type CouponDoc } from './store';
import { pageOf } from '../paging';

export const SENDS = 'coupon_sends';
const LEASE_MS = 60_000;
/** steps the starting request does before it answers (a small segment is done at once) */
const FIRST_STEPS = 2;
/** customers granted at once within a step */
const PARALLEL = 5;

const GRANT_PREFIX = 'send:';
const grantKey = (sendId: string, openid: string) => `${GRANT_PREFIX}${sendId}:${openid}`;
/** the send a grant key names, or null */
export const sendOfGrant = (key: string | null | undefined): string | null => (key?.startsWith(GRANT_PREFIX) ? key.slice(GRANT_PREFIX.length).split(':')[0] || null : null);

interface SendDoc extends Omit<SegmentSend, '_id'> {
  _id: string;
  cursor: string | null;
  steps: number;
  leaseUntil: string;
}

const asSend = (d: Doc) => d as unknown as SendDoc;
const toSend = (d: SendDoc): SegmentSend => ({
  _id: d._id,
  name: d.name,
  couponId: d.couponId,
  couponName: d.couponName,
  segment: d.segment,
  state: d.state,
  matched: d.matched,
  processed: d.processed,
  sent: d.sent,
  skipped: { limit: d.skipped?.limit ?? 0, soldOut: d.skipped?.soldOut ?? 0, newOnly: d.skipped?.newOnly ?? 0 },
  used: d.used ?? 0,
  usedPaid: d.usedPaid ?? 0,
  by: d.by,
  createdAt: d.createdAt,
  doneAt: d.doneAt ?? null,
});

const available = (db: Database, couponId: string) => db.collection(CODES).where({ couponId, status: 'available' }).count().then((r) => r.total);

export async function previewSegment(db: Database, segment: Segment, couponId: string | undefined, now: Date): Promise<SegmentPreview> {
  const q = await segmentQuery(db, segment, now);
  const [matched, first, coupon] = await Promise.all([countSegment(db, q), segmentPage(db, q, null, 10, now), couponId ? loadCoupon(db, couponId) : null]);
  return {
    matched,
    sample: first.shoppers.map((s) => ({ openid: s.openid, nickname: s.nickname })),
    coupon: coupon ? { available: coupon.kind === 'normal' ? await available(db, coupon._id) : 0, perShopperLimit: coupon.perShopperLimit ?? 1 } : null,
  };
}

/** Starts a send (or answers the one with this key) and does its first steps. */
export async function startSend(db: Database, input: z.output<typeof SegmentSendInput>, by: string, now: Date): Promise<SegmentSend> {
  const existing = (await db.collection(SENDS).doc(input.key).get()).data.map(asSend)[0];
  if (existing) return sameSend(existing, input) ? continueSend(db, existing._id, now, FIRST_STEPS) : Promise.reject(keyTaken());
  const c = await loadCoupon(db, input.couponId);
  assertGivable(c, now, 'sent');
  const q = await segmentQuery(db, input.segment, now); // VALIDATION_FAILED for an unknown level before anything is written
  const doc: Omit<SendDoc, '_id'> = {
    name: input.name || c.name,
    couponId: c._id,
    couponName: c.name,
    segment: input.segment,
    state: 'running',
    matched: await countSegment(db, q),
    processed: 0,
    sent: 0,
    skipped: { limit: 0, soldOut: 0, newOnly: 0 },
    used: 0,
    usedPaid: 0,
    by,
    createdAt: now.toISOString(),
    doneAt: null,
    cursor: null,
    steps: 0,
    leaseUntil: new Date(0).toISOString(),
  };
  try {
    await db.collection(SENDS).add({ _id: input.key, ...doc });
  } catch (e) {
    // the same key posted twice at once: one of them made it
    const again = (await db.collection(SENDS).doc(input.key).get()).data.map(asSend)[0];
    if (!again) throw e;
    if (!sameSend(again, input)) throw keyTaken();
  }
  return continueSend(db, input.key, now, FIRST_STEPS);
}

const keyTaken = () => new AppError('CONFLICT', 'this key belongs to another send', [{ path: 'key', message: 'used by another send' }]);
/** a segment's conditions in one order (the stored document's keys may come back in another) */
const canon = (s: Segment) => JSON.stringify(s, Object.keys(s).sort());
const sameSend = (d: SendDoc, input: z.output<typeof SegmentSendInput>) => d.couponId === input.couponId && canon(d.segment) === canon(input.segment);

/** The send after up to `steps` more steps (none while another caller holds its lease). NOT_FOUND for an unknown id. */
export async function continueSend(db: Database, id: string, now: Date, steps = 1): Promise<SegmentSend> {
  for (let i = 0; i < steps; i++) {
    const d = await loadSend(db, id);
    if (d.state !== 'running' || !(await sendStep(db, d, now))) break;
  }
  return toSend(await loadSend(db, id));
}

async function loadSend(db: Database, id: string): Promise<SendDoc> {
  const d = (await db.collection(SENDS).doc(id).get()).data.map(asSend)[0];
  if (!d) throw notFound('send');
  return d;
}

type Outcome = 'sent' | keyof SegmentSkips;

/**
 * One step of a running send: takes the lease, handles the next customers, then moves the counters and the cursor
 * and gives the lease back in one update guarded by the step number. Answers whether it did a step.
 */
async function sendStep(db: Database, d: SendDoc, now: Date): Promise<boolean> {
  const _ = db.command;
  const nowIso = now.toISOString();
  const sends = db.collection(SENDS);
  const { updated } = await sends.where({ _id: d._id, state: 'running', steps: d.steps, leaseUntil: _.lt(nowIso) }).update({ leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() });
  if (!updated) return false;
  const q = await segmentQuery(db, d.segment, new Date(d.createdAt));
  const page = await segmentPage(db, q, d.cursor, SEGMENT_SEND_STEP, new Date(d.createdAt));
  const coupon = await findCoupon(db, d.couponId);
  const outcomes = await handle(db, d._id, coupon, page.shoppers, now);
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  const done = !page.more;
  await sends.where({ _id: d._id, steps: d.steps }).update({
    steps: d.steps + 1,
    cursor: page.last ?? d.cursor,
    processed: _.inc(outcomes.length),
    sent: _.inc(count('sent')),
    'skipped.limit': _.inc(count('limit')),
    'skipped.soldOut': _.inc(count('soldOut')),
    'skipped.newOnly': _.inc(count('newOnly')),
    leaseUntil: new Date(0).toISOString(),
    ...(done ? { state: 'done', doneAt: nowIso } : {}),
  });
  return true;
}

/** What happens to each customer of a step (grants are idempotent per send and customer). */
async function handle(db: Database, sendId: string, c: CouponDoc | undefined, shoppers: SegmentShopper[], now: Date): Promise<Outcome[]> {
  if (!shoppers.length) return [];
  const openids = shoppers.map((s) => s.openid);
  const _ = db.command;
  // customers this send already granted (a step re-run after a crash): the grant records say what they got
  const { data: grants } = await db
    .collection(USES)
    .where({ _id: _.in(openids.map((o) => `grant:${grantKey(sendId, o)}`)), status: 'done' })
    .limit(1000)
    .get();
  const before = new Map(grants.map((g) => [String(g.openid), Number(g.granted ?? 0)]));
  const givable = !!c && c.kind === 'normal' && c.status === 'published' && Date.parse(c.validTo) >= now.getTime();
  // a new-customers coupon: the trade says who paid; the orders are asked about the rest (trade predates the backfill)
  const paid = new Set<string>();
  if (givable && c.audience === 'new') {
    for (const s of shoppers) if (s.hasOrdered) paid.add(s.openid);
    const ask = shoppers.filter((s) => !s.hasOrdered && !before.has(s.openid)).map((s) => s.openid);
    if (ask.length) for (const o of await shoppersWithPaidOrders(db, ask)) paid.add(o);
  }
  const held = givable ? await heldCounts(db, c._id, openids) : new Map<string, number>();
  const limit = c?.perShopperLimit ?? 1;
  let soldOut = !givable;
  const one = async (openid: string): Promise<Outcome> => {
    const got = before.get(openid);
    if (got !== undefined) return got > 0 ? 'sent' : 'soldOut';
    if (paid.has(openid)) return 'newOnly';
    if ((held.get(openid) ?? 0) >= limit) return 'limit';
    if (soldOut) return 'soldOut';
    const n = await grantCoupons(db, openid, c!._id, 1, grantKey(sendId, openid), now);
    if (n === 0) soldOut = true;
    return n > 0 ? 'sent' : 'soldOut';
  };
  const out: Outcome[] = [];
  for (let i = 0; i < openids.length; i += PARALLEL) out.push(...(await Promise.all(openids.slice(i, i + PARALLEL).map(one))));
  return out;
}

/** Copies of a coupon each customer holds or held (claimed, or given in any way), as the per-customer limit counts them. */
async function heldCounts(db: Database, couponId: string, openids: string[]): Promise<Map<string, number>> {
  const _ = db.command;
  const out = new Map<string, number>();
  const add = (o: unknown, n: number) => out.set(String(o), (out.get(String(o)) ?? 0) + n);
  const { data: claims } = await db
    .collection(USES)
    .where({ _id: _.in(openids.map((o) => `claim:${couponId}:${o}`)) })
    .limit(1000)
    .get();
  for (const d of claims) add(d.openid, Number(d.count ?? 0));
  for (let skip = 0; ; skip += 1000) {
    const { data } = await db
      .collection(CODES)
      .where({ couponId, openid: _.in(openids), via: _.in(['distribute', 'registration', 'gift']) })
      .orderBy('_id', 'asc')
      .field({ openid: true })
      .skip(skip)
      .limit(1000)
      .get();
    for (const d of data) add(d.openid, 1);
    if (data.length < 1000) break;
  }
  return out;
}

export async function listSends(db: Database, input: { couponId?: string; page: number; pageSize: number }): Promise<Page<SegmentSend>> {
  const q = db.collection(SENDS).where(input.couponId ? { couponId: input.couponId } : {});
  return pageOf(q.orderBy('createdAt', 'desc').orderBy('_id', 'desc'), input, (d) => toSend(asSend(d)));
}

/** Running sends whose lease has lapsed, one step each (the jobs timer). Answers the steps done. */
export async function continueSends(db: Database, now: Date, limit = 5): Promise<number> {
  const _ = db.command;
  const { data } = await db.collection(SENDS).where({ state: 'running', leaseUntil: _.lt(now.toISOString()) }).limit(limit).get();
  let steps = 0;
  for (const d of data.map(asSend)) if (await sendStep(db, d, now)) steps++;
  return steps;
}

/**
 * Inside the paying transaction of an order that used a normal code: when the code came from a send, one more use and
 * the order's payable on the send. Reads the code by id (transactions read by id only).
 */
export async function countSendUse(tx: Transaction, db: Database, heldId: string, payable: number): Promise<void> {
  if (heldId.startsWith('reusable:')) return; // a reusable coupon's code is typed in, never sent
  const code = (await tx.collection(CODES).doc(heldId).get()).data as { grantKey?: string | null } | null;
  const sendId = sendOfGrant(code?.grantKey);
  if (!sendId) return;
  const send = (await tx.collection(SENDS).doc(sendId).get()).data;
  if (!send) return;
  const _ = db.command;
  await tx.collection(SENDS).doc(sendId).update({ used: _.inc(1), usedPaid: _.inc(payable) });
}
