/**
 * Loads the demo shop through the same domain functions the admin uses, so demo data obeys the same rules.
 * Idempotent and resumable: every piece is looked up by a stable key (code, name, id) before it is created,
 * so `npm start` twice (or after a crash mid-seed) never duplicates anything.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '@shop/functions/shared/db/types';
import { createAdmin } from '@shop/functions/shared/domain/auth/service';
import { createProduct } from '@shop/functions/shared/domain/catalog/products';
import { listBrands, listCategories, saveBrand, saveCategory } from '@shop/functions/shared/domain/catalog/taxonomy';
import { DEMO_ADMINS, DEMO_BRANDS, DEMO_CATEGORIES, DEMO_PRODUCTS, DEMO_RICH_DETAILS } from './data';
import { productSvg } from './images';
import { seedDemoMembers } from './members';
import { seedDemoPromotions } from './promotions';
import { seedDemoActivities } from './activities';
import { seedDemoDecoration } from './decoration';

const cartesian = (lists: string[][]): string[][] => lists.reduce<string[][]>((acc, l) => acc.flatMap((a) => l.map((v) => [...a, v])), [[]]);

export async function seedDemo(db: Database, assetsDir: string, now = new Date()): Promise<{ products: number }> {
  await mkdir(join(assetsDir, 'products'), { recursive: true });

  await db.collection('stores').doc('store-1').set({ name: '人民路旗舰店', address: '上海市黄浦区人民路 100 号', phone: '021-00000000', openingHours: '10:00-22:00', pickupEnabled: true, updatedAt: new Date().toISOString() });
  for (const a of DEMO_ADMINS) {
    if (!(await db.collection('admins').doc(a._id).get()).data.length) await createAdmin(db, a, now);
  }
  for (const [i, name] of DEMO_CATEGORIES.entries()) {
    if (!(await db.collection('categories').where({ name }).count()).total) await saveCategory(db, { name, icon: null, sort: i * 10 }, now);
  }
  for (const name of DEMO_BRANDS) {
    if (!(await db.collection('brands').where({ name }).count()).total) await saveBrand(db, { name, logo: null }, now);
  }
  const cats = new Map((await listCategories(db)).map((c) => [c.name, c._id]));
  const brands = new Map((await listBrands(db)).map((b) => [b.name, b._id]));

  let created = 0;
  for (const [n, p] of DEMO_PRODUCTS.entries()) {
    if ((await db.collection('products').where({ code: p.code }).count()).total) continue;
    const slug = p.code.toLowerCase();
    const images: string[] = [];
    for (let v = 0; v < 3; v++) {
      const file = `${slug}-${v + 1}.svg`;
      await writeFile(join(assetsDir, 'products', file), productSvg(p.name, p.cat[0], v));
      images.push(`/assets/products/${file}`);
    }
    const specs = (p.specs ?? []).map(([name, values]) => ({ name, values }));
    const combos = specs.length ? cartesian(specs.map((s) => s.values)) : [[]];
    const skus = combos.map((specValues, k) => ({
      specValues,
      price: p.price + (specValues.some((v) => /XL|1\.8m|50ml|150x200|礼盒|2m/.test(v)) ? Math.round(p.price * 0.1) : 0),
      originalPrice: p.original ?? 0,
      // a believable spread of stock, with a few sold-out SKUs to show in the picker
      stock: (n * 7 + k * 13) % 11 === 0 ? 0 : ((n * 37 + k * 53) % 120) + 5,
    }));
    const product = await createProduct(
      db,
      {
        name: p.name,
        summary: p.summary,
        slug,
        code: p.code,
        type: p.type ?? 'physical',
        categoryIds: p.cat.map((c) => cats.get(c)!),
        brandId: brands.get(p.brand) ?? null,
        images,
        detail: DEMO_RICH_DETAILS[p.code]?.(images) ?? `${p.name}\n\n${p.summary}。\n\n本品为演示数据，图片为本地生成。`,
        onShelf: true,
        stockStrategy: p.strategy ?? 'order',
        pointsCoefficient: 1,
        freightTemplateId: null,
        weightGrams: 0,
        specs,
        skus,
      },
      new Date(now.getTime() - (DEMO_PRODUCTS.length - n) * 3600e3),
    );
    await db.collection('products').doc(product._id).update({ sales: p.sales });
    created++;
  }

  await seedDemoMembers(db, assetsDir, now);
  await seedDemoPromotions(db, now);
  await seedDemoActivities(db, now);
  await seedDemoDecoration(db, assetsDir, now);
  return { products: created };
}
