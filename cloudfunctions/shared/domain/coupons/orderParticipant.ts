/**
 * Coupons in an order's life: the chosen coupon is used when the order is placed; it comes back when the order is
 * released only as the shop's settings say (an unpaid order closing: `returnOnUnpaidClose`, off by default per the
 * seed; a paid one cancelled or refunded whole: `returnOnRefund`); 满赠 gift coupons are granted once the order
 * completes (after its transaction, idempotent per order and campaign).
 */
import type { OrderParticipant } from '../orders/participant';
import { consumeCoupon, grantCoupons, releaseCoupon } from './orders';
import { countSendUse } from './sends';

export const orderCoupons: OrderParticipant = {
  name: 'coupon',
  retries: 3,
  async onPlaced({ tx, db, order: o, now }) {
    if (!o.coupon) return;
    await consumeCoupon(tx, o.coupon.heldId, o.openid, o._id, now);
    // nothing to pay: paid at once, and a use of a 发券宝 send (issue 17) like any paid order
    if (o.status === 'paid') await countSendUse(tx, db, o.coupon.heldId, o.amounts.payable);
  },
  async onPaid({ tx, db, order: o }) {
    if (o.coupon) await countSendUse(tx, db, o.coupon.heldId, o.amounts.payable);
  },
  async onReleased({ tx, order: o, now, settings }, why) {
    if (!o.coupon) return { released: { coupon: false } };
    const s = (await settings()).coupons;
    const back = why.reason === 'unpaidClose' ? s.returnOnUnpaidClose : s.returnOnRefund;
    return { released: { coupon: back ? await releaseCoupon(tx, o.coupon.heldId, o.openid, o._id, now) : false } };
  },
  async afterCompleted(db, o, now) {
    for (const g of o.giftCoupons) await grantCoupons(db, o.openid, g.couponId, g.quantity, `gift:${o._id}:${g.campaignId}`, now);
  },
};
