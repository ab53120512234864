import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../stack';
import { seedDemo } from './seed';
import { DEMO_PRODUCTS } from './data';

test('the demo shop loads once: seeding again (or after a restart on the same data) duplicates nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'seed-'));
  const assets = join(dataDir, 'assets');
  const counts = async (db: Awaited<ReturnType<typeof openDatabase>>['db']) =>
    Promise.all(['products', 'skus', 'categories', 'brands', 'decorations', 'admins', 'stores', 'campaigns', 'coupons', 'coupon_codes', 'member_levels', 'activities', 'activity_stock'].map(async (c) => (await db.collection(c).count()).total));

  let admin = await openDatabase({ dataDir });
  expect((await seedDemo(admin.db, assets)).products).toBe(DEMO_PRODUCTS.length);
  const first = await counts(admin.db);
  expect(first[0]).toBeGreaterThanOrEqual(30);
  expect(await seedDemo(admin.db, assets)).toEqual({ products: 0 });
  await admin.close();

  admin = await openDatabase({ dataDir }); // a restart: the data is on disk
  expect(await seedDemo(admin.db, assets)).toEqual({ products: 0 });
  expect(await counts(admin.db)).toEqual(first);
  // every product has pictures on disk, and SKUs that match its specs
  expect(readdirSync(join(assets, 'products')).length).toBe(DEMO_PRODUCTS.length * 3);
  const { data } = await admin.db.collection('products').where({ code: 'TS001' }).get();
  expect((data[0] as any).skuIds).toHaveLength(12);
  // promotions: two campaigns, two published coupons, and the demo shopper holds the new-customer coupon once
  expect(first.slice(7, 9)).toEqual([2, 2]);
  // item activities: a running and an upcoming flash sale, a limited-time discount, a presale
  expect(first[11]).toBe(4);
  expect((await admin.db.collection('coupon_codes').where({ openid: 'local-shopper-1', status: 'held' }).count()).total).toBe(1);
  // the home page is decorated and published once (banners, notice, icons, flash sale, coupons, groups, picture ad)
  expect(first[4]).toBe(1);
  expect((await admin.db.collection('product_groups').count()).total).toBe(1);
  // the registration gift is marked for new customers (新人专享), so one who has paid cannot claim or use it
  expect(((await admin.db.collection('coupons').where({ name: '新人无门槛5元券' }).get()).data[0] as any).audience).toBe('new');
  await admin.close();
});
