/**
 * Messages in an order's life, written in the step's own transaction: paid (and, for a pickup order, its code is
 * ready at the store), each parcel shipped, each refund paid back. Nothing is written for an event whose template
 * the owner has not set.
 */
import type { OrderParticipant } from '../orders/participant';
import { queueMessage } from './outbox';
import { orderPaidMessage, orderShippedMessage, pickupReadyMessage, refundResultMessage } from './events';

export const shopperMessages: OrderParticipant = {
  name: 'shopper messages',
  async onPlaced({ tx, order, now }) {
    // nothing to pay: paid at once (a pickup order's code is issued now)
    if (order.status !== 'paid') return;
    const ready = pickupReadyMessage(order);
    if (ready) await queueMessage(tx, ready, now);
  },
  async onPaid({ tx, order, now }) {
    await queueMessage(tx, orderPaidMessage(order, now), now);
    const ready = pickupReadyMessage(order);
    if (ready) await queueMessage(tx, ready, now);
  },
  async onShipped({ tx, order, now }, parcel) {
    await queueMessage(tx, orderShippedMessage(order, parcel), now);
  },
  async onRefunded({ tx, order, now }, r) {
    await queueMessage(tx, refundResultMessage(order, { refundNo: r.refundNo, amount: r.amount, ok: true }, now), now);
  },
};
