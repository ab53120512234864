/**
 * Demo promotions, so the storefront shows the price engine at work: a 满减 campaign on the clothing, free
 * shipping over 99 yuan, a no-threshold new-customer coupon (also the registration gift; demo shopper 1 holds one)
 * and a 9 折 coupon in the coupon centre. Idempotent: everything is looked up by name before it is created.
 */
import type { Database } from '@shop/functions/shared/db/types';
import { createCampaign, giftCampaignsUsing } from '@shop/functions/shared/domain/campaigns/campaigns';
import { createCoupon, distribute, publishCoupon, setRegistrationGift } from '@shop/functions/shared/domain/coupons';
import { CampaignInput, CouponInput } from '@shop/types';
import { DEMO_MEMBER, DEMO_PROMOTIONS } from './data';

async function couponByName(db: Database, name: string): Promise<string | null> {
  const { data } = await db.collection('coupons').where({ name }).limit(1).get();
  return data[0]?._id ?? null;
}

export async function seedDemoPromotions(db: Database, now: Date): Promise<void> {
  const from = new Date(now.getTime() - 86400_000).toISOString();
  const yearLater = new Date(now.getTime() + 365 * 86400_000).toISOString();

  for (const c of DEMO_PROMOTIONS.campaigns) {
    if ((await db.collection('campaigns').where({ name: c.name }).count()).total) continue;
    let productIds: string[] | null = null;
    if (c.productCodes) {
      const { data } = await db.collection('products').where({ code: db.command.in([...c.productCodes]) }).limit(100).get();
      productIds = data.map((p) => p._id);
    }
    await createCampaign(db, CampaignInput.parse({ name: c.name, rule: c.rule, productIds, startsAt: from, endsAt: null }), now);
  }

  const ids = new Map<string, string>();
  for (const c of DEMO_PROMOTIONS.coupons) {
    let id = await couponByName(db, c.name);
    if (!id) {
      const made = await createCoupon(db, CouponInput.parse({ ...c, kind: 'normal', validFrom: from, validTo: yearLater }), now);
      await publishCoupon(db, made._id, now);
      id = made._id;
    }
    ids.set(c.name, id);
  }

  const gift = ids.get(DEMO_PROMOTIONS.registrationGift)!;
  await setRegistrationGift(db, { enabled: true, couponId: gift, startsAt: from, endsAt: null }, now, giftCampaignsUsing);
  const held = await db.collection('coupon_codes').where({ couponId: gift, openid: DEMO_MEMBER.openid }).count();
  if (!held.total) await distribute(db, gift, [{ openid: DEMO_MEMBER.openid, quantity: 1 }], now);
}
