/**
 * The storefront's home page (`catalog.home`): the published decoration with each module's data resolved in a few
 * batched reads, or, while nothing is published, a default page made from the catalog.
 *
 * Reads for a published page: the page (1); then, together, the 商品分组 named (1, `_.in`), the coupons named (1,
 * `_.in`) and one per category-sorted product group; then the hand-picked products of every group at once (1, `_.in`);
 * then the item-activity badges of all cards (1, plus 2 when an activity covers one of them). Links need no reads.
 */
import { LINK_PAGES, type DecorationLink, type DecorationModule, type HomeCoupon, type HomeModule, type HomePage, type ProductCard } from '@shop/types';
import type { Database } from '../../db/types';
import { cardsByIds, topCards } from '../catalog/products';
import { groupsByIds } from '../catalog/groups';
import { listCategories } from '../catalog/taxonomy';
import { couponsById } from '../coupons/orders';
import type { CouponDoc } from '../coupons/store';
import { badgesFor } from '../activities/shopping';
import { idsOf, referencesOf } from './references';
import { publishedPage } from './pages';

const CLAIM_PAGE = '/pages/coupon-claim/index';
/** a normal, published coupon still valid: shown in coupon blocks and opened by its claim page */
const claimable = (c: CouponDoc | undefined, now: Date): c is CouponDoc & { claimToken: string } =>
  !!c && c.kind === 'normal' && c.status === 'published' && !!c.claimToken && c.validTo > now.toISOString();

/** The storefront path a link opens ('' = none). */
export function linkPath(l: DecorationLink, coupons: Map<string, CouponDoc>, now: Date): string {
  switch (l.kind) {
    case 'none':
      return '';
    case 'product':
      return `/pages/product/index?id=${encodeURIComponent(l.id)}`;
    case 'category':
      return `/pages/categories/index?id=${encodeURIComponent(l.id)}`;
    case 'activity':
      return `${LINK_PAGES.flash.path}?id=${encodeURIComponent(l.id)}`;
    case 'coupon': {
      const c = coupons.get(l.id);
      return claimable(c, now) ? `${CLAIM_PAGE}?c=${encodeURIComponent(c.claimToken)}` : LINK_PAGES.couponCentre.path;
    }
    case 'page':
      return LINK_PAGES[l.page].path;
  }
}

const homeCoupon = (c: CouponDoc & { claimToken: string }): HomeCoupon => ({
  _id: c._id,
  name: c.name,
  type: c.type,
  value: c.value,
  maxOff: c.maxOff,
  threshold: c.threshold,
  validTo: c.validTo,
  path: `${CLAIM_PAGE}?c=${encodeURIComponent(c.claimToken)}`,
});

type GroupModule = Extract<DecorationModule, { kind: 'productGroup' }>;
const byCategory = (m: GroupModule) => (m.source.by === 'category' ? m.source : null);

/** Each module with its data: products, coupons, link paths. */
export async function resolveModules(db: Database, modules: DecorationModule[], now: Date): Promise<HomeModule[]> {
  const refs = referencesOf(modules);
  const groupModules = modules.filter((m): m is GroupModule => m.kind === 'productGroup');
  const sorted = groupModules.filter((m) => byCategory(m));
  const [groups, coupons, sortedCards] = await Promise.all([
    groupsByIds(db, idsOf(refs, 'group')),
    couponsById(db, idsOf(refs, 'coupon')),
    Promise.all(sorted.map((m) => topCards(db, byCategory(m)!.categoryId, byCategory(m)!.sort, m.count))),
  ]);
  const handPicked = await cardsByIds(db, groupModules.flatMap((m) => (m.source.by === 'group' ? groups.get(m.source.groupId)?.productIds ?? [] : [])));
  const cardById = new Map(handPicked.map((c) => [c._id, c]));
  const cardsOf = new Map<string, ProductCard[]>(sorted.map((m, i) => [m.key, sortedCards[i]]));
  for (const m of groupModules) {
    if (m.source.by !== 'group') continue;
    const ids = groups.get(m.source.groupId)?.productIds ?? [];
    cardsOf.set(m.key, ids.flatMap((id) => cardById.get(id) ?? []).slice(0, m.count));
  }
  const badges = await badgesFor(db, [...new Set([...cardsOf.values()].flat().map((c) => c._id))], now);
  const path = (l: DecorationLink) => linkPath(l, coupons, now);

  return modules.map((m): HomeModule => {
    switch (m.kind) {
      case 'banner':
      case 'nav':
        return { ...m, items: m.items.map((it) => ({ ...it, path: path(it.link) })) } as HomeModule;
      case 'notice':
      case 'picture':
        return { ...m, path: path(m.link) };
      case 'productGroup': {
        const products = (cardsOf.get(m.key) ?? []).map((c) => ({ ...c, activity: badges.get(c._id) ?? null }));
        const cat = byCategory(m);
        const morePath = !cat ? '' : cat.categoryId ? path({ kind: 'category', id: cat.categoryId }) : LINK_PAGES.search.path;
        return { ...m, products, morePath };
      }
      case 'coupons':
        return { ...m, coupons: m.couponIds.map((id) => coupons.get(id)).filter((c) => claimable(c, now)).map(homeCoupon) };
      case 'flashSale':
        return m;
    }
  });
}

/** While nothing is published: the categories as icons, the flash sales, best sellers and newest products. */
async function defaultModules(db: Database): Promise<DecorationModule[]> {
  const categories = (await listCategories(db)).slice(0, 10);
  const nav: DecorationModule[] = categories.length
    ? [{ kind: 'nav', key: 'default-nav', columns: 5, items: categories.map((c) => ({ title: c.name.slice(0, 8), icon: c.icon, link: { kind: 'category', id: c._id } })) }]
    : [];
  return [
    ...nav,
    { kind: 'flashSale', key: 'default-flash', title: '限时秒杀', count: 3 },
    { kind: 'productGroup', key: 'default-featured', title: '精选推荐', source: { by: 'category', categoryId: null, sort: 'sales' }, count: 6 },
    { kind: 'productGroup', key: 'default-newest', title: '新品上架', source: { by: 'category', categoryId: null, sort: 'newest' }, count: 6 },
  ];
}

export async function homePage(db: Database, now: Date): Promise<HomePage> {
  const page = await publishedPage(db);
  if (page) return { source: 'published', version: page.version, modules: await resolveModules(db, page.modules, now) };
  return { source: 'default', version: 0, modules: await resolveModules(db, await defaultModules(db), now) };
}
