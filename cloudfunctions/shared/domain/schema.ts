import type { IndexSpec } from '../db/types';

/**
 * Every collection the product uses, with its indexes. The local adapters create them at start;
 * on CloudBase `npm run provision` creates the collections and prints the indexes to add in the console.
 */
export const COLLECTIONS: Record<string, IndexSpec[]> = {
  meta: [],
  admins: [{ name: 'username_unique', keys: { username: 1 }, unique: true }],
  sessions: [
    { name: 'expiresAt', keys: { expiresAt: 1 } },
    { name: 'subject', keys: { subject: 1 } },
  ],
  login_attempts: [],
  shoppers: [],
  stores: [],
  categories: [{ name: 'sort', keys: { sort: 1 } }],
  brands: [{ name: 'name_unique', keys: { name: 1 }, unique: true }],
  banners: [{ name: 'sort', keys: { sort: 1 } }],
  products: [
    { name: 'slug_unique', keys: { slug: 1 }, unique: true },
    { name: 'code_unique', keys: { code: 1 }, unique: true },
    { name: 'shelf_sales', keys: { onShelf: 1, sales: -1 } },
    { name: 'shelf_price', keys: { onShelf: 1, priceMin: 1 } },
    { name: 'createdAt', keys: { createdAt: -1 } },
    { name: 'categoryIds', keys: { categoryIds: 1 } },
  ],
  skus: [
    { name: 'productId', keys: { productId: 1 } },
    { name: 'code_unique', keys: { code: 1 }, unique: true },
  ],
};
