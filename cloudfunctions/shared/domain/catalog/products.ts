/** Products and their SKUs: create, update, read, list, delete. */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AdminProductListInput, CatalogListInput, Page, Product, ProductCard, ProductInput, ProductWithSkus, Sku } from '@shop/types';
import type { Database, Doc, Query } from '../../db/types';
import { DbError } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { pageOf } from '../paging';
import { checkSkus, escapeRegExp, searchTextOf, slugify, summarise } from './rules';
import { lowStockWhere, stockLowOf } from './stockAlert';
import { detailToSave } from './richDetail';

export type ProductData = z.output<typeof ProductInput>;
export const newId = () => randomUUID().replace(/-/g, '');

const asProduct = (d: Doc) => d as unknown as Product;
const asSku = (d: Doc) => d as unknown as Sku;

/** The SKUs of a product in the product's order. */
export async function skusOf(db: Database, p: Product): Promise<Sku[]> {
  if (p.skuIds.length === 0) return [];
  const _ = db.command;
  const { data } = await db.collection('skus').where({ _id: _.in(p.skuIds) }).limit(1000).get();
  const byId = new Map(data.map((d) => [d._id, asSku(d)]));
  return p.skuIds.map((id) => byId.get(id)).filter((s): s is Sku => !!s);
}

async function checkRefs(db: Database, input: ProductData) {
  const _ = db.command;
  const details: { path: string; message: string }[] = [];
  const cats = [...new Set(input.categoryIds)];
  if (cats.length) {
    const { total } = await db.collection('categories').where({ _id: _.in(cats) }).count();
    if (total !== cats.length) details.push({ path: 'categoryIds', message: 'a category does not exist' });
  }
  if (input.brandId) {
    const { data } = await db.collection('brands').doc(input.brandId).get();
    if (!data.length) details.push({ path: 'brandId', message: 'the brand does not exist' });
  }
  details.push(...checkSkus(input.specs, input.skus));
  if (details.length) throw new AppError('VALIDATION_FAILED', details[0].message, details);
}

async function ensureUnique(db: Database, field: 'slug' | 'code', value: string, selfId: string | null, coll = 'products') {
  const { data } = await db.collection(coll).where({ [field]: value }).field({ _id: true }).limit(2).get();
  if (data.some((d) => d._id !== selfId)) {
    const code = field === 'slug' ? 'SLUG_TAKEN' : 'CODE_TAKEN';
    throw new AppError(code, `${field} "${value}" is already used`, [{ path: field, message: `${field} is already used` }]);
  }
}

const mapDuplicate = (e: unknown): never => {
  if (e instanceof DbError && e.code === 'DATABASE_DUPLICATE_WRITE') {
    throw new AppError('CONFLICT', 'a slug or code was taken at the same time; please try again');
  }
  throw e;
};

/** Writes a product and its SKUs in one transaction; SKUs that the input no longer names are removed. */
async function writeProduct(db: Database, id: string, input: ProductData, existing: (Product & { skus: Sku[] }) | null, now: string, opts: SaveOptions): Promise<ProductWithSkus> {
  // an unchanged detail is kept as stored (it was sanitized when saved, or is plain text from before rich details)
  const rich = existing && input.detail === existing.detail ? { detail: existing.detail, detailFormat: existing.detailFormat } : detailToSave(input.detail, opts.isOwnUrl);
  const code = input.code ?? existing?.code ?? `P${Date.now().toString(36).toUpperCase()}${newId().slice(0, 4).toUpperCase()}`;
  const slug = input.slug ?? existing?.slug ?? (slugify(code) || `p-${newId().slice(0, 10)}`);
  await ensureUnique(db, 'slug', slug, existing?._id ?? null);
  await ensureUnique(db, 'code', code, existing?._id ?? null);

  const oldSkus = new Map((existing?.skus ?? []).map((s) => [s._id, s]));
  // a SKU without a code gets the first free `<product code>-<n>`
  const used = new Set(input.skus.map((s) => s.code ?? (s._id ? oldSkus.get(s._id)?.code : undefined)).filter(Boolean));
  let n = 0;
  const nextCode = () => {
    do n++;
    while (used.has(`${code}-${n}`));
    used.add(`${code}-${n}`);
    return `${code}-${n}`;
  };
  const skus: Sku[] = input.skus.map((s, i) => {
    const old = s._id ? oldSkus.get(s._id) : undefined;
    if (s._id && !old) throw new AppError('VALIDATION_FAILED', `SKU ${s._id} is not part of this product`, [{ path: `skus.${i}._id`, message: 'unknown SKU' }]);
    // a product linked to a Jingdou Cloud material: its stock is the ERP warehouse's, set by the sync only
    if (existing?.erp && s.stock !== (old?.stock ?? 0)) {
      throw new AppError('ERP_OWNED_STOCK', erpStockMessage(), [{ path: `skus.${i}.stock`, message: 'stock comes from Jingdou Cloud' }]);
    }
    return {
      ...(old?.erp ? { erp: old.erp } : {}),
      _id: old?._id ?? newId(),
      productId: id,
      specValues: s.specValues,
      code: s.code ?? old?.code ?? nextCode(),
      price: s.price,
      originalPrice: s.originalPrice,
      stock: s.stock,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
    };
  });
  const skuCodes = skus.map((s) => s.code);
  if (new Set(skuCodes).size !== skuCodes.length) throw new AppError('CODE_TAKEN', 'two SKUs share a code', [{ path: 'skus', message: 'SKU codes must differ' }]);
  const _ = db.command;
  const clash = (await db.collection('skus').where({ code: _.in(skuCodes) }).field({ code: true, productId: true }).limit(1000).get()).data.find(
    (d) => (d as { productId?: string }).productId !== id,
  );
  if (clash) throw new AppError('CODE_TAKEN', `SKU code "${String(clash.code)}" is already used`, [{ path: 'skus', message: 'SKU code already used' }]);

  const product: Product = {
    _id: id,
    name: input.name,
    summary: input.summary,
    slug,
    code,
    type: input.type,
    categoryIds: [...new Set(input.categoryIds)],
    brandId: input.brandId,
    images: input.images,
    detail: rich.detail,
    ...(rich.detailFormat ? { detailFormat: rich.detailFormat } : {}),
    onShelf: input.onShelf,
    stockStrategy: input.stockStrategy,
    pointsCoefficient: input.pointsCoefficient,
    freightTemplateId: input.freightTemplateId,
    weightGrams: input.weightGrams,
    stockAlert: input.stockAlert ?? null,
    stockLow: stockLowOf(summarise(skus).stockTotal, input.stockAlert),
    specs: input.specs,
    skuIds: skus.map((s) => s._id),
    ...summarise(skus),
    sales: existing?.sales ?? 0,
    searchText: searchTextOf({ name: input.name, code, slug, summary: input.summary }),
    // the link to a Jingdou Cloud material survives the merchant's edits (only the sync sets it)
    ...(existing?.erp ? { erp: existing.erp } : {}),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const keep = new Set(product.skuIds);
  await db
    .runTransaction(async (t) => {
      // dropped SKUs go first, so a new SKU may take over a code that a dropped one had
      for (const old of oldSkus.keys()) if (!keep.has(old)) await t.collection('skus').doc(old).remove();
      const { _id, ...doc } = product;
      await t.collection('products').doc(_id).set(doc);
      for (const s of skus) {
        const { _id: sid, ...sdoc } = s;
        await t.collection('skus').doc(sid).set(sdoc);
      }
    })
    .catch(mapDuplicate);
  return { ...product, skus };
}

/** Why the mall refuses a stock change of a product linked to Jingdou Cloud. */
export const erpStockMessage = () => '该商品的库存来自精斗云（微商城仓库 WSCCK），请在精斗云中调整库存，同步后自动更新';

/** `isOwnUrl`: the storage's check, so that detail pictures from the shop's own storage survive the sanitizer (without it, only in-shop paths do) */
export interface SaveOptions {
  isOwnUrl?: (url: string) => boolean;
}

export async function createProduct(db: Database, input: ProductData, now: Date, opts: SaveOptions = {}): Promise<ProductWithSkus> {
  await checkRefs(db, input);
  return writeProduct(db, newId(), input, null, now.toISOString(), opts);
}

export async function updateProduct(db: Database, id: string, input: ProductData, now: Date, opts: SaveOptions = {}): Promise<ProductWithSkus> {
  const existing = await getProduct(db, id);
  await checkRefs(db, input);
  return writeProduct(db, id, input, existing, now.toISOString(), opts);
}

export async function getProduct(db: Database, id: string): Promise<ProductWithSkus> {
  const { data } = await db.collection('products').doc(id).get();
  if (!data.length) throw notFound('product');
  const p = asProduct(data[0]);
  return { ...p, skus: await skusOf(db, p) };
}

/** What a shopper may see: on-shelf products only. */
export async function getProductForShopper(db: Database, by: { id?: string; slug?: string }): Promise<ProductWithSkus> {
  let p: Product | undefined;
  if (by.id) p = (await db.collection('products').doc(by.id).get()).data.map(asProduct)[0];
  else p = (await db.collection('products').where({ slug: by.slug! }).limit(1).get()).data.map(asProduct)[0];
  if (!p || !p.onShelf) throw notFound('product');
  // the ERP link is the merchant's business, not the shopper's
  const { searchText: _s, erp: _e, ...rest } = p;
  return { ...(rest as Product), skus: (await skusOf(db, p)).map(({ erp: _x, ...sku }) => sku as Sku) };
}

export const toCard = (p: Product): ProductCard => ({
  _id: p._id,
  name: p.name,
  summary: p.summary,
  slug: p.slug,
  image: p.images[0] ?? null,
  priceMin: p.priceMin,
  priceMax: p.priceMax,
  originalPriceMax: p.originalPriceMax,
  stockTotal: p.stockTotal,
  sales: p.sales,
});
const CARD_FIELDS = { name: true, summary: true, slug: true, images: true, priceMin: true, priceMax: true, originalPriceMax: true, stockTotal: true, sales: true };

const range = (db: Database, min?: number, max?: number) => {
  const _ = db.command;
  if (min !== undefined && max !== undefined) return _.gte(min).and(_.lte(max));
  if (min !== undefined) return _.gte(min);
  if (max !== undefined) return _.lte(max);
  return undefined;
};

/** The storefront's query: on-shelf products filtered and sorted as the input says, projected to card fields. */
function shopperQuery(db: Database, input: Omit<z.output<typeof CatalogListInput>, 'page' | 'pageSize'>): Query {
  const _ = db.command;
  const where: Record<string, unknown> = { onShelf: true };
  if (input.categoryId) where.categoryIds = input.categoryId;
  if (input.brandId) where.brandId = input.brandId;
  const price = range(db, input.minPrice, input.maxPrice);
  if (price) where.priceMin = price;
  if (input.inStockOnly) where.stockTotal = _.gt(0);
  if (input.keyword) where.searchText = db.RegExp({ regexp: escapeRegExp(input.keyword.toLowerCase()), options: 'i' });
  // every sort ends with _id in the same direction, so pages are stable and one index (schema.ts) serves it
  let q = db.collection('products').where(where);
  switch (input.sort) {
    case 'sales': q = q.orderBy('sales', 'desc').orderBy('_id', 'desc'); break;
    case 'price_asc': q = q.orderBy('priceMin', 'asc').orderBy('_id', 'asc'); break;
    case 'price_desc': q = q.orderBy('priceMin', 'desc').orderBy('_id', 'desc'); break;
    case 'newest': q = q.orderBy('createdAt', 'desc').orderBy('_id', 'desc'); break;
    default: q = q.orderBy('sales', 'desc').orderBy('createdAt', 'desc').orderBy('_id', 'desc');
  }
  return q.field(CARD_FIELDS);
}

export async function listForShopper(db: Database, input: z.output<typeof CatalogListInput>): Promise<Page<ProductCard>> {
  return pageOf(shopperQuery(db, input), input, (d) => toCard(asProduct(d)));
}

/** The first `limit` on-shelf cards of a category (null: all) by a sort, without a count (one read). */
export async function topCards(db: Database, categoryId: string | null, sort: 'newest' | 'sales', limit: number): Promise<ProductCard[]> {
  const { data } = await shopperQuery(db, { ...(categoryId ? { categoryId } : {}), sort }).limit(limit).get();
  return data.map((d) => toCard(asProduct(d)));
}

/** The on-shelf cards of these ids, in the order given (one read; absent or off-shelf ids left out). */
export async function cardsByIds(db: Database, ids: string[]): Promise<ProductCard[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const { data } = await db.collection('products').where({ _id: db.command.in(unique), onShelf: true }).field(CARD_FIELDS).limit(1000).get();
  const byId = new Map(data.map((d) => [d._id, toCard(asProduct(d))]));
  return unique.flatMap((id) => byId.get(id) ?? []);
}

/** `shopThreshold`: the shop's 库存预警 threshold, for the `lowStock` filter */
export async function listForAdmin(db: Database, input: z.output<typeof AdminProductListInput>, shopThreshold = 0): Promise<Page<Product>> {
  const where: Record<string, unknown> = {};
  if (input.categoryId) where.categoryIds = input.categoryId;
  if (input.brandId) where.brandId = input.brandId;
  if (input.type) where.type = input.type;
  if (input.onShelf !== undefined) where.onShelf = input.onShelf;
  const price = range(db, input.minPrice, input.maxPrice);
  if (price) where.priceMin = price;
  const stock = range(db, input.minStock, input.maxStock);
  if (stock) where.stockTotal = stock;
  const points = range(db, input.minPoints, input.maxPoints);
  if (points) where.pointsCoefficient = points;
  const _ = db.command;
  if (input.createdFrom && input.createdTo) where.createdAt = _.gte(input.createdFrom).and(_.lte(input.createdTo));
  else if (input.createdFrom) where.createdAt = _.gte(input.createdFrom);
  else if (input.createdTo) where.createdAt = _.lte(input.createdTo);
  if (input.name) where.name = db.RegExp({ regexp: escapeRegExp(input.name), options: 'i' });
  if (input.code) where.code = db.RegExp({ regexp: escapeRegExp(input.code), options: 'i' });
  const q = db
    .collection('products')
    .where(input.lowStock ? db.command.and([where, lowStockWhere(db, shopThreshold)]) : where)
    .orderBy(input.sortBy, input.order)
    .orderBy('_id', input.order);
  return pageOf(q, input, asProduct);
}

/** Deletes products and their SKUs, each product in its own transaction. */
export async function deleteProducts(db: Database, ids: string[]): Promise<{ deleted: number }> {
  let deleted = 0;
  for (const id of new Set(ids)) {
    const p = (await db.collection('products').doc(id).get()).data.map(asProduct)[0];
    if (!p) continue;
    await db.runTransaction(async (t) => {
      for (const s of p.skuIds) await t.collection('skus').doc(s).remove();
      await t.collection('products').doc(id).remove();
    });
    deleted++;
  }
  return { deleted };
}
