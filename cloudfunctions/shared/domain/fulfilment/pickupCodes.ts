/**
 * Pickup codes are issued inside the transaction that moves a pickup order to paid, and voided inside the one that
 * closes it (refund, cancellation). Collection `pickup_codes`, one document per order (`_id` = the order id) with a
 * unique index on `code`: a code is never issued twice, used or not. 12 random digits from node:crypto; guessing is
 * bounded by the clerk throttle (pickup.ts). Order answers carry only the code's state (`order.pickup`).
 */
import { randomInt } from 'node:crypto';
import { PICKUP_CODE_DIGITS, type Order, type OrderPickup } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { updateOrder } from '../orders/records';

export const CODES = 'pickup_codes';

export const newPickupCode = (): string =>
  Array.from({ length: PICKUP_CODE_DIGITS / 6 }, () => String(randomInt(0, 1_000_000)).padStart(6, '0')).join('');

/** Inside the paying transaction: a fresh code for a pickup order (none for other delivery methods). */
export async function issuePickupCode(tx: Transaction, db: Database, o: Pick<Order, '_id' | 'openid' | 'delivery'>, now: Date): Promise<string | null> {
  if (o.delivery.method !== 'pickup' || !o.delivery.store) return null;
  if ((await tx.collection(CODES).doc(o._id).get()).data) return null;
  const code = newPickupCode();
  await tx.collection(CODES).doc(o._id).set({ code, openid: o.openid, storeId: o.delivery.store._id, status: 'active', createdAt: now.toISOString(), usedAt: null, usedBy: null });
  const pickup: OrderPickup = { storeId: o.delivery.store._id, status: 'active', usedAt: null, usedBy: null };
  await updateOrder(tx, o._id, { pickup: db.command.set(pickup) });
  return code;
}

/** Inside the closing transaction: the order's code can no longer be used. */
export async function voidPickupCode(tx: Transaction, db: Database, o: Order): Promise<void> {
  if (!o.pickup || o.pickup.status !== 'active') return;
  await tx.collection(CODES).doc(o._id).update({ status: 'void' });
  await updateOrder(tx, o._id, { pickup: db.command.set({ ...o.pickup, status: 'void' }) });
}
