/**
 * 已售: a product's `sales` counts the units shoppers paid for and kept. The order code calls this inside its own
 * transaction (payment: +units; a refund that names units, or a paid order cancelled: −units); the order records
 * what it counted (`order.sold`), so nothing is counted or taken back twice. A product deleted meanwhile is skipped.
 */
import type { Transaction } from '../../db/types';

export async function addSales(tx: Transaction, units: { productId: string; quantity: number }[], sign: 1 | -1): Promise<void> {
  const byProduct = new Map<string, number>();
  for (const u of units) if (u.quantity > 0) byProduct.set(u.productId, (byProduct.get(u.productId) ?? 0) + u.quantity);
  for (const [productId, quantity] of byProduct) {
    const p = (await tx.collection('products').doc(productId).get()).data as { sales?: unknown } | null;
    if (!p) continue;
    const sales = typeof p.sales === 'number' ? p.sales : 0;
    await tx.collection('products').doc(productId).update({ sales: Math.max(0, sales + sign * quantity) });
  }
}
