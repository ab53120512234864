/** What other folders read of after-sales requests (aftersales owns `aftersales`; see schema.ts). */
import type { Aftersale } from '@shop/types';
import type { Database } from '../../db/types';

/** One request's document, or undefined. */
export async function aftersaleDoc(db: Database, id: string): Promise<Aftersale | undefined> {
  return (await db.collection('aftersales').doc(id).get()).data[0] as unknown as Aftersale | undefined;
}

/** The refunds without return and the exchanges of these orders that were agreed (refunding or further on). */
export async function agreedRefundsAndExchanges(db: Database, orderIds: string[]): Promise<Aftersale[]> {
  const _ = db.command;
  const out: Aftersale[] = [];
  for (let i = 0; i < orderIds.length; i += 500) {
    const { data } = await db
      .collection('aftersales')
      .where({ orderId: _.in(orderIds.slice(i, i + 500)), type: _.in(['refund', 'exchange']), status: _.in(['refunding', 'refunded', 'exchange_shipped', 'completed']) })
      .limit(1000)
      .get();
    out.push(...(data as unknown as Aftersale[]));
  }
  return out;
}
