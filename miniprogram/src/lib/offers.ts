/** The product page's offer rows (catalog.offers) and the cart badge, in words: pure, table-tested in offers.test.ts. */
import type { CentreCoupon, CouponFace, DeliveryOffer } from '@shop/types';
import { formatYuan } from '@shop/types/src/money';

const y = (fen: number) => `¥${formatYuan(fen).replace(/\.00$/, '')}`;

/** A coupon in a few characters for the 领券 row: 满¥100减¥10 / ¥5无门槛 / 8.5折 / 满¥200打9折. */
export const couponShort = (c: Pick<CouponFace, 'type' | 'value' | 'threshold'>): string =>
  c.type === 'cash' ? (c.threshold > 0 ? `满${y(c.threshold)}减${y(c.value)}` : `${y(c.value)}无门槛`) : `${c.threshold > 0 ? `满${y(c.threshold)}打` : ''}${c.value / 100}折`;

/** The 运费 row: 快递 ¥10 · 满¥99包邮 (部分地区运费不同); null when there is no express */
export const freightText = (d: DeliveryOffer | null): string | null => {
  if (!d || !d.express) return null;
  return [d.express, d.free].filter(Boolean).join(' · ') + (d.regional ? '（部分地区运费不同）' : '');
};

/** The 服务 row from what the data says: 到店自提 / 同城配送; null when neither */
export const serviceText = (d: DeliveryOffer | null): string | null => {
  if (!d) return null;
  const parts = [d.pickup ? '支持到店自提' : '', d.local ? '同城配送' : ''].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
};

/** A count on an icon (units in the cart, orders, after-sales): '99+' above 99, '' (no badge) for none. */
export const countBadge = (units: number | null): string => (!units || units < 1 ? '' : units > 99 ? '99+' : String(units));

/** A centre coupon's claim button: its words and state (the coupon centre and the product page's coupon sheet). */
export function claimButton(c: CentreCoupon, busy: boolean): { label: string; state: 'open' | 'new_only' | 'sold_out' | 'claimed' } {
  // a new-customer coupon a shopper who has ordered before cannot claim (nothing held, not sold out)
  const notNew = !c.canClaim && c.audience === 'new' && c.claimed === 0 && !c.soldOut;
  const state = c.canClaim ? 'open' : notNew ? 'new_only' : c.soldOut && c.claimed < c.limit ? 'sold_out' : 'claimed';
  const label = busy ? '领取中…' : { open: c.claimed > 0 ? '再领一张' : '立即领取', new_only: '仅限新人', sold_out: '已抢光', claimed: '已领取' }[state];
  return { label, state };
}
