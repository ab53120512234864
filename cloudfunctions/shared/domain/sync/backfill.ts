/**
 * Orders paid while the shop was not bound (before the binding, or between an unbind and a new binding) never got
 * an outbound item. The merchant sends those of a date range (Beijing calendar days) on purpose: each paid, not
 * closed order of the range without an `out:<order>` item gets one, in a transaction that first reads the item, so
 * asking twice, or two owners at once, queue each order once; the worker is idempotent by bill number anyway.
 * An order already shipped in the mall becomes an ordinary outbound document for the clerk to audit. An order with
 * a line of a product that does not come from the ERP (the mall's own products from before the first binding: seed
 * 000 FAQ 5, they are never linked) cannot become a document: it is counted, not queued.
 */
import type { SendPaidOrdersResult } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { getBinding } from './binding';
import { enqueueSync, itemId, OUTBOX } from './outbox';
import { linksOf } from './worker';
import { paidOrdersPage } from '../orders/records';

const DAY = 86_400_000;
/** the start of a Beijing calendar day (YYYY-MM-DD) as an instant */
const beijingMidnight = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

export async function sendPaidOrders(db: Database, input: { from: string; to: string }, now: Date): Promise<SendPaidOrdersResult> {
  const b = await getBinding(db);
  if (b.status !== 'bound') throw new AppError('INVALID_STATE', '尚未绑定精斗云账套');
  const from = new Date(beijingMidnight(input.from)).toISOString();
  const to = new Date(Math.min(beijingMidnight(input.to) + DAY, now.getTime() + 1)).toISOString();
  const result: SendPaidOrdersResult = { from: input.from, to: input.to, paid: 0, queued: 0, alreadySent: 0, closed: 0, notFromErp: 0 };
  for (let skip = 0; ; skip += 500) {
    const data = await paidOrdersPage(db, { from, to, toInclusive: false }, skip, 500);
    for (const o of data) {
      result.paid++;
      if (o.status === 'closed') {
        result.closed++;
        continue;
      }
      if ((await db.collection(OUTBOX).doc(itemId('order_out', o._id)).get()).data.length) {
        result.alreadySent++;
        continue;
      }
      const links = await linksOf(db, o.lines.map((l) => l.skuId));
      if (o.lines.some((l) => !links.get(l.skuId)?.product || !links.get(l.skuId)?.sku)) {
        result.notFromErp++;
        continue;
      }
      const queued = await db.runTransaction(async (tx) => {
        if ((await tx.collection(OUTBOX).doc(itemId('order_out', o._id)).get()).data) return false;
        return enqueueSync(tx, 'order_out', o._id, now);
      });
      if (queued) result.queued++;
      else result.alreadySent++;
    }
    if (data.length < 500) break;
  }
  return result;
}
