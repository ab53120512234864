import { CatalogDetailInput, CatalogListInput, ProductOffersInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { getProductForShopper, listForShopper } from '../shared/domain/catalog/products';
import { listBrands, listCategories } from '../shared/domain/catalog/taxonomy';
import { withBadges } from '../shared/domain/activities/shopping';
import { homePage } from '../shared/domain/decoration/home';
import { getShopInfo } from '../shared/domain/settings/settings';
import { productOffers } from '../shared/domain/catalog/offers';
import { openidOf } from '../shared/runtime/caller';

/** The storefront catalog: public, on-shelf products only. */
export default defineFunction('catalog', {
  /** the published 店铺装修 page, each module's data resolved (decoration/home.ts counts its reads) */
  home: action({ access: 'public', input: NoInput, handler: ({ db, now }) => homePage(db, now()) }),
  categories: action({ access: 'public', input: NoInput, handler: ({ db }) => listCategories(db) }),
  brands: action({ access: 'public', input: NoInput, handler: ({ db }) => listBrands(db) }),
  list: action({
    access: 'public',
    input: CatalogListInput,
    handler: async ({ db, now }, input) => {
      const page = await listForShopper(db, input);
      return { ...page, items: await withBadges(db, page.items, now()) };
    },
  }),
  detail: action({ access: 'public', input: CatalogDetailInput, handler: ({ db }, input) => getProductForShopper(db, input) }),
  /** 店铺信息 for the storefront: name, logo, customer-service phone, share title and picture */
  shopInfo: action({ access: 'public', input: NoInput, handler: ({ db }) => getShopInfo(db) }),
  /** the product page's 促销 / 领券 / 运费 rows in one read; a signed-in shopper also sees what they claimed */
  offers: action({ access: 'public', input: ProductOffersInput, handler: (ctx, i) => productOffers(ctx.db, openidOf(ctx) || null, i.productId, ctx.now()) }),
});
