/** Stock moves inside an order transaction: a SKU's stock and its product's denormalised total move together. */
import type { Sku } from '@shop/types';
import type { Transaction } from '../../db/types';
import { stockLowOf } from './stockAlert';

export const readSku = async (tx: Transaction, skuId: string) => (await tx.collection('skus').doc(skuId).get()).data as unknown as Sku | null;

/** Moves the stock of a SKU already read in this transaction by `delta` (taken < 0, given back > 0). */
export async function moveStock(tx: Transaction, sku: Pick<Sku, 'stock'>, line: { skuId: string; productId: string }, delta: number) {
  await tx.collection('skus').doc(line.skuId).update({ stock: sku.stock + delta });
  const p = (await tx.collection('products').doc(line.productId).get()).data as { stockTotal?: number; stockAlert?: number | null } | null;
  if (!p) return;
  const stockTotal = Math.max(0, (p.stockTotal ?? 0) + delta);
  await tx.collection('products').doc(line.productId).update({ stockTotal, ...(p.stockAlert != null ? { stockLow: stockLowOf(stockTotal, p.stockAlert) } : {}) });
}
