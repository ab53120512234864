/** Handler tests: the real functions through the gateway, on a fresh embedded database each suite. */
import { createAdmin } from '@shop/functions/shared/domain/auth/service';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let cat1: string;
let cat2: string;
let brand: string;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  cat1 = (await gw.ok('productAdmin', 'saveCategory', { name: '服饰' }, owner))._id;
  cat2 = (await gw.ok('productAdmin', 'saveCategory', { name: '数码', sort: 1 }, owner))._id;
  brand = (await gw.ok('productAdmin', 'saveBrand', { name: '山野' }, owner))._id;
});
afterAll(() => gw.close());

const tee = (over: Record<string, unknown> = {}) => ({
  name: '纯棉T恤',
  summary: '舒服',
  code: 'TEE1',
  categoryIds: [cat1],
  brandId: brand,
  specs: [{ name: '颜色', values: ['红', '蓝'] }],
  skus: [
    { specValues: ['红'], price: 5900, originalPrice: 9900, stock: 3 },
    { specValues: ['蓝'], price: 6900, originalPrice: 9900, stock: 0 },
  ],
  ...over,
});
const count = async (coll: string) => (await gw.db.collection(coll).count()).total;

describe('auth', () => {
  test('wrong password and unknown user get the same answer', async () => {
    await gw.merchantToken('operator');
    const a = await gw.call('auth', 'merchantLogin', { username: 't-operator', password: 'nope' });
    const b = await gw.call('auth', 'merchantLogin', { username: 'ghost', password: 'nope' });
    expect(a.status).toBe(401);
    expect(a.body).toEqual(b.body);
    expect(a.body.error.code).toBe('INVALID_CREDENTIALS');
  });
  test('repeated failures slow down, even for the right password, then clear with time', async () => {
    await gw.merchantToken('clerk');
    for (let i = 0; i < 5; i++) await gw.call('auth', 'merchantLogin', { username: 't-clerk', password: 'bad' });
    const r = await gw.call('auth', 'merchantLogin', { username: 't-clerk', password: 'pw-clerk' });
    expect(r.status).toBe(429);
    expect(r.body.error).toMatchObject({ code: 'LOGIN_THROTTLED', details: { retryAfterSeconds: 2 } });
    gw.clock.now = new Date(gw.clock.now.getTime() + 3000);
    const ok = await gw.call('auth', 'merchantLogin', { username: 't-clerk', password: 'pw-clerk' });
    expect(ok.body.ok).toBe(true);
  });
  test('12 wrong passwords sent at once are throttled like a sequence: the right one then has to wait', async () => {
    await createAdmin(gw.db, { username: 'burst', displayName: 'burst', password: 'right-one', role: 'operator' }, gw.clock.now);
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => gw.call('auth', 'merchantLogin', { username: 'burst', password: `guess-${i}` })));
    const codes = guesses.map((g) => g.body.error.code);
    // the first five are checked (and wrong); every later one is refused unchecked
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(7);
    const right = await gw.call('auth', 'merchantLogin', { username: 'burst', password: 'right-one' });
    expect(right.body.error).toMatchObject({ code: 'LOGIN_THROTTLED' });
    gw.clock.now = new Date(gw.clock.now.getTime() + 3000);
    expect((await gw.call('auth', 'merchantLogin', { username: 'burst', password: 'right-one' })).body.ok).toBe(true);
  });
  test('whoami reflects the session; logout ends it', async () => {
    const token = await gw.merchantToken('operator');
    expect(await gw.ok('auth', 'whoami', {}, token)).toMatchObject({ kind: 'merchant', role: 'operator', username: 't-operator' });
    await gw.ok('auth', 'logout', {}, token);
    expect(await gw.ok('auth', 'whoami', {}, token)).toEqual({ kind: 'anonymous' });
  });
  test('a session expires', async () => {
    const token = await gw.merchantToken('owner');
    gw.clock.now = new Date(gw.clock.now.getTime() + 13 * 3600e3);
    expect((await gw.call('productAdmin', 'list', {}, token)).body.error.code).toBe('UNAUTHENTICATED');
    owner = await gw.merchantToken('owner');
  });
});

describe('callers are checked', () => {
  test('anonymous, shopper and clerk cannot manage products', async () => {
    const shopper = await gw.shopperToken();
    const clerk = await gw.merchantToken('clerk');
    expect((await gw.call('productAdmin', 'list', {})).body.error.code).toBe('UNAUTHENTICATED');
    expect((await gw.call('productAdmin', 'create', tee(), shopper)).body.error.code).toBe('FORBIDDEN');
    expect((await gw.call('productAdmin', 'list', {}, clerk)).body.error.code).toBe('FORBIDDEN');
    expect(await count('products')).toBe(0);
  });
  test('a forged token is anonymous; identity in the body is ignored', async () => {
    const r = await gw.call('productAdmin', 'list', { caller: { kind: 'merchant', role: 'owner' } }, 'forged');
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });
  test('transport-level bad input gets the same envelope: broken JSON, a non-object body, extra fields, too large', async () => {
    const raw = async (payload: string, type = 'application/json') => {
      const r = await gw.app.inject({ method: 'POST', url: '/api/fn/catalog', headers: { 'content-type': type }, payload });
      return { status: r.statusCode, body: r.json() };
    };
    expect(await raw('{"action": "list",')).toMatchObject({ status: 400, body: { ok: false, error: { code: 'VALIDATION_FAILED' } } });
    expect(await raw('[1,2]')).toMatchObject({ status: 400, body: { ok: false, error: { code: 'VALIDATION_FAILED' } } });
    expect(await raw('{"action":"list","data":{},"caller":"x"}')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('caller') } } });
    expect(await raw(JSON.stringify({ action: 'list', data: { keyword: 'x'.repeat(4 * 1024 * 1024) } }))).toMatchObject({ status: 413, body: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });
  test('unknown function and action', async () => {
    expect((await gw.call('nope', 'x')).body.error.code).toBe('UNKNOWN_FUNCTION');
    expect((await gw.call('catalog', 'nope')).body.error.code).toBe('UNKNOWN_ACTION');
    expect((await gw.call('catalog', '__proto__')).body.error.code).toBe('UNKNOWN_ACTION');
  });
});

describe('products', () => {
  test('create with two SKUs, put on shelf, a shopper finds it by search and sees per-SKU price and stock', async () => {
    const p = await gw.ok('productAdmin', 'create', tee(), owner);
    expect(p).toMatchObject({ slug: 'tee1', priceMin: 5900, priceMax: 6900, stockTotal: 3, onShelf: false });
    expect(p.skus.map((s: any) => s.code)).toEqual(['TEE1-1', 'TEE1-2']);
    expect((await gw.ok('catalog', 'list', { keyword: 't恤' })).total).toBe(0);
    await gw.ok('productAdmin', 'batch', { ids: [p._id], op: { kind: 'shelf', onShelf: true } }, owner);
    const found = await gw.ok('catalog', 'list', { keyword: 'T恤' });
    expect(found.items.map((c: any) => c._id)).toEqual([p._id]);
    const detail = await gw.ok('catalog', 'detail', { id: p._id });
    expect(detail.skus.map((s: any) => [s.specValues, s.price, s.stock])).toEqual([
      [['红'], 5900, 3],
      [['蓝'], 6900, 0],
    ]);
    expect(detail.searchText).toBeUndefined();
  });

  test.each([
    ['an unknown field', { colour: 'red' }, 'VALIDATION_FAILED'],
    ['a wrong type', { name: 42 }, 'VALIDATION_FAILED'],
    ['an oversize name', { name: 'x'.repeat(101) }, 'VALIDATION_FAILED'],
    ['an oversize summary', { summary: 'x'.repeat(201) }, 'VALIDATION_FAILED'],
    ['a negative price', { code: 'N1', skus: [{ specValues: ['红'], price: -1, stock: 1 }] }, 'VALIDATION_FAILED'],
    ['a fractional price', { code: 'N2', skus: [{ specValues: ['红'], price: 1.5, stock: 1 }] }, 'VALIDATION_FAILED'],
    ['a negative stock', { code: 'N3', skus: [{ specValues: ['红'], price: 1, stock: -1 }] }, 'VALIDATION_FAILED'],
    ['11 categories', { categoryIds: Array.from({ length: 11 }, (_, i) => `c${i}`) }, 'VALIDATION_FAILED'],
    ['an unknown category', { code: 'N4', categoryIds: ['nope'] }, 'VALIDATION_FAILED'],
    ['a spec value that is not in the spec', { code: 'N5', skus: [{ specValues: ['绿'], price: 1, stock: 1 }] }, 'VALIDATION_FAILED'],
    ['a duplicate slug', { code: 'N6', slug: 'tee1' }, 'SLUG_TAKEN'],
    ['a duplicate code', { code: 'TEE1', slug: 'other' }, 'CODE_TAKEN'],
    ['a bad slug', { code: 'N7', slug: 'Bad Slug' }, 'VALIDATION_FAILED'],
  ])('%s is refused with a clear code and writes nothing', async (_n, over, code) => {
    const before = [await count('products'), await count('skus')];
    const r = await gw.call('productAdmin', 'create', tee(over), owner);
    expect(r.body.ok).toBe(false);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toBeTruthy();
    expect([await count('products'), await count('skus')]).toEqual(before);
  });

  test('update keeps SKU ids, adds and removes SKUs', async () => {
    const p = await gw.ok('productAdmin', 'create', tee({ code: 'UPD1' }), owner);
    const [red] = p.skus;
    const next = await gw.ok(
      'productAdmin',
      'update',
      {
        id: p._id,
        ...tee({ code: 'UPD1', specs: [{ name: '颜色', values: ['红', '绿'] }] }),
        skus: [
          { _id: red._id, specValues: ['红'], price: 5000, stock: 9 },
          { specValues: ['绿'], price: 5100, stock: 1 },
        ],
      },
      owner,
    );
    expect(next.skus[0]._id).toBe(red._id);
    expect(next.skus.map((s: any) => s.price)).toEqual([5000, 5100]);
    expect(next.stockTotal).toBe(10);
    expect((await gw.db.collection('skus').where({ productId: p._id }).count()).total).toBe(2);
  });

  test('an off-shelf product is invisible to shoppers', async () => {
    const p = await gw.ok('productAdmin', 'create', tee({ code: 'OFF1' }), owner);
    expect((await gw.call('catalog', 'detail', { id: p._id })).body.error.code).toBe('NOT_FOUND');
  });

  test('batch: price, stock below zero is refused per product, categories, brand, delete', async () => {
    const a = await gw.ok('productAdmin', 'create', tee({ code: 'BA1' }), owner);
    const b = await gw.ok('productAdmin', 'create', tee({ code: 'BA2', skus: [{ specValues: ['红'], price: 100, stock: 50 }] }), owner);
    const r1 = await gw.ok('productAdmin', 'batch', { ids: [a._id, b._id], op: { kind: 'stock', mode: 'lower', value: 10 } }, owner);
    expect(r1.updated).toBe(1);
    expect(r1.failed).toEqual([{ id: a._id, code: 'STOCK_NEGATIVE', message: expect.any(String) }]);
    expect((await gw.ok('productAdmin', 'get', { id: a._id }, owner)).stockTotal).toBe(3);
    expect((await gw.ok('productAdmin', 'get', { id: b._id }, owner)).stockTotal).toBe(40);
    await gw.ok('productAdmin', 'batch', { ids: [a._id, b._id], op: { kind: 'price', mode: 'raise', value: 100 } }, owner);
    expect((await gw.ok('productAdmin', 'get', { id: a._id }, owner)).skus.map((s: any) => s.price)).toEqual([6000, 7000]);
    await gw.ok('productAdmin', 'batch', { ids: [a._id], op: { kind: 'categories', mode: 'add', categoryIds: [cat2] } }, owner);
    expect((await gw.ok('productAdmin', 'get', { id: a._id }, owner)).categoryIds).toEqual([cat1, cat2]);
    await gw.ok('productAdmin', 'batch', { ids: [a._id], op: { kind: 'brand', brandId: null } }, owner);
    expect((await gw.ok('productAdmin', 'get', { id: a._id }, owner)).brandId).toBeNull();
    const skusBefore = await count('skus');
    expect(await gw.ok('productAdmin', 'delete', { ids: [a._id, b._id] }, owner)).toEqual({ deleted: 2 });
    expect(await count('skus')).toBe(skusBefore - 3);
  });

  test('advanced search filters combine', async () => {
    await gw.ok('productAdmin', 'create', tee({ code: 'SRCH1', name: '搜索用羊毛衫', type: 'virtual', skus: [{ specValues: ['红'], price: 12345, stock: 7 }] }), owner);
    const r = await gw.ok('productAdmin', 'list', { name: '羊毛', type: 'virtual', minPrice: 12000, maxPrice: 13000, minStock: 5, maxStock: 7, categoryId: cat1, onShelf: false }, owner);
    expect(r.items.map((p: any) => p.code)).toEqual(['SRCH1']);
    expect((await gw.ok('productAdmin', 'list', { code: 'srch', minStock: 8 }, owner)).total).toBe(0);
    await gw.ok('productAdmin', 'create', tee({ code: 'PTS1', pointsCoefficient: 2.5, skus: [{ specValues: ['红'], price: 1, stock: 1 }] }), owner);
    expect((await gw.ok('productAdmin', 'list', { minPoints: 2, maxPoints: 3 }, owner)).items.map((p: any) => p.code)).toEqual(['PTS1']);
  });

  test('categories in use cannot be deleted; brands names are unique', async () => {
    expect((await gw.call('productAdmin', 'deleteCategory', { id: cat1 }, owner)).body.error.code).toBe('IN_USE');
    expect((await gw.call('productAdmin', 'saveBrand', { name: '山野' }, owner)).body.error.code).toBe('NAME_TAKEN');
    expect((await gw.call('productAdmin', 'saveCategory', { name: '服饰' }, owner)).body.error.code).toBe('NAME_TAKEN');
    expect((await gw.call('productAdmin', 'saveCategory', { _id: cat2, name: '服饰' }, owner)).body.error.code).toBe('NAME_TAKEN');
    expect(await gw.ok('productAdmin', 'saveCategory', { _id: cat2, name: '数码', sort: 2 }, owner)).toMatchObject({ _id: cat2, name: '数码', sort: 2 });
    const cats = await gw.ok('productAdmin', 'listCategories', {}, owner);
    expect(cats.find((c: any) => c._id === cat1).productCount).toBeGreaterThan(0);
  });
});

describe('CSV import', () => {
  test('a good file imports off shelf and creates missing categories', async () => {
    const csv = 'name,slug,price,stock,category,brand\n导入商品一,imp-1,19.9,5,导入分类,新品牌\n导入商品二,imp-2,29,0,服饰,\n';
    const r = await gw.ok('productAdmin', 'importCsv', { csv }, owner);
    expect(r).toMatchObject({ created: 2, errors: [] });
    const p = await gw.ok('productAdmin', 'get', { id: r.productIds[0] }, owner);
    expect(p).toMatchObject({ onShelf: false, priceMin: 1990, stockTotal: 5 });
  });
  test('a file with a broken row or a taken slug writes nothing and names the lines', async () => {
    const before = await count('products');
    const csv = 'name,slug,price\n好的,imp-ok,1\n坏的,imp-bad,abc\n重复,imp-1,2\n';
    const r = await gw.ok('productAdmin', 'importCsv', { csv }, owner);
    expect(r.created).toBe(0);
    expect(r.errors.map((e: any) => [e.line, e.field])).toEqual([[3, 'price']]);
    const r2 = await gw.ok('productAdmin', 'importCsv', { csv: 'name,slug,price\n好的,imp-ok,1\n重复,imp-1,2\n' }, owner);
    expect(r2.errors.map((e: any) => [e.line, e.field])).toEqual([[3, 'slug']]);
    expect(await count('products')).toBe(before);
  });
});

describe('staff accounts', () => {
  test('the owner creates a clerk of a store; the clerk logs in; operators cannot manage staff', async () => {
    await gw.db.collection('stores').doc('store-1').set({ name: '门店一', address: '某路 1 号' });
    const clerk = await gw.ok('staff', 'create', { username: 'New.Clerk', displayName: '店员甲', password: 'secret-123', role: 'clerk', storeId: 'store-1' }, owner);
    expect(clerk).toMatchObject({ username: 'new.clerk', role: 'clerk', storeId: 'store-1' });
    expect(clerk.passwordHash).toBeUndefined();
    const s = await gw.ok('auth', 'merchantLogin', { username: 'new.clerk', password: 'secret-123' });
    expect(s.admin).toMatchObject({ role: 'clerk', storeId: 'store-1' });
    const op = await gw.merchantToken('operator');
    expect((await gw.call('staff', 'list', {}, op)).body.error.code).toBe('FORBIDDEN');
    expect((await gw.call('staff', 'create', { username: 'x1', displayName: 'x', password: 'short', role: 'clerk', storeId: 'store-1' }, owner)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await gw.call('staff', 'create', { username: 'clerk2', displayName: 'x', password: 'long-enough', role: 'clerk' }, owner)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await gw.call('staff', 'create', { username: 'new.clerk', displayName: 'x', password: 'long-enough', role: 'operator' }, owner)).body.error.code).toBe('NAME_TAKEN');
  });
  test('disabling an account ends its sessions at once; the last owner cannot be demoted', async () => {
    const acc = await gw.ok('staff', 'create', { username: 'temp.op', displayName: '临时', password: 'secret-123', role: 'operator' }, owner);
    const { token } = await gw.ok('auth', 'merchantLogin', { username: 'temp.op', password: 'secret-123' });
    expect((await gw.call('productAdmin', 'list', {}, token)).body.ok).toBe(true);
    await gw.ok('staff', 'update', { id: acc._id, disabled: true }, owner);
    expect((await gw.call('productAdmin', 'list', {}, token)).body.error.code).toBe('UNAUTHENTICATED');
    expect((await gw.call('auth', 'merchantLogin', { username: 'temp.op', password: 'secret-123' })).body.error.code).toBe('ACCOUNT_DISABLED');
    expect((await gw.call('staff', 'update', { id: 't-owner', role: 'operator' }, owner)).body.error.code).toBe('FORBIDDEN');
    // a disabled second owner can be demoted: the number of active owners does not change
    const second = await gw.ok('staff', 'create', { username: 'owner.two', displayName: '二号店主', password: 'secret-123', role: 'owner' }, owner);
    await gw.ok('staff', 'update', { id: second._id, disabled: true }, owner);
    expect(await gw.ok('staff', 'update', { id: second._id, role: 'operator' }, owner)).toMatchObject({ role: 'operator', disabled: true });
  });
});
