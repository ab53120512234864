/** What the dashboard reads of refunds (stats/): the 退款异常 count, and for a rebuild the refunds that succeeded. */
import type { Refund } from '@shop/types';
import type { Database } from '../../db/types';

/** Refunds WeChat Pay could not pay back (ABNORMAL), as the 退款管理 tab 异常 lists them (index status_next). */
export const abnormalRefundCount = (db: Database) => db.collection('refunds').where({ status: 'ABNORMAL' }).count().then((r) => r.total);

/**
 * One page of the order refunds that succeeded from `from` (inclusive) to `to` (exclusive), by when they settled (a
 * SUCCESS refund never changes again, so its `updatedAt` is that moment; index status_updated). Late-payment refunds
 * are not the order's and are left out.
 */
export async function succeededRefundsPage(db: Database, w: { from: string; to: string }, skip: number, limit: number): Promise<Refund[]> {
  const _ = db.command;
  const { data } = await db
    .collection('refunds')
    .where({ status: 'SUCCESS', updatedAt: _.gte(w.from).and(_.lt(w.to)), source: _.neq('late_payment') })
    .orderBy('updatedAt', 'asc')
    .orderBy('_id', 'asc')
    .skip(skip)
    .limit(limit)
    .get();
  return data as unknown as Refund[];
}
