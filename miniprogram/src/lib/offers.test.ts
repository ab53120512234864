import type { CentreCoupon } from '@shop/types';
import { countBadge, claimButton, couponShort, freightText, serviceText } from './offers';

test.each([
  [{ type: 'cash' as const, value: 1000, threshold: 10000 }, '满¥100减¥10'],
  [{ type: 'cash' as const, value: 500, threshold: 0 }, '¥5无门槛'],
  [{ type: 'cash' as const, value: 250, threshold: 9900 }, '满¥99减¥2.50'],
  [{ type: 'discount' as const, value: 850, threshold: 0 }, '8.5折'],
  [{ type: 'discount' as const, value: 900, threshold: 20000 }, '满¥200打9折'],
])('couponShort %o → %s', (c, text) => expect(couponShort(c)).toBe(text));

describe('freight and service rows', () => {
  const d = { express: '快递 ¥10', free: '满¥99包邮', regional: false, pickup: true, local: false };
  test.each([
    [d, '快递 ¥10 · 满¥99包邮', '支持到店自提'],
    [{ ...d, free: null, regional: true, local: true }, '快递 ¥10（部分地区运费不同）', '支持到店自提 · 同城配送'],
    [{ ...d, express: null, pickup: false }, null, null],
    [null, null, null],
  ])('%o', (offer, freight, service) => {
    expect(freightText(offer)).toBe(freight);
    expect(serviceText(offer)).toBe(service);
  });
});

test.each([
  [null, ''],
  [0, ''],
  [1, '1'],
  [99, '99'],
  [100, '99+'],
])('countBadge(%p) = %p', (units, text) => expect(countBadge(units)).toBe(text));

describe('claimButton', () => {
  const c = { canClaim: true, audience: 'all', claimed: 0, limit: 2, soldOut: false } as CentreCoupon;
  test.each([
    [c, false, '立即领取', 'open'],
    [{ ...c, claimed: 1 }, false, '再领一张', 'open'],
    [c, true, '领取中…', 'open'],
    [{ ...c, canClaim: false, claimed: 2 }, false, '已领取', 'claimed'],
    [{ ...c, canClaim: false, soldOut: true }, false, '已抢光', 'sold_out'],
    [{ ...c, canClaim: false, audience: 'new' }, false, '仅限新人', 'new_only'],
  ])('%o busy=%p → %s', (coupon, busy, label, state) => expect(claimButton(coupon as CentreCoupon, busy)).toEqual({ label, state }));
});
