/** What the dashboard reads of orders (stats/): its to-do counts, and for a rebuild the orders completed and first paid. */
import type { Order } from '@shop/types';
import type { Database } from '../../db/types';

/** 待发货 (paid, not pickup) and 待自提 (paid pickup), counted as the order tabs split them (index status_time). */
export async function paidToFulfilCounts(db: Database): Promise<{ toShip: number; toPickup: number }> {
  const _ = db.command;
  const c = (where: Record<string, unknown>) => db.collection('orders').where({ status: 'paid', ...where }).count().then((r) => r.total);
  const [toShip, toPickup] = await Promise.all([c({ 'delivery.method': _.neq('pickup') }), c({ 'delivery.method': 'pickup' })]);
  return { toShip, toPickup };
}

/** One page of the orders completed from `from` (inclusive) to `to` (exclusive), oldest first (index completed). */
export async function completedOrdersPage(db: Database, w: { from: string; to: string }, skip: number, limit: number): Promise<Order[]> {
  const _ = db.command;
  const { data } = await db
    .collection('orders')
    .where({ completedAt: _.gte(w.from).and(_.lt(w.to)) })
    .orderBy('completedAt', 'asc')
    .orderBy('_id', 'asc')
    .skip(skip)
    .limit(limit)
    .get();
  return data as unknown as Order[];
}

/** The shopper's first paid order ever (closed or refunded later or not), or null. */
export async function firstPaidOrder(db: Database, openid: string): Promise<{ _id: string; paidAt: string } | null> {
  const { data } = await db
    .collection('orders')
    .where({ openid, paidAt: db.command.neq(null) })
    .orderBy('paidAt', 'asc')
    .orderBy('_id', 'asc')
    .limit(1)
    .field({ paidAt: true })
    .get();
  return data[0] ? { _id: data[0]._id, paidAt: data[0].paidAt as string } : null;
}
