/** What other folders read and write of after-sales requests (aftersales owns `aftersales`; see schema.ts). */
import { AFTERSALE_OPEN, type Aftersale } from '@shop/types';
import type { Database, Transaction } from '../../db/types';

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

/** The orders that have an after-sales request in this state, newest first (the admin's order search; up to `limit`). */
/** How many of a shopper's after-sales requests are still open (not refunded, rejected, cancelled or completed). */
export async function openAftersaleCount(db: Database, openid: string): Promise<number> {
  return (await db.collection('aftersales').where({ openid, status: db.command.in(AFTERSALE_OPEN) }).count()).total;
}

export async function orderIdsWithAftersaleStatus(db: Database, status: Aftersale['status'], limit = 1000): Promise<string[]> {
  const { data } = await db.collection('aftersales').where({ status }).orderBy('createdAt', 'desc').field({ orderId: true }).limit(limit).get();
  return [...new Set(data.map((d) => String(d.orderId)))];
}

/** The units an after-sales request's refund gives back (inside the refund's transaction). */
export async function aftersaleUnits(tx: Transaction, id: string): Promise<{ skuId: string; quantity: number }[]> {
  const a = (await tx.collection('aftersales').doc(id).get()).data as { lines?: { skuId: string; quantity: number }[] } | null;
  return (a?.lines ?? []).map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
}

/** Inside the refund's transaction: the after-sales request follows its refund. */
export async function markAftersaleRefunded(tx: Transaction, db: Database, id: string, refundNo: string, at: string) {
  const a = (await tx.collection('aftersales').doc(id).get()).data;
  if (!a || a.status === 'refunded') return;
  await tx.collection('aftersales').doc(id).update({
    status: 'refunded',
    updatedAt: at,
    history: db.command.push({ at, by: 'system', action: 'refunded', note: `退款成功 ${refundNo}` }),
  });
}
