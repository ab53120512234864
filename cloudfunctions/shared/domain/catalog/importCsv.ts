/**
 * CSV product import. Columns: name, slug and price are required; originalPrice, stock, code, summary,
 * category (names separated by | ), brand, type (physical / virtual, or 实物 / 虚拟). Prices in yuan.
 * All or nothing: when any row is wrong, every wrong row is reported by its line and nothing is written.
 * Imported products start off shelf. Missing categories and brands named in the file are created.
 */
import Papa from 'papaparse';
import type { ImportResult } from '@shop/types';
import { CSV_IMPORT_MAX_ROWS, ProductCode, ProductInput, PRODUCT_CATEGORIES_MAX, PRODUCT_NAME_MAX, PRODUCT_SUMMARY_MAX, Slug, parseYuan } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { createProduct, deleteProducts } from './products';
import { listBrands, listCategories, saveBrand, saveCategory } from './taxonomy';

export const CSV_COLUMNS = ['name', 'slug', 'price', 'originalPrice', 'stock', 'code', 'summary', 'category', 'brand', 'type'] as const;
const REQUIRED = ['name', 'slug', 'price'];

export interface ParsedRow {
  line: number;
  name: string;
  slug: string;
  price: number;
  originalPrice: number;
  stock: number;
  code?: string;
  summary: string;
  categories: string[];
  brand?: string;
  type: 'physical' | 'virtual';
}

/** Pure: parses and checks the file; returns rows or per-line errors (line 1 is the header). */
export function parseProductCsv(csv: string): { rows: ParsedRow[]; errors: ImportResult['errors'] } {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const errors: ImportResult['errors'] = [];
  const headers = parsed.meta.fields ?? [];
  const unknown = headers.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((h) => !headers.includes(h));
  if (missing.length) errors.push({ line: 1, message: `missing required column(s): ${missing.join(', ')}` });
  if (unknown.length) errors.push({ line: 1, message: `unknown column(s): ${unknown.join(', ')}; allowed: ${CSV_COLUMNS.join(', ')}` });
  if (errors.length) return { rows: [], errors };
  if (parsed.data.length > CSV_IMPORT_MAX_ROWS) return { rows: [], errors: [{ line: 1, message: `at most ${CSV_IMPORT_MAX_ROWS} rows per file (found ${parsed.data.length})` }] };
  if (parsed.data.length === 0) return { rows: [], errors: [{ line: 1, message: 'the file has no product rows' }] };

  const rows: ParsedRow[] = [];
  const slugs = new Map<string, number>();
  const codes = new Map<string, number>();
  parsed.data.forEach((raw, i) => {
    const line = i + 2;
    const err = (field: string, message: string) => errors.push({ line, field, message });
    const v = (k: string) => (raw[k] ?? '').trim();
    const before = errors.length;
    const name = v('name');
    if (!name) err('name', 'name is required');
    else if (name.length > PRODUCT_NAME_MAX) err('name', `name is longer than ${PRODUCT_NAME_MAX} characters`);
    const slug = v('slug');
    if (!slug) err('slug', 'slug is required');
    else if (!Slug.safeParse(slug).success) err('slug', 'slug takes lowercase letters, digits and single dashes');
    else if (slugs.has(slug)) err('slug', `slug repeats line ${slugs.get(slug)}`);
    else slugs.set(slug, line);
    const price = parseYuan(v('price'));
    if (!v('price')) err('price', 'price is required');
    else if (price === null) err('price', 'price must be a non-negative amount in yuan with at most 2 decimals');
    const originalPrice = v('originalPrice') ? parseYuan(v('originalPrice')) : 0;
    if (originalPrice === null) err('originalPrice', 'originalPrice must be a non-negative amount in yuan with at most 2 decimals');
    const stockText = v('stock') || '0';
    const stock = /^\d{1,8}$/.test(stockText) ? Number(stockText) : null;
    if (stock === null) err('stock', 'stock must be a whole number, zero or more');
    const code = v('code') || undefined;
    if (code && !ProductCode.safeParse(code).success) err('code', 'code takes letters, digits, _ . - (at most 40)');
    else if (code && codes.has(code)) err('code', `code repeats line ${codes.get(code)}`);
    else if (code) codes.set(code, line);
    const summary = v('summary');
    if (summary.length > PRODUCT_SUMMARY_MAX) err('summary', `summary is longer than ${PRODUCT_SUMMARY_MAX} characters`);
    const categories = [...new Set(v('category').split('|').map((c) => c.trim()).filter(Boolean))];
    if (categories.length > PRODUCT_CATEGORIES_MAX) err('category', `at most ${PRODUCT_CATEGORIES_MAX} categories`);
    if (categories.some((c) => c.length > 20)) err('category', 'a category name is longer than 20 characters');
    const brand = v('brand') || undefined;
    if (brand && brand.length > 40) err('brand', 'brand name is longer than 40 characters');
    const typeText = v('type');
    const type = !typeText || typeText === 'physical' || typeText === '实物' ? 'physical' : typeText === 'virtual' || typeText === '虚拟' ? 'virtual' : null;
    if (!type) err('type', 'type is physical or virtual (实物 / 虚拟)');
    if (errors.length === before) {
      rows.push({ line, name, slug, price: price!, originalPrice: originalPrice!, stock: stock!, code, summary, categories, brand, type: type! });
    }
  });
  return { rows, errors };
}

export async function importProductsCsv(db: Database, csv: string, now: Date): Promise<ImportResult> {
  const { rows, errors } = parseProductCsv(csv);
  const _ = db.command;
  if (!errors.length) {
    const bySlug = new Map(rows.map((r) => [r.slug, r.line]));
    const byCode = new Map(rows.filter((r) => r.code).map((r) => [r.code!, r.line]));
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const taken = await db.collection('products').where({ slug: _.in(chunk.map((r) => r.slug)) }).field({ slug: true }).limit(1000).get();
      for (const d of taken.data) errors.push({ line: bySlug.get(String(d.slug))!, field: 'slug', message: `slug "${String(d.slug)}" is already used by another product` });
      const codes = chunk.map((r) => r.code).filter((c): c is string => !!c);
      if (codes.length) {
        const takenCodes = await db.collection('products').where({ code: _.in(codes) }).field({ code: true }).limit(1000).get();
        for (const d of takenCodes.data) errors.push({ line: byCode.get(String(d.code))!, field: 'code', message: `code "${String(d.code)}" is already used by another product` });
      }
    }
  }
  if (errors.length) return { created: 0, errors: errors.sort((a, b) => a.line - b.line), productIds: [] };

  const cats = new Map((await listCategories(db)).map((c) => [c.name, c._id]));
  const brands = new Map((await listBrands(db)).map((b) => [b.name, b._id]));
  for (const r of rows) {
    for (const c of r.categories) if (!cats.has(c)) cats.set(c, (await saveCategory(db, { name: c, icon: null, sort: 100 }, now))._id);
    if (r.brand && !brands.has(r.brand)) brands.set(r.brand, (await saveBrand(db, { name: r.brand, logo: null }, now))._id);
  }
  const created: string[] = [];
  try {
    for (const r of rows) {
      // the product schema fills every other field with the same defaults the admin form gets
      const data = ProductInput.parse({
        name: r.name,
        summary: r.summary,
        slug: r.slug,
        code: r.code,
        type: r.type,
        categoryIds: r.categories.map((c) => cats.get(c)!),
        brandId: r.brand ? brands.get(r.brand)! : null,
        onShelf: false,
        skus: [{ specValues: [], price: r.price, originalPrice: r.originalPrice, stock: r.stock }],
      });
      created.push((await createProduct(db, data, now))._id);
    }
  } catch (e) {
    // a row lost a race for its slug or code: undo the rows written so far, so the file imports whole or not at all
    await deleteProducts(db, created);
    if (e instanceof AppError) throw new AppError('IMPORT_INVALID', `import stopped and was undone: ${e.message}`, e.details);
    throw e;
  }
  return { created: created.length, errors: [], productIds: created };
}
