/**
 * The catalog side of the Jingdou Cloud sync (catalog owns `products` and `skus`; see schema.ts): products found by
 * their material, links written on products and SKUs, the mall's own products giving up a code or going off shelf
 * when the shop is bound, and the ERP warehouse's stock set on the linked SKUs. The sync decides when; these write.
 */
import type { Product, Sku } from '@shop/types';
import type { Database } from '../../db/types';
import { searchTextOf } from './rules';
import { stockLowOf } from './stockAlert';

const num = (v: unknown) => Number(v ?? 0);

/** A free code, slug or SKU code with the -OLD suffix (-OLD2, -OLD3 … when taken). */
async function oldName(db: Database, coll: 'products' | 'skus', field: 'code' | 'slug', value: string, suffix = '-OLD'): Promise<string> {
  for (let n = 1; ; n++) {
    const v = `${value.slice(0, 40 - suffix.length - 2)}${suffix}${n === 1 ? '' : n}`;
    if (!(await db.collection(coll).where({ [field]: v }).limit(1).get()).data.length) return v;
  }
}

/**
 * An unlinked mall product holding `code` (the mall's product from before the binding) gives it up, with its slug
 * and its SKUs' codes (the new product's SKU codes derive from its code): all get the suffix -OLD. It stays off shelf.
 */
export async function freeCode(db: Database, code: string, now: Date): Promise<void> {
  const { data } = await db.collection('products').where({ code }).limit(1).get();
  const p = data[0] as unknown as Product | undefined;
  if (!p || p.erp) return;
  const t = now.toISOString();
  const newCode = await oldName(db, 'products', 'code', p.code);
  const newSlug = await oldName(db, 'products', 'slug', p.slug, '-old');
  const { data: skus } = await db.collection('skus').where({ productId: p._id }).limit(1000).get();
  for (const s of skus as unknown as Sku[]) if (s.code.startsWith(code)) await db.collection('skus').doc(s._id).update({ code: await oldName(db, 'skus', 'code', s.code), updatedAt: t });
  await db.collection('products').doc(p._id).update({ code: newCode, slug: newSlug, onShelf: false, searchText: searchTextOf({ name: p.name, code: newCode, slug: newSlug, summary: p.summary }), updatedAt: t });
}

/** The product linked to an ERP material number, or undefined. */
export async function productByMaterial(db: Database, materialNumber: string): Promise<Product | undefined> {
  const { data } = await db.collection('products').where({ 'erp.materialNumber': materialNumber }).limit(1).get();
  return data[0] as unknown as Product | undefined;
}

/** Writes a product's material link, and each of its SKUs' link as `skuLink` says. */
export async function linkProduct(db: Database, productId: string, link: NonNullable<Product['erp']>, skuLink: (s: Sku) => Sku['erp'], now: Date): Promise<void> {
  const t = now.toISOString();
  await db.collection('products').doc(productId).update({ erp: link, updatedAt: t });
  const { data: skus } = await db.collection('skus').where({ productId }).limit(1000).get();
  for (const s of skus as unknown as Sku[]) await db.collection('skus').doc(s._id).update({ erp: skuLink(s), updatedAt: t });
}

/**
 * Sets the stock of the SKU linked to (material, auxiliary property). Answers the product's id when the stock
 * changed (its total is then refreshed by `refreshStockTotals`), null otherwise (unknown, or already so).
 */
export async function setLinkedStock(db: Database, materialNumber: string, auxPropId: string, qty: number): Promise<string | null> {
  const p = await productByMaterial(db, materialNumber);
  if (!p) return null;
  const { data: skus } = await db.collection('skus').where({ productId: p._id }).limit(1000).get();
  const sku = (skus as unknown as Sku[]).find((s) => (s.erp?.auxPropId ?? null) === auxPropId);
  if (!sku || sku.stock === qty) return null;
  await db.collection('skus').doc(sku._id).update({ stock: qty });
  return p._id;
}

/** Each product's `stockTotal` becomes the sum of its SKUs' stock. */
export async function refreshStockTotals(db: Database, productIds: Iterable<string>): Promise<void> {
  for (const id of productIds) {
    const { data } = await db.collection('skus').where({ productId: id }).limit(1000).get();
    const stockTotal = data.reduce((n, s) => n + num(s.stock), 0);
    const own = (await db.collection('products').doc(id).get()).data[0]?.stockAlert as number | null | undefined;
    await db.collection('products').doc(id).update({ stockTotal, stockLow: stockLowOf(stockTotal, own) });
  }
}

/** The mall's own products (not linked to an ERP material) on shelf go off shelf. Answers how many. */
export async function takeUnlinkedProductsOffShelf(db: Database, now: Date): Promise<number> {
  const _ = db.command;
  const ids: string[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = await db.collection('products').where({ onShelf: true }).orderBy('_id', 'asc').field({ _id: true, erp: true }).skip(skip).limit(1000).get();
    for (const p of data) if (!(p as { erp?: unknown }).erp) ids.push(p._id);
    if (data.length < 1000) break;
  }
  for (let i = 0; i < ids.length; i += 500) {
    await db.collection('products').where({ _id: _.in(ids.slice(i, i + 500)), onShelf: true }).update({ onShelf: false, updatedAt: now.toISOString() });
  }
  return ids.length;
}
