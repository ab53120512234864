/** Batch operations over selected products (every SKU of each product), one transaction per product. */
import type { BatchOp, BatchResult, Product, Sku } from '@shop/types';
import { PRODUCT_CATEGORIES_MAX } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { adjust, summarise } from './rules';
import { stockLowOf } from './stockAlert';
import { erpStockMessage } from './products';
import { templateExists } from '../fulfilment/templates';

type Change = { product: Record<string, unknown>; skus: Map<string, Record<string, unknown>> };

/** Pure: what the operation changes on one product, or the reason it cannot. */
export function planBatch(op: BatchOp, p: Product, skus: Sku[]): Change | { code: string; message: string } {
  const skuChanges = new Map<string, Record<string, unknown>>();
  const product: Record<string, unknown> = {};
  if (op.kind === 'stock' && p.erp) return { code: 'ERP_OWNED_STOCK', message: erpStockMessage() };
  if (op.kind === 'price' || op.kind === 'originalPrice' || op.kind === 'stock') {
    const next = skus.map((s) => ({ ...s }));
    for (const s of next) {
      const v = adjust(s[op.kind], op.mode, op.value);
      if (v === null) {
        return op.kind === 'stock'
          ? { code: 'STOCK_NEGATIVE', message: `SKU ${s.code} has ${s.stock} in stock; lowering by ${op.value} would go below zero` }
          : { code: 'PRICE_NEGATIVE', message: `SKU ${s.code} would get a negative price` };
      }
      s[op.kind] = v;
      skuChanges.set(s._id, { [op.kind]: v });
    }
    Object.assign(product, summarise(next));
    product.stockLow = stockLowOf(product.stockTotal as number, p.stockAlert);
  } else if (op.kind === 'pointsCoefficient') {
    const v = op.mode === 'set' ? op.value : op.mode === 'raise' ? p.pointsCoefficient + op.value : p.pointsCoefficient - op.value;
    if (v < 0) return { code: 'VALIDATION_FAILED', message: 'the points coefficient cannot go below zero' };
    product.pointsCoefficient = Math.round(v * 100) / 100;
  } else if (op.kind === 'categories') {
    const next = op.mode === 'reset' ? [...new Set(op.categoryIds)] : [...new Set([...p.categoryIds, ...op.categoryIds])];
    if (next.length > PRODUCT_CATEGORIES_MAX) return { code: 'VALIDATION_FAILED', message: `a product has at most ${PRODUCT_CATEGORIES_MAX} categories` };
    product.categoryIds = next;
  } else if (op.kind === 'brand') {
    product.brandId = op.brandId;
  } else if (op.kind === 'freightTemplate') {
    product.freightTemplateId = op.freightTemplateId;
  } else {
    product.onShelf = op.onShelf;
  }
  return { product, skus: skuChanges };
}

export async function batchUpdate(db: Database, ids: string[], op: BatchOp, now: Date): Promise<BatchResult> {
  const _ = db.command;
  if (op.kind === 'categories') {
    const { total } = await db.collection('categories').where({ _id: _.in(op.categoryIds) }).count();
    if (total !== new Set(op.categoryIds).size) throw new AppError('VALIDATION_FAILED', 'a category does not exist', [{ path: 'op.categoryIds', message: 'unknown category' }]);
  }
  if (op.kind === 'brand' && op.brandId) {
    if (!(await db.collection('brands').doc(op.brandId).get()).data.length) throw new AppError('VALIDATION_FAILED', 'the brand does not exist', [{ path: 'op.brandId', message: 'unknown brand' }]);
  }
  if (op.kind === 'freightTemplate' && op.freightTemplateId) {
    if (!(await templateExists(db, op.freightTemplateId))) {
      throw new AppError('VALIDATION_FAILED', 'the freight template does not exist', [{ path: 'op.freightTemplateId', message: 'unknown freight template' }]);
    }
  }
  const result: BatchResult = { updated: 0, failed: [] };
  const stamp = now.toISOString();
  for (const id of new Set(ids)) {
    const outcome = await db.runTransaction(async (t) => {
      const p = (await t.collection('products').doc(id).get()).data as unknown as Product | null;
      if (!p) return { code: 'NOT_FOUND', message: 'product not found' };
      const skus: Sku[] = [];
      for (const sid of p.skuIds) {
        const s = (await t.collection('skus').doc(sid).get()).data as unknown as Sku | null;
        if (s) skus.push({ ...s, _id: sid });
      }
      const plan = planBatch(op, { ...p, _id: id }, skus);
      if ('code' in plan) return plan;
      for (const [sid, change] of plan.skus) await t.collection('skus').doc(sid).update({ ...change, updatedAt: stamp });
      await t.collection('products').doc(id).update({ ...plan.product, updatedAt: stamp });
      return null;
    });
    if (outcome) result.failed.push({ id, ...outcome });
    else result.updated++;
  }
  return result;
}
