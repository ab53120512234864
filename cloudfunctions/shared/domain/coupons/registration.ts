/**
 * 注册送券: a shop setting (`settings/registration_gift`) naming one published normal coupon and a window.
 * A shopper registering inside the window gets one code straight into their account, once ever (the grant key is the
 * shopper's openid, and the shopper document is marked `registrationGiftAt`). When the codes have run out nothing is
 * granted (seed FAQ 11).
 */
import type { RegistrationGift, RegistrationGiftInput } from '@shop/types';
import type { z } from 'zod';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { readSettingsDoc, writeSettingsDoc } from '../settings/settings';
import { shopperDoc, updateShopper } from '../members/shoppers';
import { grantCoupons } from './orders';
import { asCoupon, CODES, COUPONS } from './store';

const DOC = 'registration_gift';

/**
 * The 满赠券 campaigns not ended that give codes of a coupon. The campaigns domain answers it (giftCampaignsUsing) and
 * the caller passes it in: campaigns ask the coupons which coupon is the registration gift, so coupons do not import
 * campaigns back.
 */
export type GiftCampaignsUsing = (db: Database, couponId: string, now: Date) => Promise<{ _id: string; name: string }[]>;

interface GiftDoc {
  enabled: boolean;
  couponId: string | null;
  startsAt: string;
  endsAt: string | null;
  updatedAt: string | null;
}
const DEFAULT: GiftDoc = { enabled: false, couponId: null, startsAt: '2000-01-01T00:00:00.000Z', endsAt: null, updatedAt: null };

async function readGift(db: Database): Promise<GiftDoc> {
  const d = (await readSettingsDoc(db, DOC)) as Partial<GiftDoc> | undefined;
  return { ...DEFAULT, ...(d ? { enabled: !!d.enabled, couponId: d.couponId ?? null, startsAt: d.startsAt ?? DEFAULT.startsAt, endsAt: d.endsAt ?? null, updatedAt: d.updatedAt ?? null } : {}) };
}

export async function getRegistrationGift(db: Database): Promise<RegistrationGift> {
  const g = await readGift(db);
  let coupon: RegistrationGift['coupon'] = null;
  if (g.couponId) {
    const c = (await db.collection(COUPONS).doc(g.couponId).get()).data.map(asCoupon)[0];
    if (c) {
      const { total } = await db.collection(CODES).where({ couponId: c._id, status: 'available' }).count();
      coupon = { _id: c._id, name: c.name, status: c.status, validTo: c.validTo, remaining: total };
    }
  }
  return { ...g, coupon };
}

export async function setRegistrationGift(
  db: Database,
  input: z.output<typeof RegistrationGiftInput>,
  now: Date,
  giftCampaignsUsing: GiftCampaignsUsing,
): Promise<RegistrationGift> {
  if (input.couponId) {
    const c = (await db.collection(COUPONS).doc(input.couponId).get()).data.map(asCoupon)[0];
    if (!c) throw new AppError('NOT_FOUND', 'coupon not found');
    if (input.enabled) {
      if (c.kind !== 'normal') throw new AppError('INVALID_STATE', 'the registration gift takes a normal coupon (a reusable code is for promotion channels)');
      if (c.status !== 'published') throw new AppError('INVALID_STATE', 'the coupon must be published');
      if (Date.parse(c.validTo) < now.getTime()) throw new AppError('INVALID_STATE', 'the coupon has expired');
      // seed 注册送券 FAQ 12: a coupon a 满赠券 campaign gives cannot also be the registration gift
      const campaign = (await giftCampaignsUsing(db, c._id, now))[0];
      if (campaign) {
        throw new AppError('COUPON_GIFT_CONFLICT', `优惠券「${c.name}」正用于满赠券活动「${campaign.name}」，不能同时作为注册送券`, {
          couponId: c._id,
          campaignId: campaign._id,
          campaignName: campaign.name,
        });
      }
    }
  }
  const doc: GiftDoc = {
    enabled: input.enabled,
    couponId: input.couponId,
    startsAt: new Date(input.startsAt).toISOString(),
    endsAt: input.endsAt ? new Date(input.endsAt).toISOString() : null,
    updatedAt: now.toISOString(),
  };
  await writeSettingsDoc(db, DOC, { ...doc });
  return getRegistrationGift(db);
}

/** The coupon the registration gift hands out now (enabled, window not ended), or null. */
export async function registrationGiftCouponId(db: Database, now: Date): Promise<{ couponId: string; name: string } | null> {
  const g = await readGift(db);
  if (!g.enabled || !g.couponId || (g.endsAt && now.getTime() > Date.parse(g.endsAt))) return null;
  const c = (await db.collection(COUPONS).doc(g.couponId).get()).data.map(asCoupon)[0];
  return c ? { couponId: c._id, name: c.name } : null;
}

/**
 * Called once when a shopper document is created. Answers how many codes were granted (0 or 1).
 * Never throws for business reasons (no gift configured, outside the window, no codes left).
 */
export async function grantRegistrationGift(db: Database, openid: string, now: Date): Promise<number> {
  const g = await readGift(db);
  if (!g.enabled || !g.couponId) return 0;
  const t = now.getTime();
  if (t < Date.parse(g.startsAt) || (g.endsAt && t > Date.parse(g.endsAt))) return 0;
  const shopper = (await shopperDoc(db, openid)) as { registrationGiftAt?: string } | undefined;
  if (!shopper || shopper.registrationGiftAt) return 0;
  const granted = await grantCoupons(db, openid, g.couponId, 1, `registration:${openid}`, now);
  if (granted > 0) {
    await updateShopper(db, openid, { registrationGiftAt: now.toISOString(), registrationGiftCouponId: g.couponId });
  }
  return granted;
}
