/**
 * Assigning codes to shoppers (distribution, claims, grants). Assignment never reads-then-writes: candidate codes are
 * picked at random among available ones and taken with a conditional update
 * `where({_id: in(ids), status: 'available'}).update({status: 'held', openid, assignId})`, which changes each document
 * atomically; whoever loses a race simply tries other candidates. Every assignment is stamped with an `assignId`, so an
 * all-or-nothing distribution can give back exactly what it took.
 */
import type { CodeVia } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { canDo, pickRandom } from './rules';
import { CODES, type CouponDoc } from './store';

export interface AssignStamp {
  via: CodeVia;
  assignId: string;
  grantKey?: string | null;
}

/**
 * Gives up to `n` available codes of a published normal coupon to a shopper. Answers how many it gave (fewer when
 * the codes run out). Safe under any concurrency: each code is taken by a conditional update.
 */
export async function assignCodes(db: Database, coupon: CouponDoc, openid: string, n: number, stamp: AssignStamp, now: Date): Promise<number> {
  const _ = db.command;
  const codes = db.collection(CODES);
  const set = {
    status: 'held',
    openid,
    via: stamp.via,
    assignedAt: now.toISOString(),
    assignId: stamp.assignId,
    grantKey: stamp.grantKey ?? null,
    validFrom: coupon.validFrom,
    validTo: coupon.validTo,
  };
  let got = 0;
  for (let round = 0; got < n; round++) {
    if (round > 200) throw new AppError('CONFLICT', 'too many shoppers are taking this coupon at once, please try again');
    const want = n - got;
    const { data } = await codes
      .where({ couponId: coupon._id, status: 'available' })
      .field({ _id: true })
      .limit(Math.min(1000, want + 30))
      .get();
    if (!data.length) break;
    const ids = pickRandom(data.map((d) => d._id), want);
    const { updated } = await codes.where({ _id: _.in(ids), status: 'available' }).update(set);
    got += updated;
  }
  return got;
}

/** Gives back everything one assignment took that is still merely held (never touches used codes). */
export async function revertAssignment(db: Database, assignId: string): Promise<number> {
  const { updated } = await db
    .collection(CODES)
    .where({ assignId, status: 'held' })
    .update({ status: 'available', openid: null, via: null, assignedAt: null, assignId: null, grantKey: null, validFrom: null, validTo: null });
  return updated;
}

/** Checks that a coupon can hand out codes now (published, normal, not ended). */
export function assertGivable(c: CouponDoc, now: Date, what = 'distributed') {
  if (c.kind !== 'normal') throw new AppError('INVALID_STATE', `a reusable coupon has one shared code and is not ${what}`);
  if (!canDo('distribute', c.status)) throw new AppError('INVALID_STATE', c.status === 'draft' ? 'publish the coupon first' : 'the coupon is void');
  if (Date.parse(c.validTo) < now.getTime()) throw new AppError('INVALID_STATE', 'the coupon has expired');
}
