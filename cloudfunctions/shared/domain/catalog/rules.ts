/** Pure catalog rules: SKU checks, denormalised product fields, slugs, batch adjustments. Table-tested in rules.test.ts. */
import type { Spec } from '@shop/types';

export interface SkuLike {
  specValues: string[];
  price: number;
  originalPrice: number;
  stock: number;
}
export interface RuleIssue {
  path: string;
  message: string;
}

/** Each SKU names one value of every spec, in spec order, and no two SKUs name the same combination. */
export function checkSkus(specs: Spec[], skus: SkuLike[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const names = new Set<string>();
  specs.forEach((s, i) => {
    if (names.has(s.name)) issues.push({ path: `specs.${i}.name`, message: `spec name "${s.name}" is repeated` });
    names.add(s.name);
    if (new Set(s.values).size !== s.values.length) issues.push({ path: `specs.${i}.values`, message: `spec "${s.name}" repeats a value` });
  });
  if (specs.length === 0 && skus.length > 1) issues.push({ path: 'skus', message: 'a product without specs has exactly one SKU' });
  const seen = new Set<string>();
  skus.forEach((sku, i) => {
    if (sku.specValues.length !== specs.length) {
      issues.push({ path: `skus.${i}.specValues`, message: `needs ${specs.length} spec value(s), one per spec` });
      return;
    }
    sku.specValues.forEach((v, j) => {
      if (!specs[j].values.includes(v)) issues.push({ path: `skus.${i}.specValues.${j}`, message: `"${v}" is not a value of spec "${specs[j].name}"` });
    });
    const key = JSON.stringify(sku.specValues);
    if (seen.has(key)) issues.push({ path: `skus.${i}.specValues`, message: `the combination ${sku.specValues.join(' / ')} appears twice` });
    seen.add(key);
  });
  return issues;
}

/** The figures the product document keeps from its SKUs for listing, search and sort. */
export function summarise(skus: SkuLike[]) {
  if (skus.length === 0) return { priceMin: 0, priceMax: 0, originalPriceMax: 0, stockTotal: 0 };
  return {
    priceMin: Math.min(...skus.map((s) => s.price)),
    priceMax: Math.max(...skus.map((s) => s.price)),
    originalPriceMax: Math.max(...skus.map((s) => s.originalPrice)),
    stockTotal: skus.reduce((a, s) => a + s.stock, 0),
  };
}

export const searchTextOf = (p: { name: string; code: string; slug: string; summary: string }) =>
  [p.name, p.code, p.slug, p.summary].join(' ').toLowerCase();

/** A slug from a product code or name: ASCII letters and digits joined by single dashes; '' when nothing is left. */
export const slugify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');

export type AdjustMode = 'set' | 'raise' | 'lower';
/** set / raise / lower a whole number; null when the result would be negative (the caller reports it). */
export const adjust = (current: number, mode: AdjustMode, value: number): number | null => {
  const next = mode === 'set' ? value : mode === 'raise' ? current + value : current - value;
  return next < 0 ? null : next;
};

/** Escapes user text for a RegExp query (keyword search must not be a regex injection). */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
