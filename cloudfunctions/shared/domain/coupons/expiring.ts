/**
 * Held coupons about to expire, for the shopper's reminder (a subscribe message queued by the messages domain's
 * jobs step). Read in (validTo, _id) order after a cursor, so each held code is seen once however many share one
 * validTo.
 */
import type { Database } from '../../db/types';
import { CODES } from './store';
import { couponsById } from './orders';
import { describeCoupon } from './rules';

export interface ExpiringCode {
  codeId: string;
  openid: string;
  name: string;
  /** what it takes off, in words (满50减5) */
  terms: string;
  validTo: string;
}
export interface CodeCursor {
  validTo: string;
  id: string;
}

/** Held codes whose validTo is after `after` (or now) and at most `until`, oldest first; and the cursor after them. */
export async function heldCodesExpiring(db: Database, after: CodeCursor, until: string, limit = 200): Promise<{ codes: ExpiringCode[]; next: CodeCursor | null }> {
  const _ = db.command;
  const { data } = await db
    .collection(CODES)
    .where(_.and([{ status: 'held', validTo: _.lte(until) }, _.or([{ validTo: _.gt(after.validTo) }, { validTo: after.validTo, _id: _.gt(after.id) }])]))
    .orderBy('validTo', 'asc')
    .orderBy('_id', 'asc')
    .limit(limit)
    .get();
  const defs = await couponsById(db, [...new Set(data.map((d) => String(d.couponId)))]);
  const codes: ExpiringCode[] = [];
  for (const d of data) {
    const c = defs.get(String(d.couponId));
    if (c && d.openid) codes.push({ codeId: d._id, openid: String(d.openid), name: c.name, terms: describeCoupon(c), validTo: String(d.validTo) });
  }
  const last = data[data.length - 1];
  return { codes, next: last ? { validTo: String(last.validTo), id: last._id } : null };
}
