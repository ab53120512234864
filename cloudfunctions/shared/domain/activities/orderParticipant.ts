/**
 * The activities' part in an order's life: the activity hold taken before the order's transaction becomes the
 * order's when it is written; a presale that ships some days after payment learns its date when paid; an order
 * released unshipped gives the activity's stock and the shopper's quota back.
 */
import type { OrderParticipant } from '../orders/participant';
import { claimHold } from './reserve';
import { presaleShipFrom } from './rules';
import { clearSoldOut } from '../../runtime/instanceCache';
import { countersMoved } from './cardFacts';

export const activityStock: OrderParticipant = {
  name: 'activity stock and quota',
  async onPlaced({ tx, holdId, order }) {
    if (holdId) await claimHold(tx, holdId, order._id);
  },
  async onPaid({ db, order: o, now }) {
    if (!o.presale || o.presale.ship.mode !== 'afterPayment') return;
    return { set: { presale: db.command.set({ ...o.presale, shipFrom: presaleShipFrom(o.presale.ship, now.toISOString()) }) } };
  },
  async onReleased({ tx, db, order }, why) {
    if (!why.stock) return;
    const _ = db.command;
    for (const l of order.lines) {
      const a = l.activity;
      if (a?.stockKey && a.stockTaken > 0) {
        await tx.collection('activity_stock').doc(a.stockKey).update({ left: _.inc(a.stockTaken), sold: _.inc(-a.stockTaken) });
        // sell it again in this instance (a take racing the commit may mark it once more, for a second at most)
        clearSoldOut(db, a.stockKey);
        countersMoved(db, a.stockKey);
      }
      if (a?.quotaKey && a.quotaTaken > 0) await tx.collection('activity_quota').doc(a.quotaKey).update({ taken: _.inc(-a.quotaTaken) });
    }
  },
  // and once more after the commit where the lifecycle runs this hook (others sell it when their marker expires)
  async afterReleased(db, order, _now, why) {
    if (!why.stock) return;
    for (const l of order.lines) {
      if (!l.activity?.stockKey || l.activity.stockTaken <= 0) continue;
      clearSoldOut(db, l.activity.stockKey);
      countersMoved(db, l.activity.stockKey);
    }
  },
};
