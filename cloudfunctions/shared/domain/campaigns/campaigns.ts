import type { z } from 'zod';
import type { Campaign, CampaignInput, CampaignListInput, CampaignStatus, Page, QuoteCampaign } from '@shop/types';
import type { Database, Doc } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { newId } from '../catalog/products';
import { registrationGiftCouponId } from '../coupons/registration';
import { findCoupon } from '../coupons/store';
import { pageOf } from '../paging';
import { instanceCache } from '../../runtime/instanceCache';

/**
 * The campaigns not ended when this instance last read them (short life): what the price engine needs on every quote.
 * Every write below drops them here at once; other instances read them again within the cache's life.
 */
const notEnded = instanceCache<{ since: string; docs: Stored[] }>();
const changed = (db: Database) => notEnded.invalidate(db);

type CampaignData = z.output<typeof CampaignInput>;
type Stored = Omit<Campaign, 'status'>;

/** Reduction, discount and gift-coupon campaigns exclude each other per product; free shipping stacks with them. */
export const EXCLUSIVE_KINDS = new Set(['reduction', 'discount', 'giftCoupon']);
const KIND_NAMES: Record<string, string> = { reduction: '满减', discount: '满折', giftCoupon: '满赠券', freeShipping: '满免邮' };

export const statusAt = (c: Pick<Stored, 'startsAt' | 'endsAt'>, now: Date): CampaignStatus => {
  const t = now.toISOString();
  if (t < c.startsAt) return 'upcoming';
  if (c.endsAt !== null && t >= c.endsAt) return 'ended';
  return 'running';
};
const withStatus = (d: Doc, now: Date): Campaign => ({ ...(d as unknown as Stored), status: statusAt(d as unknown as Stored, now) });

/** Two windows [start, end) overlap; a null end is open. */
export const windowsOverlap = (a: Pick<Stored, 'startsAt' | 'endsAt'>, b: Pick<Stored, 'startsAt' | 'endsAt'>) =>
  (a.endsAt === null || b.startsAt < a.endsAt) && (b.endsAt === null || a.startsAt < b.endsAt);

/** The products both scopes cover: 'all' when both are whole-shop, else the shared ids (empty = no overlap). */
export function sharedScope(a: string[] | null, b: string[] | null): 'all' | string[] {
  if (a === null && b === null) return 'all';
  if (a === null) return b!;
  if (b === null) return a;
  const set = new Set(a);
  return b.filter((id) => set.has(id));
}

/** The first campaign a new or changed one would collide with, under the one-discount-campaign-per-product rule. */
export function findConflict(candidate: CampaignData & { _id?: string }, others: Stored[]): { other: Stored; products: 'all' | string[] } | null {
  if (!EXCLUSIVE_KINDS.has(candidate.rule.kind)) return null;
  for (const other of others) {
    if (other._id === candidate._id || !EXCLUSIVE_KINDS.has(other.rule.kind)) continue;
    if (!windowsOverlap(candidate, other)) continue;
    const products = sharedScope(candidate.productIds, other.productIds);
    if (products === 'all' || products.length > 0) return { other, products };
  }
  return null;
}

async function loadAll(db: Database): Promise<Stored[]> {
  const out: Stored[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = await db.collection('campaigns').orderBy('startsAt', 'desc').orderBy('_id', 'desc').skip(skip).limit(1000).get();
    out.push(...(data as unknown as Stored[]));
    if (data.length < 1000) return out;
  }
}

async function assertNoConflict(db: Database, c: CampaignData & { _id?: string }) {
  const hit = findConflict(c, await loadAll(db));
  if (!hit) return;
  const what = hit.products === 'all' ? 'every product' : `${hit.products.length} product(s)`;
  throw new AppError(
    'CAMPAIGN_CONFLICT',
    `${what} would be in two ${KIND_NAMES[c.rule.kind]}/${KIND_NAMES[hit.other.rule.kind]} campaigns at the same time: "${hit.other.name}" (${hit.other.startsAt} – ${hit.other.endsAt ?? 'permanent'}) already covers them`,
    { campaignId: hit.other._id, campaignName: hit.other.name, productIds: hit.products },
  );
}

/**
 * The 满赠券 campaigns not ended that give codes of `couponId` (the registration gift may not use such a coupon:
 * seed 注册送券 FAQ 12).
 */
export async function giftCampaignsUsing(db: Database, couponId: string, now: Date, exceptId?: string): Promise<Campaign[]> {
  const { data } = await db.collection('campaigns').where({ 'rule.kind': 'giftCoupon' }).limit(1000).get();
  return data
    .map((d) => withStatus(d, now))
    .filter((c) => c._id !== exceptId && c.status !== 'ended' && c.rule.kind === 'giftCoupon' && c.rule.tiers.some((t) => t.couponId === couponId));
}

/**
 * A 满赠券 tier gives codes of a normal coupon that exists and is not void (reusable coupons have no codes to give),
 * and that is not the registration gift in force (seed 注册送券 FAQ 12: COUPON_GIFT_CONFLICT).
 */
async function checkGiftCoupons(db: Database, c: CampaignData, now: Date) {
  if (c.rule.kind !== 'giftCoupon') return;
  const registration = await registrationGiftCouponId(db, now);
  for (const [i, t] of c.rule.tiers.entries()) {
    if (registration && t.couponId === registration.couponId) {
      throw new AppError('COUPON_GIFT_CONFLICT', `优惠券「${registration.name}」正用于注册送券，不能同时作为满赠券赠送`, {
        couponId: t.couponId,
        registrationGift: true,
        path: `rule.tiers.${i}.couponId`,
      });
    }
    const coupon = await findCoupon(db, t.couponId);
    const path = `rule.tiers.${i}.couponId`;
    if (!coupon) throw new AppError('VALIDATION_FAILED', 'the gift coupon does not exist', [{ path, message: 'no such coupon' }]);
    if (coupon.kind !== 'normal') throw new AppError('VALIDATION_FAILED', 'only normal coupons can be gifts (a reusable coupon has one shared code)', [{ path, message: 'not a normal coupon' }]);
    if (coupon.status === 'void') throw new AppError('VALIDATION_FAILED', `the gift coupon "${coupon.name}" is void`, [{ path, message: 'void coupon' }]);
    // the gift reaches a shopper who has just paid an order, who is no longer a new customer
    if (coupon.audience === 'new') throw new AppError('VALIDATION_FAILED', `优惠券「${coupon.name}」为新人专享，不能作为满赠券赠送（收到赠券的顾客已付款下单）`, [{ path, message: 'new-customer coupon' }]);
  }
}

function validateRule(c: CampaignData) {
  const r = c.rule;
  if ('tiers' in r) {
    const th = r.tiers.map((t) => t.threshold);
    if (new Set(th).size !== th.length) throw new AppError('VALIDATION_FAILED', 'two tiers have the same threshold');
  }
  if (r.kind === 'reduction' && r.mode === 'tiered') {
    for (const t of r.tiers) if (t.value > t.threshold) throw new AppError('VALIDATION_FAILED', 'a tier cannot take off more than its threshold');
  }
  if (r.kind === 'discount') {
    for (const t of r.tiers) if (t.value < 1 || t.value > 999) throw new AppError('VALIDATION_FAILED', 'a discount rate is 1-999 per mille (e.g. 900 = 9 折)');
  }
  if (r.kind === 'reduction' && r.mode === 'every' && r.off > r.every) throw new AppError('VALIDATION_FAILED', 'cannot take off more than each step');
}

export async function createCampaign(db: Database, input: CampaignData, now: Date): Promise<Campaign> {
  validateRule(input);
  await checkGiftCoupons(db, input, now);
  await assertNoConflict(db, input);
  const t = now.toISOString();
  const doc = { ...input, productIds: input.productIds ? [...new Set(input.productIds)] : null, createdAt: t, updatedAt: t };
  const _id = newId();
  await db.collection('campaigns').doc(_id).set(doc);
  changed(db);
  return withStatus({ _id, ...doc }, now);
}

export async function getCampaign(db: Database, id: string, now: Date): Promise<Campaign> {
  const d = (await db.collection('campaigns').doc(id).get()).data[0];
  if (!d) throw notFound('campaign');
  return withStatus(d, now);
}

export async function updateCampaign(db: Database, id: string, input: CampaignData, now: Date): Promise<Campaign> {
  const cur = await getCampaign(db, id, now);
  if (cur.status === 'ended') throw new AppError('INVALID_STATE', 'an ended campaign cannot be changed');
  validateRule(input);
  await checkGiftCoupons(db, input, now);
  await assertNoConflict(db, { ...input, _id: id });
  const doc = { ...input, productIds: input.productIds ? [...new Set(input.productIds)] : null, createdAt: cur.createdAt, updatedAt: now.toISOString() };
  await db.collection('campaigns').doc(id).set(doc);
  changed(db);
  return withStatus({ _id: id, ...doc }, now);
}

/** Ends a running campaign now; one not started yet is deleted instead. */
export async function endCampaign(db: Database, id: string, now: Date): Promise<Campaign> {
  const cur = await getCampaign(db, id, now);
  if (cur.status !== 'running') throw new AppError('INVALID_STATE', cur.status === 'ended' ? 'the campaign has already ended' : 'the campaign has not started: delete it instead');
  await db.collection('campaigns').doc(id).update({ endsAt: now.toISOString(), updatedAt: now.toISOString() });
  changed(db);
  return getCampaign(db, id, now);
}

/** Orders keep their own copy of what a campaign gave them, so deleting one never changes an order. */
export async function deleteCampaign(db: Database, id: string): Promise<{ deleted: number }> {
  try {
    return await db.collection('campaigns').doc(id).remove();
  } finally {
    changed(db);
  }
}

export async function listCampaigns(db: Database, input: z.output<typeof CampaignListInput>, now: Date): Promise<Page<Campaign>> {
  const t = now.toISOString();
  const _ = db.command;
  const conds: Record<string, unknown>[] = [];
  if (input.kind) conds.push({ 'rule.kind': input.kind });
  if (input.status === 'upcoming') conds.push({ startsAt: _.gt(t) });
  if (input.status === 'running') conds.push({ startsAt: _.lte(t) }, _.or([{ endsAt: null }, { endsAt: _.gt(t) }]) as unknown as Record<string, unknown>);
  if (input.status === 'ended') conds.push({ endsAt: _.lte(t) });
  const where = conds.length ? _.and(...conds) : {};
  return pageOf(db.collection('campaigns').where(where).orderBy('startsAt', 'desc').orderBy('_id', 'desc'), input, (d) => withStatus(d, now));
}

/** Campaigns whose window contains `now`, shaped for the price engine. */
export async function campaignsInForce(db: Database, now: Date): Promise<QuoteCampaign[]> {
  const t = now.toISOString();
  // read a minute back, so that requests racing with slightly older clocks share the copy
  const from = new Date(now.getTime() - 60_000).toISOString();
  const load = async () => {
    const _ = db.command;
    const { data } = await db.collection('campaigns').where(_.or([{ endsAt: null }, { endsAt: _.gt(from) }])).orderBy('startsAt', 'asc').orderBy('_id', 'asc').limit(1000).get();
    return { since: from, docs: data as unknown as Stored[] };
  };
  let cached = await notEnded.get(db, 'all', load);
  // read for a later moment than this one (a test's clock went back): read again
  if (cached.since > t) {
    changed(db);
    cached = await notEnded.get(db, 'all', load);
  }
  // goods discounts first, free shipping last (the seed's order); otherwise oldest first
  const rank = (c: Stored) => (c.rule.kind === 'freeShipping' ? 1 : 0);
  return cached.docs
    .filter((c) => c.startsAt <= t && (c.endsAt === null || c.endsAt > t))
    .sort((a, b) => rank(a) - rank(b))
    .map((c) => ({ id: c._id, name: c.name, rule: c.rule, productIds: c.productIds, audience: c.audience, startsAt: c.startsAt, endsAt: c.endsAt }));
}
