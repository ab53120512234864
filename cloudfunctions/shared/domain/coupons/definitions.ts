/**
 * Coupon definitions: create, update (drafts only), publish, void, delete, list, get.
 * draft → published (immutable from then on) → void; any of them can be deleted. Every state change is a conditional
 * update on the status.
 */
import type { CouponData, CouponListInput, CouponUpdateInput, CouponWithStats, Page } from '@shop/types';
import type { z } from 'zod';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { escapeRegExp } from '../catalog/rules';
import { generateCodes, removeCouponData } from './codes';
import { canDo, newToken } from './rules';
import { asCoupon, CODES, COUPONS, endedId, isDuplicate, loadCoupon, newId, statsOf, toCoupon, toFace, USES, type CouponDoc, type EndedDoc } from './store';
import { pageOf } from '../paging';
import { existingProductIds } from '../catalog/lookup';

type UpdateData = z.output<typeof CouponUpdateInput>;

const withStats = async (db: Database, c: CouponDoc): Promise<CouponWithStats> => ({ ...toCoupon(c), stats: await statsOf(db, c) });

const reservationId = (couponId: string) => `reusable-${couponId}`;

async function checkProducts(db: Database, productIds: string[] | null) {
  if (!productIds) return;
  const ids = [...new Set(productIds)];
  const found = await existingProductIds(db, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new AppError('VALIDATION_FAILED', `unknown product(s): ${missing.join(', ')}`, [{ path: 'productIds', message: 'a product does not exist' }]);
}

/** The fields a definition takes from its input. */
function fieldsOf(input: CouponData) {
  const common = {
    name: input.name,
    kind: input.kind,
    type: input.type,
    value: input.value,
    maxOff: input.type === 'discount' ? input.maxOff : 0,
    threshold: input.threshold,
    productIds: input.productIds ? [...new Set(input.productIds)] : null,
    validFrom: new Date(input.validFrom).toISOString(),
    validTo: new Date(input.validTo).toISOString(),
    description: input.description,
    quantity: input.quantity,
  };
  return input.kind === 'normal'
    ? { ...common, prefix: input.prefix, perShopperLimit: input.perShopperLimit, inCentre: input.inCentre, audience: input.audience }
    : { ...common, code: input.code };
}

const codeTaken = (code: string) =>
  new AppError('CODE_TAKEN', `code "${code}" is already used by another coupon`, [{ path: 'code', message: 'taken' }]);

export async function createCoupon(db: Database, input: CouponData, now: Date): Promise<CouponWithStats> {
  await checkProducts(db, input.productIds);
  const id = newId();
  const nowIso = now.toISOString();
  const doc: CouponDoc = {
    _id: id,
    ...fieldsOf(input),
    ...(input.kind === 'reusable' ? { usedCount: 0 } : {}),
    status: 'draft',
    claimToken: null,
    createdAt: nowIso,
    updatedAt: nowIso,
    publishedAt: null,
    voidedAt: null,
  };
  if (input.kind === 'reusable') {
    // the reservation in coupon_codes makes the code unique among every coupon code of the shop (index code_unique)
    try {
      await db.collection(CODES).add({
        _id: reservationId(id),
        couponId: id,
        code: input.code,
        kind: 'reusable',
        source: 'reusable',
        status: 'reusable',
        openid: null,
        everUsed: false,
        createdAt: nowIso,
      });
    } catch (e) {
      if (isDuplicate(e)) throw codeTaken(input.code);
      throw e;
    }
  }
  const { _id, ...rest } = doc;
  await db.collection(COUPONS).doc(_id).set(rest);
  if (input.kind === 'normal' && input.quantity > 0) {
    try {
      await generateCodes(db, id, input.prefix, input.quantity, now);
    } catch (e) {
      await removeCouponData(db, id);
      throw e;
    }
  }
  return withStats(db, doc);
}

export async function updateCoupon(db: Database, input: UpdateData, now: Date): Promise<CouponWithStats> {
  const { id, ...data } = input;
  const old = await loadCoupon(db, id);
  if (old.kind !== data.kind) throw new AppError('VALIDATION_FAILED', 'the kind of a coupon cannot change', [{ path: 'kind', message: 'the kind cannot change' }]);
  if (!canDo('update', old.status)) throw new AppError('INVALID_STATE', 'a published coupon cannot be edited');
  await checkProducts(db, data.productIds);
  const fields = fieldsOf(data);
  if (data.kind === 'reusable' && data.code !== old.code) {
    try {
      await db.collection(CODES).doc(reservationId(id)).update({ code: data.code });
    } catch (e) {
      if (isDuplicate(e)) throw codeTaken(data.code);
      throw e;
    }
  }
  const nowIso = now.toISOString();
  const { updated } = await db.collection(COUPONS).where({ _id: id, status: 'draft' }).update({ ...fields, updatedAt: nowIso });
  if (!updated) {
    const again = await loadCoupon(db, id);
    if (again.status !== 'draft') throw new AppError('INVALID_STATE', 'a published coupon cannot be edited');
  }
  if (data.kind === 'normal' && (data.prefix !== old.prefix || data.quantity !== old.quantity)) {
    // the generated batch follows the new prefix / quantity; imported codes stay
    await db.collection(CODES).where({ couponId: id, source: 'generated' }).remove();
    await generateCodes(db, id, data.prefix, data.quantity, now);
  }
  return withStats(db, await loadCoupon(db, id));
}

export async function publishCoupon(db: Database, id: string, now: Date): Promise<CouponWithStats> {
  const c = await loadCoupon(db, id);
  if (!canDo('publish', c.status)) throw new AppError('INVALID_STATE', `the coupon is already ${c.status}`);
  if (Date.parse(c.validTo) <= now.getTime()) throw new AppError('INVALID_STATE', 'the validity period has ended: change it before publishing');
  if (c.kind === 'normal') {
    const { total } = await db.collection(CODES).where({ couponId: id }).count();
    if (!total) throw new AppError('INVALID_STATE', 'the coupon has no codes: generate or import some first');
  }
  const nowIso = now.toISOString();
  const { updated } = await db
    .collection(COUPONS)
    .where({ _id: id, status: 'draft' })
    .update({ status: 'published', publishedAt: nowIso, updatedAt: nowIso, claimToken: c.kind === 'normal' ? newToken() : null });
  if (!updated) throw new AppError('INVALID_STATE', 'the coupon was published or changed at the same time');
  return withStats(db, await loadCoupon(db, id));
}

/**
 * 废弃 (seed 3.5), published coupons only. The coupon can no longer be claimed, distributed or granted: its claim link, QR
 * code and the coupon centre say the event has ended.
 * - normal: the codes nobody has claimed yet (`available`) become void at once; codes shoppers already hold stay
 *   theirs and usable until the coupon's own validTo (consumeCoupon accepts a held code of a void coupon).
 * - reusable: the code stops working at once (reusableForQuote answers null, consumeCoupon refuses).
 */
export async function voidCoupon(db: Database, id: string, now: Date): Promise<CouponWithStats> {
  const nowIso = now.toISOString();
  const { updated } = await db.collection(COUPONS).where({ _id: id, status: 'published' }).update({ status: 'void', voidedAt: nowIso, updatedAt: nowIso });
  if (!updated) {
    const c = await loadCoupon(db, id);
    throw new AppError('INVALID_STATE', c.status === 'draft' ? 'a draft is deleted, not voided' : 'the coupon is already void');
  }
  // only unclaimed codes: a claim racing this update either took its code before (the shopper keeps it) or finds none
  await db.collection(CODES).where({ couponId: id, status: 'available' }).update({ status: 'void', voidedAt: nowIso });
  return withStats(db, await loadCoupon(db, id));
}

/**
 * 删除 (seed 3.6), any coupon: draft, published or void, used or not. Orders keep their own copy of the coupon's name
 * and amount, so no order changes.
 * - normal: every code goes, unclaimed ones and the ones shoppers hold (they disappear from 我的优惠券; an order that
 *   used one keeps its copy, and a later releaseCoupon of it answers false). A published or void coupon leaves an
 *   EndedDoc behind, so its claim link and QR code say the event has ended.
 * - reusable: its code stops working at once (reservation, use records and definition go).
 * Answers how many codes went and how many of them shoppers held (held or used).
 */
export async function deleteCoupon(db: Database, id: string, now: Date): Promise<{ deleted: number; codesDeleted: number; heldDeleted: number }> {
  const c = await loadCoupon(db, id);
  let heldDeleted = 0;
  if (c.kind === 'normal') {
    const _ = db.command;
    heldDeleted = (await db.collection(CODES).where({ couponId: id, openid: _.neq(null) }).count()).total;
    if (c.claimToken) {
      const ended: EndedDoc = { kind: 'ended', deletedCouponId: id, face: toFace(c), limit: c.perShopperLimit ?? 1, at: now.toISOString() };
      await db.collection(USES).doc(endedId(c.claimToken)).set({ ...ended });
    }
  }
  const codesDeleted = await removeCouponData(db, id);
  return c.kind === 'normal' ? { deleted: 1, codesDeleted, heldDeleted } : { deleted: 1, codesDeleted: 0, heldDeleted: 0 };
}

export async function getCoupon(db: Database, id: string): Promise<CouponWithStats> {
  return withStats(db, await loadCoupon(db, id));
}

/** The seed's search: validity window (valid at some time inside it), name, status, kind; newest first. */
export async function listCoupons(db: Database, input: z.output<typeof CouponListInput>): Promise<Page<CouponWithStats>> {
  const _ = db.command;
  const where: Record<string, unknown> = {};
  if (input.kind) where.kind = input.kind;
  if (input.status) where.status = input.status;
  if (input.name) where.name = db.RegExp({ regexp: escapeRegExp(input.name), options: 'i' });
  if (input.validFrom) where.validTo = _.gte(new Date(input.validFrom).toISOString());
  if (input.validTo) where.validFrom = _.lte(new Date(input.validTo).toISOString());
  const p = await pageOf(db.collection(COUPONS).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc'), input, asCoupon);
  return { ...p, items: await Promise.all(p.items.map((c) => withStats(db, c))) };
}
