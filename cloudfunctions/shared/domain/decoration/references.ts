/**
 * What a page's modules point at (products, categories, 商品分组, coupons, flash sales), walked once: the save
 * checks that each exists, and the storefront's home resolves them in batches.
 */
import type { DecorationLink, DecorationModule } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { existingProductIds } from '../catalog/lookup';
import { listCategories } from '../catalog/taxonomy';
import { groupsByIds } from '../catalog/groups';
import { couponsById } from '../coupons/orders';
import { readActivity } from '../activities/store';

export type RefKind = 'product' | 'category' | 'group' | 'coupon' | 'activity';
export interface Ref {
  kind: RefKind;
  id: string;
  /** where the module names it, e.g. modules.2.items.0.link.id */
  path: string;
}

const linkRef = (l: DecorationLink, path: string): Ref[] =>
  l.kind === 'product' || l.kind === 'category' || l.kind === 'coupon' || l.kind === 'activity' ? [{ kind: l.kind, id: l.id, path: `${path}.id` }] : [];

/** Every reference of the page's modules, with its path. */
export function referencesOf(modules: DecorationModule[]): Ref[] {
  return modules.flatMap((m, i): Ref[] => {
    const at = `modules.${i}`;
    switch (m.kind) {
      case 'banner':
      case 'nav':
        return m.items.flatMap((it, j) => linkRef(it.link, `${at}.items.${j}.link`));
      case 'notice':
      case 'picture':
        return linkRef(m.link, `${at}.link`);
      case 'productGroup':
        if (m.source.by === 'group') return [{ kind: 'group', id: m.source.groupId, path: `${at}.source.groupId` }];
        return m.source.categoryId ? [{ kind: 'category', id: m.source.categoryId, path: `${at}.source.categoryId` }] : [];
      case 'coupons':
        return m.couponIds.map((id, j) => ({ kind: 'coupon' as const, id, path: `${at}.couponIds.${j}` }));
      case 'flashSale':
        return [];
    }
  });
}

export const idsOf = (refs: Ref[], kind: RefKind) => [...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id))];

/** Which referenced ids are usable: existing products and categories, groups, normal coupons not void, flash sales. */
async function usable(db: Database, refs: Ref[]): Promise<Set<string>> {
  const want = (k: RefKind) => idsOf(refs, k);
  const [products, categories, groups, coupons, activities] = await Promise.all([
    want('product').length ? existingProductIds(db, want('product')) : new Set<string>(),
    want('category').length ? listCategories(db).then((cs) => new Set(cs.map((c) => c._id))) : new Set<string>(),
    groupsByIds(db, want('group')).then((m) => new Set(m.keys())),
    couponsById(db, want('coupon')).then((m) => new Set([...m.values()].filter((c) => c.kind === 'normal' && c.status !== 'void').map((c) => c._id))),
    Promise.all(want('activity').map((id) => readActivity(db, id).then((a) => (a.kind === 'flash' ? id : null), () => null))).then((ids) => new Set(ids.filter((x): x is string => !!x))),
  ]);
  const all = new Set<string>();
  for (const [kind, set] of [['product', products], ['category', categories], ['group', groups], ['coupon', coupons], ['activity', activities]] as const) {
    for (const id of set) all.add(`${kind}:${id}`);
  }
  return all;
}

const WHAT: Record<RefKind, string> = { product: 'no such product', category: 'no such category', group: 'no such product group', coupon: 'no such coupon (or it is void or reusable)', activity: 'no such flash sale' };

/** Refuses a page that points at something missing, naming each path (VALIDATION_FAILED; nothing is written). */
export async function checkReferences(db: Database, modules: DecorationModule[]): Promise<void> {
  const refs = referencesOf(modules);
  if (!refs.length) return;
  const ok = await usable(db, refs);
  const bad = refs.filter((r) => !ok.has(`${r.kind}:${r.id}`));
  if (bad.length) throw new AppError('VALIDATION_FAILED', 'the page points at things that do not exist', bad.map((r) => ({ path: r.path, code: 'not_found', message: WHAT[r.kind] })));
}
