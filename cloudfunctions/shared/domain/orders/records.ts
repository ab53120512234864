/**
 * The orders collection as the other folders see it (orders owns `orders`; see schema.ts): plain reads by id and by
 * payment window, and a field update that runs in the caller's transaction when it passes one. The order's rules
 * (states, history texts) stay with the callers that already decide them.
 */
import type { Order } from '@shop/types';
import type { Database, Transaction } from '../../db/types';

/** One order's document, or undefined. */
export async function orderDoc(db: Database, id: string): Promise<Order | undefined> {
  return (await db.collection('orders').doc(id).get()).data[0] as unknown as Order | undefined;
}

/** One order's document in a transaction, or null. */
export async function orderDocTx(tx: Transaction, id: string): Promise<Order | null> {
  return (await tx.collection('orders').doc(id).get()).data as unknown as Order | null;
}

/** Sets fields of an order (update operators from `db.command` allowed), in `tx` when given. */
export async function updateOrder(tx: Transaction | Database, id: string, patch: Record<string, unknown>): Promise<void> {
  await tx.collection('orders').doc(id).update(patch);
}

/** One page of the orders paid and not closed holding a line of this activity, latest payment first. */
export async function paidOrdersWithActivity(db: Database, activityId: string, skip: number, limit: number): Promise<Order[]> {
  const _ = db.command;
  const { data } = await db.collection('orders').where({ activityIds: activityId, paidAt: _.neq(null), status: _.neq('closed') }).orderBy('paidAt', 'desc').skip(skip).limit(limit).get();
  return data as unknown as Order[];
}

/** Which of these shoppers (up to 1000 orders looked at) have a paid order. */
export async function shoppersWithPaidOrders(db: Database, openids: string[]): Promise<string[]> {
  const _ = db.command;
  const { data } = await db.collection('orders').where({ openid: _.in(openids), paidAt: _.neq(null) }).field({ openid: true }).limit(1000).get();
  return [...new Set(data.map((d) => String((d as { openid?: unknown }).openid)))];
}

/** Up to `limit` orders shipped (status `shipped`) at or before `before`. */
export async function shippedOrdersBefore(db: Database, before: string, limit: number): Promise<Order[]> {
  const { data } = await db.collection('orders').where({ status: 'shipped', shippedAt: db.command.lte(before) }).limit(limit).get();
  return data as unknown as Order[];
}

/**
 * One page of the orders paid from `from` (inclusive) to `to` (inclusive when `toInclusive`), oldest payment first
 * (then by id, so paging is stable).
 */
export async function paidOrdersPage(db: Database, w: { from: string; to: string; toInclusive: boolean }, skip: number, limit: number): Promise<Order[]> {
  const _ = db.command;
  const { data } = await db
    .collection('orders')
    .where({ paidAt: _.gte(w.from).and(w.toInclusive ? _.lte(w.to) : _.lt(w.to)) })
    .orderBy('paidAt', 'asc')
    .orderBy('_id', 'asc')
    .skip(skip)
    .limit(limit)
    .get();
  return data as unknown as Order[];
}

/** Up to `limit` orders with `after…` work still to run again (`followUps`, absent when none). */
export async function ordersWithFollowUps(db: Database, limit: number): Promise<Order[]> {
  const { data } = await db.collection('orders').where({ followUps: db.command.exists(true) }).limit(limit).get();
  return data as unknown as Order[];
}
