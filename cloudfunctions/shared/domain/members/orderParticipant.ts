/**
 * Points and experience in an order's life: points spent when the order is placed and given back when it is
 * released; points and experience earned when it completes, on what was paid for goods and kept; a refund takes back
 * its part (a whole refund: everything the order earned). And the customer's trade: orders paid, spent, last order.
 */
import type { Database, Transaction } from '../../db/types';
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

/** A customer's trade (orders paid, fen spent less refunds, the latest payment), moved in the order's own transaction. */
async function moveTrade({ tx, db }: { tx: Transaction; db: Database }, openid: string, change: { orders?: number; spent: number; at?: string }) {
  const _ = db.command;
  const patch: Record<string, unknown> = { 'trade.spent': _.inc(change.spent) };
  if (change.orders) patch['trade.orders'] = _.inc(change.orders);
  if (change.at) patch['trade.lastOrderAt'] = change.at;
  await tx.collection('shoppers').doc(openid).update(patch);
}

export const customerTrade: OrderParticipant = {
  name: 'customer trade',
  async onPlaced(s) {
    // nothing to pay: paid at once, and counted as an order with nothing spent
    if (s.order.status === 'paid') await moveTrade(s, s.order.openid, { orders: 1, spent: 0, at: s.now.toISOString() });
  },
  async onPaid(s) {
    // the payment was checked against the payable amount before the walk
    await moveTrade(s, s.order.openid, { orders: 1, spent: s.order.amounts.payable, at: s.now.toISOString() });
  },
  async onRefunded(s, r) {
    await moveTrade(s, s.order.openid, { spent: -r.amount });
  },
};
