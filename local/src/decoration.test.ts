/**
 * 店铺装修 through the real functions: save / publish / restore, who may call them, invalid modules refused by path
 * with nothing written, 商品分组, and catalog.home resolving every module kind in few database reads.
 */
import type { Database } from '@shop/functions/shared/db/types';
import { homePage } from '@shop/functions/shared/domain/decoration/home';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let cat: string;
const products: string[] = [];
let groupId: string;
let couponId: string;

const iso = (days: number) => new Date(gw.clock.now.getTime() + days * 86400e3).toISOString();
const publishedCoupon = async (): Promise<string> => {
  const c = await gw.ok('couponAdmin', 'create', { kind: 'normal', name: '满100减15', type: 'cash', value: 1500, threshold: 10000, validFrom: iso(-1), validTo: iso(30), prefix: 'DEC', quantity: 5 }, owner);
  return (await gw.ok('couponAdmin', 'publish', { couponId: c._id }, owner))._id;
};
const err = async (fn: string, action: string, data: unknown, token?: string) => (await gw.call(fn, action, data, token)).body.error;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  cat = (await gw.ok('productAdmin', 'saveCategory', { name: '数码' }, owner))._id;
  for (let i = 0; i < 4; i++) {
    gw.clock.now = new Date(gw.clock.now.getTime() + 60_000); // newest first is then products 3, 2, 1, 0
    const p = await gw.ok('productAdmin', 'create', { name: `装修商品${i}`, code: `DEC${i}`, categoryIds: [cat], skus: [{ specValues: [], price: 1000 + i, stock: 5 }], onShelf: i !== 3 }, owner);
    products.push(p._id);
  }
  groupId = (await gw.ok('productAdmin', 'saveGroup', { name: '店长推荐', productIds: [products[2], products[3], products[0]] }, owner))._id;
  couponId = await publishedCoupon();
}, 180_000);
afterAll(() => gw.close());

const page = () => ({
  modules: [
    { kind: 'banner', key: 'b1', items: [{ image: '/assets/banners/a.svg', title: '上新', link: { kind: 'product', id: products[0] } }, { image: '/assets/banners/b.svg', link: { kind: 'coupon', id: couponId } }] },
    { kind: 'notice', key: 'n1', text: '全场满 99 包邮', link: { kind: 'page', page: 'couponCentre' } },
    { kind: 'nav', key: 'v1', items: [{ title: '数码', link: { kind: 'category', id: cat } }, { title: '购物车', link: { kind: 'page', page: 'cart' } }] },
    { kind: 'productGroup', key: 'g1', title: '店长推荐', source: { by: 'group', groupId }, count: 5 },
    { kind: 'productGroup', key: 'g2', title: '新品', source: { by: 'category', categoryId: cat, sort: 'newest' }, count: 2 },
    { kind: 'flashSale', key: 'f1' },
    { kind: 'coupons', key: 'c1', couponIds: [couponId] },
    { kind: 'picture', key: 'p1', image: '/assets/banners/ad.svg', link: { kind: 'none' } },
  ],
});

/** Counts the database operations (get, count, update, remove, set, add) that reach the store. */
function counting(db: Database): { db: Database; ops: string[] } {
  const ops: string[] = [];
  const wrap = (target: object, coll: string): any =>
    new Proxy(target, {
      get(t, prop, recv) {
        const v = Reflect.get(t, prop, recv);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          const r = v.apply(t, args);
          if (['get', 'count', 'update', 'remove', 'set', 'add'].includes(String(prop))) ops.push(`${coll}.${String(prop)}`);
          return r && typeof r === 'object' && !(r instanceof Promise) ? wrap(r, coll) : r;
        };
      },
    });
  const proxied = new Proxy(db, {
    get(t, prop, recv) {
      if (prop === 'collection') return (name: string) => wrap(t.collection(name), name);
      return Reflect.get(t, prop, recv);
    },
  });
  return { db: proxied, ops };
}

describe('decorationAdmin', () => {
  test('only the owner decorates: anonymous, shoppers, operators and clerks are refused', async () => {
    const shopper = await gw.shopperToken();
    const operator = await gw.merchantToken('operator');
    const clerk = await gw.merchantToken('clerk');
    for (const action of ['get', 'save', 'publish', 'restore']) {
      const data = action === 'save' ? page() : {};
      expect((await err('decorationAdmin', action, data))?.code).toBe('UNAUTHENTICATED');
      for (const t of [shopper, operator, clerk]) expect((await err('decorationAdmin', action, data, t))?.code).toBe('FORBIDDEN');
    }
    expect(await gw.ok('decorationAdmin', 'get', {}, owner)).toEqual({ draft: null, published: null, previous: null });
  });

  test('an invalid module is refused naming its path, and nothing is written', async () => {
    const bad = page();
    (bad.modules[0] as any).items[1].link = { kind: 'product' };
    (bad.modules[3] as any).count = 99;
    bad.modules.push({ kind: 'video', key: 'x' } as any);
    const r = await gw.call('decorationAdmin', 'save', bad, owner);
    expect(r.status).toBe(400);
    const paths = r.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['modules.0.items.1.link.id', 'modules.3.count', 'modules.8.kind']));
    // things that do not exist are named by path too
    const missing = page();
    (missing.modules[3] as any).source.groupId = 'nope';
    (missing.modules[6] as any).couponIds = [couponId, 'gone'];
    const m = await gw.call('decorationAdmin', 'save', missing, owner);
    expect(m.status).toBe(400);
    expect(m.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['modules.3.source.groupId', 'modules.6.couponIds.1']);
    const dup = page();
    dup.modules[1].key = 'b1';
    expect((await gw.call('decorationAdmin', 'save', dup, owner)).body.error.details[0].path).toBe('modules.1.key');
    expect((await gw.db.collection('decorations').count()).total).toBe(0);
  });

  test('save, publish, save again, publish, restore: the storefront sees only published pages; restore twice undoes it', async () => {
    // nothing published: a default page made from the catalog
    const before = await gw.ok('catalog', 'home', {});
    expect(before.source).toBe('default');
    expect(before.modules.map((m: { kind: string }) => m.kind)).toEqual(['nav', 'flashSale', 'productGroup', 'productGroup']);
    expect(before.modules[2].products.length).toBe(3);

    expect((await err('decorationAdmin', 'publish', {}, owner)).code).toBe('INVALID_STATE');
    const s1 = await gw.ok('decorationAdmin', 'save', page(), owner);
    expect(s1.draft.version).toBe(1);
    expect(s1.published).toBeNull();
    expect((await gw.ok('catalog', 'home', {})).source).toBe('default');

    const p1 = await gw.ok('decorationAdmin', 'publish', { draftVersion: 1 }, owner);
    expect(p1.published).toMatchObject({ version: 1, by: 't-owner' });
    expect(p1.previous).toBeNull();
    const home1 = await gw.ok('catalog', 'home', {});
    expect(home1).toMatchObject({ source: 'published', version: 1 });
    expect(home1.modules.map((m: { key: string }) => m.key)).toEqual(['b1', 'n1', 'v1', 'g1', 'g2', 'f1', 'c1', 'p1']);

    // a second draft: the storefront still shows version 1 until it is published
    const second = { modules: [{ kind: 'notice', key: 'n2', text: '第二版' }] };
    const s2 = await gw.ok('decorationAdmin', 'save', second, owner);
    expect((await gw.ok('catalog', 'home', {})).version).toBe(1);
    expect((await err('decorationAdmin', 'publish', { draftVersion: 1 }, owner)).code).toBe('CONFLICT');
    const p2 = await gw.ok('decorationAdmin', 'publish', { draftVersion: s2.draft.version }, owner);
    expect(p2.published.version).toBe(2);
    expect(p2.previous.version).toBe(1);
    expect((await gw.ok('catalog', 'home', {})).modules).toEqual([{ kind: 'notice', key: 'n2', text: '第二版', link: { kind: 'none' }, path: '' }]);

    // 恢复上一版: version 1's modules are published (as version 3) and become the draft
    const r1 = await gw.ok('decorationAdmin', 'restore', {}, owner);
    expect(r1.published.version).toBe(3);
    expect(r1.published.modules.map((m: { key: string }) => m.key)).toEqual(home1.modules.map((m: { key: string }) => m.key));
    expect(r1.draft.modules).toEqual(r1.published.modules);
    expect(r1.previous.version).toBe(2);
    expect((await gw.ok('catalog', 'home', {})).modules.length).toBe(8);
    const r2 = await gw.ok('decorationAdmin', 'restore', {}, owner);
    expect(r2.published.modules.map((m: { key: string }) => m.key)).toEqual(['n2']);
  });
});

describe('catalog.home', () => {
  test('resolves every module: links to paths, hand-picked groups in order without off-shelf products, category groups, claimable coupons', async () => {
    await gw.ok('decorationAdmin', 'save', page(), owner);
    await gw.ok('decorationAdmin', 'publish', {}, owner);
    const home = await gw.ok('catalog', 'home', {});
    const [banner, notice, nav, group, newest, flash, coupons, picture] = home.modules;
    const token = ((await gw.db.collection('coupons').doc(couponId).get()).data[0] as any).claimToken;
    expect(banner.items.map((i: { path: string }) => i.path)).toEqual([`/pages/product/index?id=${products[0]}`, `/pages/coupon-claim/index?c=${encodeURIComponent(token)}`]);
    expect(notice.path).toBe('/pages/coupon-centre/index');
    expect(nav.items.map((i: { path: string }) => i.path)).toEqual([`/pages/categories/index?id=${cat}`, '/pages/cart/index']);
    expect(group.products.map((p: { _id: string }) => p._id)).toEqual([products[2], products[0]]);
    expect(group.morePath).toBe('');
    expect(newest.products.map((p: { _id: string }) => p._id)).toEqual([products[2], products[1]]);
    expect(newest.morePath).toBe(`/pages/categories/index?id=${cat}`);
    expect(flash).toEqual({ kind: 'flashSale', key: 'f1', title: '限时秒杀', count: 3 });
    expect(coupons.coupons).toEqual([expect.objectContaining({ _id: couponId, name: '满100减15', value: 1500, threshold: 10000 })]);
    expect(picture.path).toBe('');

    // a group that was deleted, a coupon voided: the modules show less, the page still answers
    await gw.ok('couponAdmin', 'void', { couponId }, owner);
    const g = await gw.ok('productAdmin', 'saveGroup', { name: '临时', productIds: [products[1]] }, owner);
    await gw.ok('decorationAdmin', 'save', { modules: [{ kind: 'productGroup', key: 'tmp', source: { by: 'group', groupId: g._id } }] }, owner);
    await gw.ok('decorationAdmin', 'publish', {}, owner);
    await gw.ok('productAdmin', 'deleteGroup', { id: g._id }, owner);
    expect((await gw.ok('catalog', 'home', {})).modules[0].products).toEqual([]);
    await gw.ok('decorationAdmin', 'restore', {}, owner);
    const after = await gw.ok('catalog', 'home', {});
    expect(after.modules[6].coupons).toEqual([]);
    expect(after.modules[0].items[1].path).toBe('/pages/coupon-centre/index');
  });

  test('a typical page (banner, notice, icons, a hand-picked group) takes 4 database reads; the whole page 6', async () => {
    couponId = await publishedCoupon(); // the one before was voided
    const typical = page().modules.slice(0, 4);
    (typical[0] as any).items[1].link = { kind: 'category', id: cat }; // a coupon link would add the coupons' read
    await gw.ok('decorationAdmin', 'save', { modules: typical }, owner);
    await gw.ok('decorationAdmin', 'publish', {}, owner);
    const c = counting(gw.db);
    const home = await homePage(c.db, gw.clock.now);
    expect(home.modules).toHaveLength(4);
    expect(c.ops).toEqual(['decorations.get', 'product_groups.get', 'products.get', 'activities.get']);

    await gw.ok('decorationAdmin', 'save', page(), owner);
    await gw.ok('decorationAdmin', 'publish', {}, owner);
    const all = counting(gw.db);
    await homePage(all.db, gw.clock.now);
    expect(all.ops.sort()).toEqual(['activities.get', 'coupons.get', 'decorations.get', 'product_groups.get', 'products.get', 'products.get'].sort());
  });
});

describe('商品分组', () => {
  test('groups name existing products only; operators manage them, shoppers cannot', async () => {
    const operator = await gw.merchantToken('operator');
    const bad = await gw.call('productAdmin', 'saveGroup', { name: '坏', productIds: [products[0], 'ghost'] }, operator);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'productIds.1', code: 'not_found', message: 'no such product' }]);
    expect((await gw.call('productAdmin', 'saveGroup', { name: '重', productIds: [products[0], products[0]] }, operator)).body.error.details[0].path).toBe('productIds');
    const g = await gw.ok('productAdmin', 'saveGroup', { name: '运营组', productIds: [products[1]] }, operator);
    const renamed = await gw.ok('productAdmin', 'saveGroup', { _id: g._id, name: '运营组2', productIds: [products[0], products[1]] }, operator);
    expect(renamed.productIds).toEqual([products[0], products[1]]);
    expect((await gw.ok('productAdmin', 'listGroups', {}, operator)).map((x: { name: string }) => x.name)).toContain('运营组2');
    expect((await err('productAdmin', 'listGroups', {}, await gw.shopperToken()))?.code).toBe('FORBIDDEN');
  });
});
