/**
 * Documents and shared queries of the coupon module.
 *
 * - `coupons`: one document per definition (CouponDoc).
 * - `coupon_codes`: one document per normal code (CodeDoc, `kind: 'normal'`), plus one reservation per reusable
 *   coupon (`kind: 'reusable'`, status 'reusable') so that the unique index `code_unique` keeps every code in the shop
 *   distinct, whichever kind it belongs to.
 * - `coupon_uses`: documents with deterministic ids, told apart by `kind`:
 *   `use:<couponId>:<orderId>` one use of a reusable coupon by an order (status used | released),
 *   `claim:<couponId>:<openid>` a shopper's claim counter (conditional increment = one claim per tap),
 *   `grant:<grantKey>` an idempotent grant (gift coupons, registration gift),
 *   `ended:<claimToken>` what the claim link of a deleted normal coupon still shows (EndedDoc).
 */
import { randomUUID } from 'node:crypto';
import type { CodeStatus, CodeVia, Coupon, CouponFace, CouponKind, CouponStats, CouponStatus, CouponTerms, CouponType, QuoteCoupon } from '@shop/types';
import type { Database, Doc } from '../../db/types';
import { DbError } from '../../db/types';
import { notFound } from '../../runtime/errors';

export const COUPONS = 'coupons';
export const CODES = 'coupon_codes';
export const USES = 'coupon_uses';

export const newId = () => randomUUID().replace(/-/g, '');

/** The stored definition: what the admin sees, plus the fields only the server reads. */
export interface CouponDoc extends Coupon {
  /** reusable: uses so far (consume +1, release −1; never above quantity) */
  usedCount?: number;
  /** normal coupons: the claim link's token, set at publish */
  claimToken: string | null;
}

export interface CodeDoc {
  _id: string;
  couponId: string;
  code: string;
  kind: 'normal' | 'reusable';
  source: 'generated' | 'imported' | 'reusable';
  status: CodeStatus | 'reusable';
  openid: string | null;
  via: CodeVia | null;
  assignedAt: string | null;
  /** the operation that assigned it (a distribution batch, a claim, a grant) */
  assignId: string | null;
  grantKey: string | null;
  /** copied from the (published, so immutable) coupon when assigned: the shopper's lists filter on them */
  validFrom: string | null;
  validTo: string | null;
  orderId: string | null;
  usedAt: string | null;
  /** set at the first use and never cleared (the code's history: it was used by an order once) */
  everUsed: boolean;
  voidedAt: string | null;
  createdAt: string;
}

/**
 * The trace a deleted normal coupon leaves behind (`coupon_uses/ended:<claimToken>`), so that its claim link and QR code
 * say the event has ended instead of "not found" (seed 3.6). It has no `couponId` field: the coupon's own clean-up
 * (`removeCouponData`, every coupon_uses document with its couponId) leaves it alone.
 */
export interface EndedDoc {
  kind: 'ended';
  deletedCouponId: string;
  face: CouponFace;
  limit: number;
  at: string;
}
export const endedId = (claimToken: string) => `ended:${claimToken}`;

export const asCoupon = (d: Doc) => d as unknown as CouponDoc;
export const asCode = (d: Doc) => d as unknown as CodeDoc;

export const isDuplicate = (e: unknown) => e instanceof DbError && e.code === 'DATABASE_DUPLICATE_WRITE';

export async function loadCoupon(db: Database, id: string): Promise<CouponDoc> {
  const d = (await db.collection(COUPONS).doc(id).get()).data[0];
  if (!d) throw notFound('coupon');
  return asCoupon(d);
}

/** The admin view of a definition (no claim token: claimLink gives it). */
/** A coupon's document, or undefined (for the campaigns' gift checks). */
export async function findCoupon(db: Database, id: string): Promise<CouponDoc | undefined> {
  return (await db.collection(COUPONS).doc(id).get()).data.map(asCoupon)[0];
}

/** A coupon's terms (what it takes off, on what, when), shown to the admin and to shoppers alike. */
const termsOf = (c: CouponDoc): CouponTerms => ({
  type: c.type,
  value: c.value,
  maxOff: c.maxOff,
  threshold: c.threshold,
  productIds: c.productIds,
  validFrom: c.validFrom,
  validTo: c.validTo,
  description: c.description ?? '',
});

export function toCoupon(c: CouponDoc): Coupon {
  const base: Coupon = {
    _id: c._id,
    name: c.name,
    kind: c.kind,
    ...termsOf(c),
    quantity: c.quantity,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    publishedAt: c.publishedAt ?? null,
    voidedAt: c.voidedAt ?? null,
  };
  return c.kind === 'normal'
    ? { ...base, prefix: c.prefix ?? '', perShopperLimit: c.perShopperLimit ?? 1, inCentre: c.inCentre ?? true, audience: c.audience ?? 'all' }
    : { ...base, code: c.code };
}

export const toFace = (c: CouponDoc): CouponFace => ({
  couponId: c._id,
  name: c.name,
  ...termsOf(c),
  audience: c.audience ?? 'all',
});

/** The face the price engine needs (its input is strict: no description). */
export const toQuoteCoupon = (id: string, c: CouponDoc, state: 'available' | 'used' | 'void'): QuoteCoupon => {
  const { description: _shownToShoppersOnly, ...face } = toFace(c);
  return { id, ...face, state };
};

/** Counts per coupon (a handful of count queries on the coupon_status index). */
export async function statsOf(db: Database, c: CouponDoc): Promise<CouponStats> {
  if (c.kind === 'reusable') {
    const used = c.usedCount ?? 0;
    const left = Math.max(0, c.quantity - used);
    // a voided reusable coupon's uses left are void
    return { total: c.quantity, remaining: c.status === 'void' ? 0 : left, assigned: 0, held: 0, claimed: 0, used, void: c.status === 'void' ? left : 0 };
  }
  const _ = db.command;
  const codes = db.collection(CODES);
  const n = (w: Record<string, unknown>) => codes.where({ couponId: c._id, ...w }).count().then((r) => r.total);
  const [total, available, held, used, voided, assigned, claimed] = await Promise.all([
    n({}),
    n({ status: 'available' }),
    n({ status: 'held' }),
    n({ status: 'used' }),
    n({ status: 'void' }),
    n({ assignedAt: _.neq(null) }),
    n({ via: 'claim' }),
  ]);
  return { total, remaining: available, assigned, held, claimed, used, void: voided };
}

/** Shopper nicknames by openid (members owns shoppers). */
export { nicknames } from '../members/shoppers';
