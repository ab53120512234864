/**
 * Points and experience changes, each in one transaction over the shopper's document and the ledger
 * (`points_ledger`). Inside a transaction only doc(id).get/set/update/remove and add work, so every entry that
 * must happen once per order has a fixed id: `spend:<orderId>`, `return:<orderId>`, `earn:<orderId>`.
 * Every change first drops lapsed points (when expiry is on), so lapsed points are never spent, whether or not
 * the expiry job has run yet.
 */
import type { PointsLedgerEntry, ShopSettings } from '@shop/types';
import type { Database, Doc, Transaction } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { experienceFor } from '../pricing/money';
import { getSettings, getSettingsTx } from '../settings/settings';
import { addTo, lapse, putBack, readAccount, takeOldest, yearOf, type Account, type Buckets, type LedgerDraft } from './points';

const LEDGER = 'points_ledger';

/** The shop settings read inside the transaction (the call stays self-contained). */
export const txSettings = (tx: Transaction): Promise<ShopSettings> => getSettingsTx(tx);

interface Loaded {
  doc: Doc | null;
  account: Account;
  drafts: LedgerDraft[];
}

async function load(tx: Transaction, openid: string, now: Date, expiryEnabled: boolean): Promise<Loaded> {
  const doc = (await tx.collection('shoppers').doc(openid).get()).data;
  const { account, drafts } = lapse(readAccount(doc, now), now, expiryEnabled);
  return { doc, account, drafts };
}

/** Writes the shopper (creating a minimal document for a shopper never seen before) and the ledger entries. */
async function save(tx: Transaction, openid: string, loaded: Loaded, now: Date): Promise<PointsLedgerEntry[]> {
  const { doc, account, drafts } = loaded;
  const at = now.toISOString();
  const { _id, ...rest } = doc ?? { _id: openid, nickname: '微信用户', avatar: null, blocked: false, tags: [], createdAt: at };
  // the shopper's own change counter orders their entries, also those written at the same instant
  let seq = typeof rest.ledgerSeq === 'number' ? rest.ledgerSeq : 0;
  await tx.collection('shoppers').doc(openid).set({
    ...rest,
    points: account.points,
    experience: account.experience,
    pointBuckets: account.buckets,
    ledgerSeq: seq + drafts.length,
  });
  const written: PointsLedgerEntry[] = [];
  for (const d of drafts) {
    const { id, buckets, ...fields } = d;
    seq++;
    const entry = { openid, ...fields, ...(buckets ? { buckets } : {}), seq, createdAt: at };
    let entryId = id;
    if (id) await tx.collection(LEDGER).doc(id).set(entry);
    else entryId = (await tx.collection(LEDGER).add(entry)).id;
    written.push({
      _id: entryId!,
      openid,
      delta: d.delta,
      balanceAfter: d.balanceAfter,
      experience: d.experience,
      experienceAfter: d.experienceAfter,
      kind: d.kind,
      orderId: d.orderId,
      reason: d.reason,
      operator: d.operator ?? null,
      createdAt: at,
    });
  }
  return written;
}

const wholePoints = (n: number, what: string) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0 (got ${n})`);
};

/**
 * Inside the order transaction: takes `points` from the shopper, oldest year first; ledger entry `spend:<orderId>`.
 * Spending for an order that already spent is a no-op (order creation may be retried).
 * POINTS_DISABLED when points are off and points > 0; POINTS_INSUFFICIENT when the balance is short.
 */
export async function spendPoints(tx: Transaction, openid: string, points: number, orderId: string, now: Date): Promise<void> {
  wholePoints(points, 'points');
  if (points === 0) return;
  const settings = await txSettings(tx);
  if (!settings.points.enabled) throw new AppError('POINTS_DISABLED', 'points are not enabled in this shop');
  const id = `spend:${orderId}`;
  if ((await tx.collection(LEDGER).doc(id).get()).data) return;
  const loaded = await load(tx, openid, now, settings.points.expiryEnabled);
  const acc = loaded.account;
  if (acc.points < points) {
    throw new AppError('POINTS_INSUFFICIENT', `only ${acc.points} points available, ${points} asked`, { balance: acc.points, asked: points });
  }
  const { buckets, taken } = takeOldest(acc.buckets, points);
  loaded.account = { ...acc, points: acc.points - points, buckets };
  loaded.drafts.push({
    id,
    delta: -points,
    balanceAfter: acc.points - points,
    experience: 0,
    experienceAfter: acc.experience,
    kind: 'spend',
    orderId,
    reason: '下单使用积分',
    buckets: taken,
  });
  await save(tx, openid, loaded, now);
}

/**
 * Inside a transaction (order cancelled or closed, or wholly refunded): gives back exactly what `spend:<orderId>`
 * took, once (ledger entry `return:<orderId>`), into the years it came from (a return never extends a point's life:
 * points whose year has lapsed meanwhile lapse again at once). Answers the points returned: 0 when the order spent
 * nothing or was already returned.
 */
export async function returnPoints(tx: Transaction, openid: string, orderId: string, now: Date): Promise<number> {
  const id = `return:${orderId}`;
  if ((await tx.collection(LEDGER).doc(id).get()).data) return 0;
  const spent = (await tx.collection(LEDGER).doc(`spend:${orderId}`).get()).data as (Doc & { openid?: string; delta?: number; buckets?: Buckets }) | null;
  if (!spent) return 0;
  if (spent.openid !== openid) throw new AppError('INVALID_STATE', `order ${orderId} spent the points of another shopper`);
  const points = -Number(spent.delta ?? 0);
  if (!(points > 0)) return 0;
  const settings = await txSettings(tx);
  const loaded = await load(tx, openid, now, settings.points.expiryEnabled);
  const acc = loaded.account;
  const taken = spent.buckets && typeof spent.buckets === 'object' ? spent.buckets : { [String(yearOf(now))]: points };
  const back: Account = { ...acc, points: acc.points + points, buckets: putBack(acc.buckets, taken) };
  loaded.drafts.push({
    id,
    delta: points,
    balanceAfter: back.points,
    experience: 0,
    experienceAfter: acc.experience,
    kind: 'return',
    orderId,
    reason: '订单取消，返还积分',
    buckets: taken,
  });
  // returned points keep their year: any that lapsed meanwhile lapse again now
  const again = lapse(back, now, settings.points.expiryEnabled);
  loaded.account = again.account;
  loaded.drafts.push(...again.drafts);
  await save(tx, openid, loaded, now);
  return points;
}

/**
 * Inside a transaction, when an order completes: grants its points (when points are on) and experience (when
 * experience is on: ceil(paid yuan × perYuan), at least 1 for any paid amount), once (ledger entry
 * `earn:<orderId>`, written even when both are 0). `paidFen` is what the order paid for goods and kept (no freight,
 * nothing refunded so far); the entry keeps it (`goodsFen`) and the experience still held (`experienceLeft`) so
 * that later refunds take back their part. Answers what it granted now: zeros when already granted.
 */
export async function grantForOrder(
  tx: Transaction,
  openid: string,
  grant: { points: number; paidFen: number },
  orderId: string,
  now: Date,
): Promise<{ points: number; experience: number }> {
  wholePoints(grant.points, 'points');
  wholePoints(grant.paidFen, 'paidFen');
  const id = `earn:${orderId}`;
  if ((await tx.collection(LEDGER).doc(id).get()).data) return { points: 0, experience: 0 };
  const settings = await txSettings(tx);
  const points = settings.points.enabled ? grant.points : 0;
  const experience = settings.experience.enabled ? experienceFor(grant.paidFen, settings.experience.perYuan) : 0;
  const loaded = await load(tx, openid, now, settings.points.expiryEnabled);
  const acc = loaded.account;
  const year = String(yearOf(now));
  loaded.account = { points: acc.points + points, experience: acc.experience + experience, buckets: addTo(acc.buckets, year, points) };
  loaded.drafts.push({
    id,
    delta: points,
    balanceAfter: acc.points + points,
    experience,
    experienceAfter: acc.experience + experience,
    kind: 'earn',
    orderId,
    reason: '订单完成，获得积分和经验值',
    ...(points ? { buckets: { [year]: points } } : {}),
    goodsFen: grant.paidFen,
    experienceLeft: experience,
  });
  await save(tx, openid, loaded, now);
  return { points, experience };
}

type EarnEntry = Doc & { delta?: number; experience?: number; goodsFen?: number; experienceLeft?: number };
const experienceHeld = (e: EarnEntry): number => Number(e.experienceLeft ?? e.experience ?? 0);

/**
 * Inside a transaction, when a partial refund of a completed order succeeds: takes back the experience the refunded
 * goods earned, once per refund (ledger entry `refund:<refundNo>`). `keptFen` is what the order still holds of its
 * goods payment after this refund; the order keeps ceil(earned × keptFen / goodsFen) (the rounding-up rule), and
 * the rest goes. Points stay (a partial refund takes back none). An order not completed yet has nothing to take
 * (completion grants on what is kept then). Answers the experience taken.
 */
export async function revokeForRefund(tx: Transaction, openid: string, orderId: string, refundNo: string, keptFen: number, now: Date): Promise<number> {
  const id = `refund:${refundNo}`;
  if ((await tx.collection(LEDGER).doc(id).get()).data) return 0;
  const earnId = `earn:${orderId}`;
  const earned = (await tx.collection(LEDGER).doc(earnId).get()).data as EarnEntry | null;
  if (!earned || !(Number(earned.goodsFen) > 0)) return 0;
  const held = experienceHeld(earned);
  const base = Number(earned.goodsFen);
  const keep = keptFen <= 0 ? 0 : Math.min(held, Math.ceil((Number(earned.experience ?? 0) * Math.min(keptFen, base)) / base));
  const take = held - keep;
  if (take <= 0) return 0;
  await tx.collection(LEDGER).doc(earnId).update({ experienceLeft: keep });
  const settings = await txSettings(tx);
  const loaded = await load(tx, openid, now, settings.points.expiryEnabled);
  const acc = loaded.account;
  const experience = Math.min(take, acc.experience);
  loaded.account = { ...acc, experience: acc.experience - experience };
  loaded.drafts.push({
    id,
    delta: 0,
    balanceAfter: acc.points,
    experience: -experience,
    experienceAfter: acc.experience - experience,
    kind: 'revoke',
    orderId,
    reason: '订单部分退款，扣回退款商品所得经验值',
  });
  await save(tx, openid, loaded, now);
  return experience;
}

/**
 * Inside a transaction, when a completed order is wholly refunded: takes back what `earn:<orderId>` granted, once
 * (ledger entry `revoke:<orderId>`). Points already spent cannot be taken: the balance stops at 0, as does
 * experience. Answers what it took.
 */
export async function revokeEarned(tx: Transaction, openid: string, orderId: string, now: Date): Promise<{ points: number; experience: number }> {
  const id = `revoke:${orderId}`;
  if ((await tx.collection(LEDGER).doc(id).get()).data) return { points: 0, experience: 0 };
  const earned = (await tx.collection(LEDGER).doc(`earn:${orderId}`).get()).data as EarnEntry | null;
  if (!earned) return { points: 0, experience: 0 };
  const settings = await txSettings(tx);
  const loaded = await load(tx, openid, now, settings.points.expiryEnabled);
  const acc = loaded.account;
  const points = Math.min(Math.max(0, Number(earned.delta ?? 0)), acc.points);
  // what partial refunds already took back is not taken again
  const experience = Math.min(Math.max(0, experienceHeld(earned)), acc.experience);
  const t = takeOldest(acc.buckets, points);
  loaded.account = { points: acc.points - points, experience: acc.experience - experience, buckets: t.buckets };
  loaded.drafts.push({
    id,
    delta: -points,
    balanceAfter: acc.points - points,
    experience: -experience,
    experienceAfter: acc.experience - experience,
    kind: 'revoke',
    orderId,
    reason: '订单全额退款，扣回该订单所得积分和经验值',
    ...(points ? { buckets: t.taken } : {}),
  });
  await save(tx, openid, loaded, now);
  return { points, experience };
}

/**
 * A merchant's change of a shopper's points or experience, with a reason (its own transaction).
 * Points never go below 0 (POINTS_INSUFFICIENT); experience never goes below 0 (VALIDATION_FAILED on `delta`).
 * `ledgerId` makes the change happen once (used by the demo seed).
 */
export async function adjustAccount(
  db: Database,
  openid: string,
  change: { points?: number; experience?: number },
  reason: string,
  now: Date,
  opts: { ledgerId?: string; createMissing?: Record<string, unknown>; operator?: string | null } = {},
): Promise<{ account: Account; entry: PointsLedgerEntry | null }> {
  const dp = change.points ?? 0;
  const de = change.experience ?? 0;
  if (!Number.isSafeInteger(dp) || !Number.isSafeInteger(de)) throw new RangeError('changes must be whole numbers');
  return db.runTransaction(async (tx) => {
    if (opts.ledgerId && (await tx.collection(LEDGER).doc(opts.ledgerId).get()).data) {
      return { account: readAccount((await tx.collection('shoppers').doc(openid).get()).data, now), entry: null };
    }
    const settings = await txSettings(tx);
    const loaded = await load(tx, openid, now, settings.points.expiryEnabled);
    if (!loaded.doc) {
      if (!opts.createMissing) throw notFound('customer');
      loaded.doc = { _id: openid, ...opts.createMissing };
    }
    const acc = loaded.account;
    if (acc.points + dp < 0) {
      throw new AppError('POINTS_INSUFFICIENT', `only ${acc.points} points available, cannot take ${-dp}`, { balance: acc.points, asked: -dp });
    }
    if (acc.experience + de < 0) {
      throw new AppError('VALIDATION_FAILED', `experience would go below 0 (now ${acc.experience})`, [{ path: 'delta', message: `experience is ${acc.experience}` }]);
    }
    let buckets = acc.buckets;
    let moved: Buckets | undefined;
    if (dp > 0) {
      moved = { [String(yearOf(now))]: dp };
      buckets = addTo(buckets, String(yearOf(now)), dp);
    } else if (dp < 0) {
      const t = takeOldest(buckets, -dp);
      buckets = t.buckets;
      moved = t.taken;
    }
    loaded.account = { points: acc.points + dp, experience: acc.experience + de, buckets };
    loaded.drafts.push({
      ...(opts.ledgerId ? { id: opts.ledgerId } : {}),
      delta: dp,
      balanceAfter: acc.points + dp,
      experience: de,
      experienceAfter: acc.experience + de,
      kind: 'adjust',
      orderId: null,
      reason,
      ...(opts.operator ? { operator: opts.operator } : {}),
      ...(moved ? { buckets: moved } : {}),
    });
    const written = await save(tx, openid, loaded, now);
    return { account: loaded.account, entry: written[written.length - 1] };
  });
}

/**
 * The expiry job: clears every lapsed bucket (when expiry is on) with an `expire` ledger entry per shopper and year.
 * Idempotent: a second run at the same time finds nothing to clear. Answers what it cleared.
 */
export async function expirePoints(db: Database, now: Date): Promise<{ shoppers: number; points: number }> {
  const settings = await getSettings(db);
  if (!settings.points.expiryEnabled) return { shoppers: 0, points: 0 };
  const _ = db.command;
  let shoppers = 0;
  let points = 0;
  let after = '';
  for (;;) {
    const w: Record<string, unknown> = { points: _.gt(0) };
    if (after) w._id = _.gt(after);
    const { data } = await db.collection('shoppers').where(w).orderBy('_id', 'asc').field({ _id: true, points: true, pointBuckets: true }).limit(200).get();
    if (!data.length) break;
    after = data[data.length - 1]._id;
    for (const d of data) {
      // a cheap check outside the transaction; the transaction decides
      if (!lapse(readAccount(d, now), now, true).drafts.length) continue;
      const cleared = await db.runTransaction(async (tx) => {
        const loaded = await load(tx, d._id, now, true);
        if (!loaded.doc || !loaded.drafts.length) return 0;
        await save(tx, d._id, loaded, now);
        return loaded.drafts.reduce((a, x) => a - x.delta, 0);
      });
      if (cleared > 0) {
        shoppers++;
        points += cleared;
      }
    }
    if (data.length < 200) break;
  }
  return { shoppers, points };
}
