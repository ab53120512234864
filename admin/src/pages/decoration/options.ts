/** What the decoration editor's selects offer: categories, 商品分组, coupons that can be claimed, flash sales. */
import { LINK_PAGES } from '@shop/types';
import { call } from '../../api';
import { useLoaded } from '../../util';

export type Option = { value: string; label: string };

const loadTargets = async () => {
  const [categories, groups, coupons, flash] = await Promise.all([
    call('productAdmin', 'listCategories', {}),
    call('productAdmin', 'listGroups', {}),
    call('couponAdmin', 'list', { kind: 'normal', status: 'published', page: 1, pageSize: 100 }),
    call('activityAdmin', 'list', { kind: 'flash', page: 1, pageSize: 100 }),
  ]);
  return {
    categories: categories.map((c): Option => ({ value: c._id, label: c.name })),
    groups: groups.map((g): Option => ({ value: g._id, label: `${g.name}（${g.productIds.length} 件）` })),
    coupons: coupons.items.map((c): Option => ({ value: c._id, label: c.name })),
    flash: flash.items.filter((a) => a.status !== 'ended').map((a): Option => ({ value: a._id, label: a.name })),
  };
};
export type Targets = Awaited<ReturnType<typeof loadTargets>>;
const NONE: Targets = { categories: [], groups: [], coupons: [], flash: [] };

/** The link targets, loaded once for the page. */
export const useTargets = () => useLoaded(loadTargets, NONE);

export const PAGE_OPTIONS: Option[] = Object.entries(LINK_PAGES).map(([value, p]) => ({ value, label: p.label }));
