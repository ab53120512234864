/**
 * 库存预警: a product is low on stock when its units in stock (all SKUs, `stockTotal`) are below its own threshold
 * (`stockAlert`), or below the shop's when it has none (null). A product with its own threshold keeps `stockLow`
 * true while it is low, set wherever `stockTotal` or the threshold changes (save, batch, order stock moves, the
 * ERP's stock), so that the dashboard's count is two indexed counts and the product list's filter one query, both
 * without a scan, and a change of the shop's threshold rewrites nothing.
 */
import type { Database } from '../../db/types';

/** the `stockLow` a product with this total and own threshold keeps (pure) */
export const stockLowOf = (stockTotal: number, stockAlert: number | null | undefined): boolean => stockAlert != null && stockTotal < stockAlert;

/** the products low on stock, as a query (the shop's threshold for those without their own) */
export function lowStockWhere(db: Database, shopThreshold: number): Record<string, unknown> {
  const _ = db.command;
  return shopThreshold > 0 ? (_.or([{ stockAlert: null, stockTotal: _.lt(shopThreshold) }, { stockLow: true }]) as unknown as Record<string, unknown>) : { stockLow: true };
}

export async function lowStockCount(db: Database, shopThreshold: number): Promise<number> {
  const products = db.collection('products');
  const [byShop, byOwn] = await Promise.all([
    shopThreshold > 0 ? products.where({ stockAlert: null, stockTotal: db.command.lt(shopThreshold) }).count().then((r) => r.total) : 0,
    products.where({ stockLow: true }).count().then((r) => r.total),
  ]);
  return byShop + byOwn;
}
