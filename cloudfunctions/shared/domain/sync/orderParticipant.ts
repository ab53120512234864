/**
 * The Jingdou Cloud mirror in an order's life: a paid order queues its sales outbound document, a paid order released
 * unshipped queues its cancellation (scenario 4, refund without return); after either commits the sync worker is
 * kicked (the timer sends anyway within a minute).
 */
import type { OrderParticipant } from '../orders/participant';
import { enqueueSync } from './outbox';
import { kickSync } from './kick';

const paidRelease = (why: { reason: string; stock: boolean }) => why.reason !== 'unpaidClose' && why.stock;

export const erpOutbox: OrderParticipant = {
  name: 'Jingdou Cloud outbox',
  async onPaid({ tx, order, now }) {
    // the ERP gets a sales outbound document for every paid order (every delivery method: the seed's scenarios)
    await enqueueSync(tx, 'order_out', order._id, now);
  },
  async onReleased({ tx, order, now }, why) {
    if (paidRelease(why)) await enqueueSync(tx, 'order_cancel', order._id, now);
  },
  async afterPaid() {
    kickSync();
  },
  async afterReleased(_db, _o, _now, why) {
    if (paidRelease(why)) kickSync();
  },
};
