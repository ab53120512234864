/**
 * The customers' trade rebuilt from their orders (issue 17, `npm run customers:rebuild`): `trade {orders, spent,
 * lastOrderAt}` is kept by the orders' own transactions (orderParticipant.ts) only since that participant came in, so
 * older shops show zeros. This recomputes it per shopper, in pages of shoppers, from their paid orders, and sets it.
 *
 * Safe while the shop is live: a shopper's trade is read before their orders, and the new figures are written only
 * where the trade is still what was read (a conditional update on `trade.orders` and `trade.spent`; a payment moves
 * the first, a refund the second). When an order was paid or refunded meanwhile the shopper is read again. Running it
 * twice changes nothing the second time.
 */
import type { CustomerTrade } from '@shop/types';
import type { Database, Doc } from '../../db/types';
import { tradeFromOrders } from '../orders/shopperTrade';
import { tradeOf } from './customers';

export interface TradeRebuildReport {
  shoppers: number;
  /** shoppers whose trade changed */
  updated: number;
  /** shoppers read again because an order moved their trade while they were rebuilt */
  retried: number;
}

const NONE: CustomerTrade = { orders: 0, spent: 0, lastOrderAt: null };
const same = (a: CustomerTrade, b: CustomerTrade) => a.orders === b.orders && a.spent === b.spent && a.lastOrderAt === b.lastOrderAt;

/** Rebuilds every shopper's trade, `pageSize` shoppers at a time (openid order). */
export async function rebuildTrade(db: Database, pageSize = 200): Promise<TradeRebuildReport> {
  const _ = db.command;
  const report: TradeRebuildReport = { shoppers: 0, updated: 0, retried: 0 };
  let after: string | null = null;
  for (;;) {
    const { data } = await db
      .collection('shoppers')
      .where(after === null ? {} : { _id: _.gt(after) })
      .orderBy('_id', 'asc')
      .field({ trade: true })
      .limit(pageSize)
      .get();
    if (!data.length) return report;
    report.shoppers += data.length;
    let pending: Doc[] = data;
    for (let round = 0; pending.length; round++) {
      const computed = await tradeFromOrders(db, pending.map((d) => d._id));
      const lost: string[] = [];
      for (const d of pending) {
        const was = d.trade === undefined || d.trade === null ? null : tradeOf(d);
        const now = computed.get(d._id) ?? NONE;
        if (was && same(was, now)) continue;
        if (!was && now.orders === 0) continue; // never paid, and nothing to show
        const guard = was ? { 'trade.orders': was.orders, 'trade.spent': was.spent } : { trade: d.trade === null ? null : _.exists(false) };
        const { updated } = await db.collection('shoppers').where({ _id: d._id, ...guard }).update({ trade: _.set(now) });
        if (updated) report.updated++;
        else lost.push(d._id);
      }
      if (!lost.length) break;
      if (round >= 5) throw new Error(`the trade of ${lost.join(', ')} kept moving while it was rebuilt: run the rebuild again`);
      report.retried += lost.length;
      pending = (await db.collection('shoppers').where({ _id: _.in(lost) }).field({ trade: true }).limit(lost.length).get()).data;
    }
    after = data[data.length - 1]._id;
  }
}
