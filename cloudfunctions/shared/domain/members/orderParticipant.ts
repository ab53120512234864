/**
 * Points and experience in an order's life: points spent when the order is placed and given back when it is
 * released; points and experience earned when it completes, on what was paid for goods and kept; a refund takes back
 * its part (a whole refund: everything the order earned).
 */
import type { OrderParticipant } from '../orders/participant';
import { goodsPaid } from '../orders/amounts';
import { grantForOrder, returnPoints, revokeEarned, revokeForRefund, spendPoints } from './account';

export const memberPoints: OrderParticipant = {
  name: 'points and experience',
  async onPlaced({ tx, order: o, now }) {
    if (o.points.used > 0) await spendPoints(tx, o.openid, o.points.used, o._id, now);
  },
  async onReleased({ tx, order: o, now }) {
    return { released: { points: await returnPoints(tx, o.openid, o._id, now) } };
  },
  async onCompleted({ tx, order: o, now }) {
    // experience is earned on what was paid for goods and kept: no freight, nothing refunded so far (seed 优惠叠加)
    await grantForOrder(tx, o.openid, { points: o.points.earned, paidFen: Math.max(0, goodsPaid(o) - o.refund.refunded) }, o._id, now);
  },
  async onRefunded({ tx, order: o, now }, r) {
    if (r.whole) await revokeEarned(tx, o.openid, o._id, now);
    else await revokeForRefund(tx, o.openid, o._id, r.refundNo, goodsPaid(o) - r.refunded, now);
  },
};
