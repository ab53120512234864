/**
 * Fulfilment in an order's life: a pickup order gets its code when it is paid (or placed with nothing to pay), and
 * the code is voided when a paid order is released; every shipment (express, same-city, pickup, virtual) is queued
 * for WeChat's shipping-information upload once it is recorded.
 */
import type { OrderParticipant } from '../orders/participant';
import { issuePickupCode, voidPickupCode } from './pickupCodes';
import { queueShippingInfo } from './wxShipping';

export const pickupCode: OrderParticipant = {
  name: 'pickup code',
  async onPlaced({ tx, db, order: o, now }) {
    // nothing to pay: paid at once, so a pickup order gets its code now
    if (o.status === 'paid') await issuePickupCode(tx, db, o, now);
  },
  async onPaid({ tx, db, order, now }) {
    await issuePickupCode(tx, db, order, now);
  },
  async onReleased({ tx, db, order }, why) {
    if (why.reason !== 'unpaidClose') await voidPickupCode(tx, db, order);
  },
};

export const wxShippingUpload: OrderParticipant = {
  name: 'WeChat shipping information',
  retries: 2,
  async afterShipped(db, o, now) {
    await queueShippingInfo(db, o, now);
  },
};
