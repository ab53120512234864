/** Orders paid in a time window, oldest first: what fulfilment checks against WeChat's shipping-information uploads. */
import type { Order } from '@shop/types';
import type { Database } from '../../db/types';
import { asOrder } from './queries';

/** paid and not closed since (a closed paid order was refunded: nothing to ship, nothing to tell WeChat) */
const LIVE_PAID = ['paid', 'partly_shipped', 'shipped', 'completed'];

/** One slice of the orders paid through WeChat Pay in [since, before), by paidAt then id. */
export async function paidOrdersBetween(db: Database, since: Date, before: Date, skip: number, limit: number): Promise<Order[]> {
  const _ = db.command;
  const { data } = await db
    .collection('orders')
    .where({ paidAt: _.gte(since.toISOString()).and(_.lt(before.toISOString())), status: _.in(LIVE_PAID), payment: _.neq(null) })
    .orderBy('paidAt', 'asc')
    .orderBy('_id', 'asc')
    .skip(skip)
    .limit(limit)
    .get();
  return data.map(asOrder);
}
