/** 库存预警 for the dashboard: products with fewer units in stock (all SKUs) than the shop's threshold (index sort_stock). */
import type { Database } from '../../db/types';

export const lowStockCount = (db: Database, threshold: number) =>
  threshold <= 0 ? Promise.resolve(0) : db.collection('products').where({ stockTotal: db.command.lt(threshold) }).count().then((r) => r.total);
