/** SKUs with their products: what orders, the cart, activities and the ERP sync read of the catalog. */
import type { Product, Sku } from '@shop/types';
import type { Database } from '../../db/types';

export interface Goods {
  sku: Sku;
  product: Product;
}

/** The SKUs of these ids (absent ids are left out) and their products by id: two queries. */
export async function skusWithProducts(db: Database, skuIds: string[]): Promise<{ skus: Sku[]; products: Map<string, Product> }> {
  const _ = db.command;
  const { data: skus } = await db.collection('skus').where({ _id: _.in(skuIds) }).limit(1000).get();
  const productIds = [...new Set(skus.map((s) => String((s as unknown as Sku).productId)))];
  const { data: products } = productIds.length ? await db.collection('products').where({ _id: _.in(productIds) }).limit(1000).get() : { data: [] };
  return { skus: skus as unknown as Sku[], products: new Map(products.map((p) => [p._id, p as unknown as Product])) };
}

/** SKUs with their products, by SKU id; ids that no longer exist are absent. */
export async function loadGoods(db: Database, skuIds: string[]): Promise<Map<string, Goods>> {
  const ids = [...new Set(skuIds)];
  const out = new Map<string, Goods>();
  if (!ids.length) return out;
  const { skus, products } = await skusWithProducts(db, ids);
  for (const s of skus) {
    const product = products.get(s.productId);
    if (product) out.set(s._id, { sku: s, product });
  }
  return out;
}

export const lineName = (g: Goods) => (g.sku.specValues.length ? `${g.product.name} ${g.sku.specValues.join('/')}` : g.product.name);
