/**
 * The dashboard's part in an order's life: a payment, a refund that succeeded (whole or part) and a completion each
 * move the day's and the hour's rollups inside the order's own transaction, so the figures never disagree with the
 * orders and are never computed by scanning them (stats/rollups.ts).
 */
import type { OrderParticipant } from '../orders/participant';
import { recordCompleted, recordPaid, recordRefunded } from './rollups';

export const dashboardStats: OrderParticipant = {
  name: 'dashboard statistics',
  async onPaid({ tx, db, order: o, now }) {
    await recordPaid(tx, db, { orderId: o._id, openid: o.openid, amount: o.amounts.payable, lines: o.lines }, now);
  },
  async onRefunded({ tx, db, now }, r) {
    await recordRefunded(tx, db, r.refundNo, r.amount, now);
  },
  async onCompleted({ tx, db, order: o, now }) {
    await recordCompleted(tx, db, o._id, o.amounts.payable, now);
  },
};
