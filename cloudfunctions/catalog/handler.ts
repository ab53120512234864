import { CatalogDetailInput, CatalogListInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { getProductForShopper, listForShopper } from '../shared/domain/catalog/products';
import { listBanners, listBrands, listCategories } from '../shared/domain/catalog/taxonomy';

/** The storefront catalog: public, on-shelf products only. */
export default defineFunction('catalog', {
  home: action({
    access: 'public',
    input: NoInput,
    handler: async ({ db }) => {
      const [banners, categories, featured, newest] = await Promise.all([
        listBanners(db),
        listCategories(db),
        listForShopper(db, { sort: 'sales', page: 1, pageSize: 6 }),
        listForShopper(db, { sort: 'newest', page: 1, pageSize: 6 }),
      ]);
      return { banners, categories, featured: featured.items, newest: newest.items };
    },
  }),
  categories: action({ access: 'public', input: NoInput, handler: ({ db }) => listCategories(db) }),
  brands: action({ access: 'public', input: NoInput, handler: ({ db }) => listBrands(db) }),
  list: action({ access: 'public', input: CatalogListInput, handler: ({ db }, input) => listForShopper(db, input) }),
  detail: action({ access: 'public', input: CatalogDetailInput, handler: ({ db }, input) => getProductForShopper(db, input) }),
});
