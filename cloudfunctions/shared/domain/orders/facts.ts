/** What the dashboard reads of orders (stats/): its to-do counts, and for a rebuild the orders completed and who paid before. */
import type { Order } from '@shop/types';
import type { Database } from '../../db/types';

/**
 * 待发货 (paid, not pickup) and 待自提 (paid pickup), counted as the order tabs split them (index status_time), and
 * 退单申请 (cancellation requests pending), as the tab of that name lists them.
 */
export async function ordersToDo(db: Database): Promise<{ toShip: number; toPickup: number; cancelRequests: number }> {
  const _ = db.command;
  const c = (where: Record<string, unknown>) => db.collection('orders').where(where).count().then((r) => r.total);
  const [toShip, toPickup, cancelRequests] = await Promise.all([
    c({ status: 'paid', 'delivery.method': _.neq('pickup') }),
    c({ status: 'paid', 'delivery.method': 'pickup' }),
    c({ 'cancelRequest.status': 'pending' }),
  ]);
  return { toShip, toPickup, cancelRequests };
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

/** Which of these shoppers paid an order before `before` (an instant), whatever became of it. */
export async function shoppersPaidBefore(db: Database, openids: string[], before: string): Promise<Set<string>> {
  const _ = db.command;
  const out = new Set<string>();
  const ask = async (ids: string[]): Promise<void> => {
    const { data } = await db.collection('orders').where({ openid: _.in(ids), paidAt: _.lt(before) }).field({ openid: true }).limit(1000).get();
    // a page full of a few shoppers' orders may leave others out: ask again in halves
    if (data.length === 1000 && ids.length > 1) {
      await ask(ids.slice(0, ids.length >> 1));
      await ask(ids.slice(ids.length >> 1));
      return;
    }
    for (const d of data) out.add(String(d.openid));
  };
  for (let i = 0; i < openids.length; i += 100) await ask(openids.slice(i, i + 100));
  return out;
}
