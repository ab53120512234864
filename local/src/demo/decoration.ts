/**
 * The demo shop's home page (店铺装修), published once through the same domain functions as the admin's editor:
 * the three banners, a notice, the categories as icons, the flash sales, the coupon-centre coupons, a 商品分组 chosen
 * by hand, best sellers and new arrivals. A shop that already has a decoration keeps it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DecorationModule } from '@shop/types';
import type { Database } from '@shop/functions/shared/db/types';
import { listCategories } from '@shop/functions/shared/domain/catalog/taxonomy';
import { listGroups, saveGroup } from '@shop/functions/shared/domain/catalog/groups';
import { publishIfUndecorated } from '@shop/functions/shared/domain/decoration/pages';
import { DEMO_BANNERS } from './data';
import { bannerSvg } from './images';

const PICKS = { name: '店长推荐', codes: ['DG001', 'HM002', 'TS002', 'FD001'] };

const idOfCode = async (db: Database, code: string) => (await db.collection('products').where({ code }).field({ _id: true }).limit(1).get()).data[0]?._id;

export async function seedDemoDecoration(db: Database, assetsDir: string, now: Date): Promise<void> {
  await mkdir(join(assetsDir, 'banners'), { recursive: true });
  const banners = [];
  for (const [i, b] of DEMO_BANNERS.entries()) {
    const file = `banner-${i + 1}.svg`;
    await writeFile(join(assetsDir, 'banners', file), bannerSvg(b.title, b.sub, b.hue));
    const id = await idOfCode(db, b.product);
    banners.push({ image: `/assets/banners/${file}`, title: b.title, link: id ? { kind: 'product' as const, id } : { kind: 'none' as const } });
  }
  await writeFile(join(assetsDir, 'banners', 'coupon-ad.svg'), bannerSvg('好券天天领', '领券中心 · 满减券 折扣券', 330));

  let group = (await listGroups(db)).find((g) => g.name === PICKS.name);
  if (!group) {
    const ids = (await Promise.all(PICKS.codes.map((c) => idOfCode(db, c)))).filter((x): x is string => !!x);
    group = await saveGroup(db, { name: PICKS.name, productIds: ids }, now);
  }
  const categories = await listCategories(db);
  const { data: centre } = await db.collection('coupons').where({ status: 'published', kind: 'normal', inCentre: true }).limit(3).get();

  const modules: DecorationModule[] = [
    { kind: 'banner', key: 'demo-banner', items: banners },
    { kind: 'notice', key: 'demo-notice', text: '新人注册即送 5 元无门槛券，全场满 99 元包邮', link: { kind: 'page', page: 'couponCentre' } },
    { kind: 'nav', key: 'demo-nav', columns: 5, items: categories.slice(0, 10).map((c) => ({ title: c.name.slice(0, 8), icon: c.icon, link: { kind: 'category' as const, id: c._id } })) },
    { kind: 'flashSale', key: 'demo-flash', title: '限时秒杀', count: 3 },
    ...(centre.length ? [{ kind: 'coupons' as const, key: 'demo-coupons', title: '领券中心', couponIds: centre.map((c) => c._id) }] : []),
    { kind: 'productGroup', key: 'demo-picks', title: PICKS.name, source: { by: 'group', groupId: group._id }, count: 4 },
    { kind: 'picture', key: 'demo-ad', image: '/assets/banners/coupon-ad.svg', link: { kind: 'page', page: 'couponCentre' } },
    { kind: 'productGroup', key: 'demo-featured', title: '精选推荐', source: { by: 'category', categoryId: null, sort: 'sales' }, count: 6 },
    { kind: 'productGroup', key: 'demo-newest', title: '新品上架', source: { by: 'category', categoryId: null, sort: 'newest' }, count: 6 },
  ];
  await publishIfUndecorated(db, modules, 'demo', now);
}
