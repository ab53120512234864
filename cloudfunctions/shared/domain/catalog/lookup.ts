/**
 * Product reads the other folders need (catalog owns `products`; see schema.ts): by ids, by id, which ids exist,
 * and how many products use a freight template.
 */
import type { Product } from '@shop/types';
import type { Database } from '../../db/types';

/** The products of these ids (up to 1000; absent ids left out), only those on shelf when `onShelf`. */
export async function productsByIds(db: Database, ids: string[], opts: { onShelf?: true } = {}): Promise<Product[]> {
  const { data } = await db.collection('products').where({ _id: db.command.in(ids), ...(opts.onShelf ? { onShelf: true } : {}) }).limit(1000).get();
  return data as unknown as Product[];
}

/** One product's document, or undefined. */
export async function productDoc(db: Database, id: string): Promise<Product | undefined> {
  return (await db.collection('products').doc(id).get()).data[0] as unknown as Product | undefined;
}

/** Which of these product ids exist (up to 1000). */
export async function existingProductIds(db: Database, ids: string[]): Promise<Set<string>> {
  const { data } = await db.collection('products').where({ _id: db.command.in(ids) }).field({ _id: true }).limit(1000).get();
  return new Set(data.map((d) => d._id));
}

/** How many products use a freight template. */
export async function productsUsingTemplate(db: Database, templateId: string): Promise<number> {
  return (await db.collection('products').where({ freightTemplateId: templateId }).count()).total;
}

/** The product and SKUs a code names (a product's code, or one SKU's), for the admin's order search; empty when none. */
export async function goodsByCode(db: Database, code: string): Promise<{ productIds: string[]; skuIds: string[] }> {
  const [products, skus] = await Promise.all([
    db.collection('products').where({ code }).field({ _id: true }).limit(10).get(),
    db.collection('skus').where({ code }).field({ _id: true }).limit(10).get(),
  ]);
  return { productIds: products.data.map((d) => d._id), skuIds: skus.data.map((d) => d._id) };
}

/** SKU codes by SKU id (up to 1000 ids; absent ids left out), for the order export. */
export async function skuCodes(db: Database, skuIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(skuIds)];
  if (!ids.length) return new Map();
  const { data } = await db.collection('skus').where({ _id: db.command.in(ids) }).field({ code: true }).limit(1000).get();
  return new Map(data.map((d) => [d._id, String((d as { code?: unknown }).code ?? '')]));
}
