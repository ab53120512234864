/**
 * What the customers' trade figures (members/orderParticipant.ts: `customerTrade`) are made of, read back from the
 * orders, for their rebuild (members/tradeRebuild.ts): per shopper, the orders paid, what they paid less what was
 * refunded, and the latest payment.
 */
import type { CustomerTrade } from '@shop/types';
import type { Database } from '../../db/types';

/** The trade of each of these shoppers from their paid orders (a shopper with none is absent), read in pages. */
export async function tradeFromOrders(db: Database, openids: string[], pageSize = 1000): Promise<Map<string, CustomerTrade>> {
  const _ = db.command;
  const out = new Map<string, CustomerTrade>();
  if (!openids.length) return out;
  let after: string | null = null;
  for (;;) {
    const where: Record<string, unknown> = { openid: _.in(openids), paidAt: _.neq(null) };
    if (after !== null) where._id = _.gt(after);
    const { data } = await db
      .collection('orders')
      .where(where)
      .orderBy('_id', 'asc')
      .field({ openid: true, paidAt: true, amounts: true, refund: true })
      .limit(pageSize)
      .get();
    for (const d of data) {
      const o = d as unknown as { openid: string; paidAt: string; amounts?: { payable?: number }; refund?: { refunded?: number } };
      const t = out.get(o.openid) ?? { orders: 0, spent: 0, lastOrderAt: null };
      t.orders += 1;
      t.spent += Number(o.amounts?.payable ?? 0) - Number(o.refund?.refunded ?? 0);
      if (t.lastOrderAt === null || o.paidAt > t.lastOrderAt) t.lastOrderAt = o.paidAt;
      out.set(o.openid, t);
    }
    if (data.length < pageSize) return out;
    after = data[data.length - 1]._id;
  }
}
