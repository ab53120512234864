import { CatalogDetailInput, CatalogListInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { getProductForShopper, listForShopper } from '../shared/domain/catalog/products';
import { listBanners, listBrands, listCategories } from '../shared/domain/catalog/taxonomy';
import { badgesFor } from '../shared/domain/activities/shopping';
import { getShopInfo } from '../shared/domain/settings/settings';
import type { Database } from '../shared/db/types';
import type { ProductCard } from '@shop/types';

/** Cards carry the running or upcoming item activity (flash, limited, presale) of their product. */
async function withActivities(db: Database, cards: ProductCard[], now: Date): Promise<ProductCard[]> {
  const badges = await badgesFor(db, cards.map((c) => c._id), now);
  return cards.map((c) => ({ ...c, activity: badges.get(c._id) ?? null }));
}

/** The storefront catalog: public, on-shelf products only. */
export default defineFunction('catalog', {
  home: action({
    access: 'public',
    input: NoInput,
    handler: async ({ db, now }) => {
      const [banners, categories, featured, newest] = await Promise.all([
        listBanners(db),
        listCategories(db),
        listForShopper(db, { sort: 'sales', page: 1, pageSize: 6 }),
        listForShopper(db, { sort: 'newest', page: 1, pageSize: 6 }),
      ]);
      const [f, n] = await Promise.all([withActivities(db, featured.items, now()), withActivities(db, newest.items, now())]);
      return { banners, categories, featured: f, newest: n };
    },
  }),
  categories: action({ access: 'public', input: NoInput, handler: ({ db }) => listCategories(db) }),
  brands: action({ access: 'public', input: NoInput, handler: ({ db }) => listBrands(db) }),
  list: action({
    access: 'public',
    input: CatalogListInput,
    handler: async ({ db, now }, input) => {
      const page = await listForShopper(db, input);
      return { ...page, items: await withActivities(db, page.items, now()) };
    },
  }),
  detail: action({ access: 'public', input: CatalogDetailInput, handler: ({ db }, input) => getProductForShopper(db, input) }),
  /** 店铺信息 for the storefront: name, logo, customer-service phone, share title and picture */
  shopInfo: action({ access: 'public', input: NoInput, handler: ({ db }) => getShopInfo(db) }),
});
