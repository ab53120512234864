/** 店铺信息: the owner saves the `shop` section of the settings; the storefront reads it with catalog.shopInfo. */
import { SERVICE_PHONE_RE } from '@shop/types';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let operator: string;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  operator = await gw.merchantToken('operator');
});
afterAll(() => gw.close());

test.each([
  ['13800138000', true],
  ['021-12345678', true],
  ['0571 88886666', true],
  ['010-1234567-8021', true],
  ['400-820-8820', true],
  ['4008208820', true],
  ['12345678901', false],
  ['1380013800', false],
  ['21-12345678', false],
  ['+86 13800138000', false],
  ['phone', false],
])('service phone %s is accepted: %s', (phone, ok) => {
  expect(SERVICE_PHONE_RE.test(phone)).toBe(ok);
});

test('a shop that never saved its information answers the defaults to anyone', async () => {
  expect(await gw.ok('catalog', 'shopInfo', {})).toEqual({ name: '微商城', logo: null, servicePhone: '', shareTitle: '', shareImage: null });
});

test('the owner saves it (only the named fields change), the storefront reads it, other sections are kept', async () => {
  const before = await gw.ok('orderAdmin', 'settings', {}, owner);
  await gw.ok('orderAdmin', 'saveSettings', { shop: { name: '小林杂货铺', servicePhone: '021-12345678', logo: '/assets/uploads/a.png' } }, owner);
  await gw.ok('orderAdmin', 'saveSettings', { shop: { shareTitle: '好物都在这里', shareImage: 'cloud://env-1.bucket/share.png' } }, owner);
  expect(await gw.ok('catalog', 'shopInfo', {})).toEqual({
    name: '小林杂货铺',
    logo: '/assets/uploads/a.png',
    servicePhone: '021-12345678',
    shareTitle: '好物都在这里',
    shareImage: 'cloud://env-1.bucket/share.png',
  });
  const after = await gw.ok('orderAdmin', 'settings', {}, owner);
  expect({ ...after, shop: before.shop }).toEqual(before);
  // cleared again: no phone (the 客服 button is hidden on H5), no logo
  await gw.ok('orderAdmin', 'saveSettings', { shop: { servicePhone: '', logo: null } }, owner);
  expect(await gw.ok('catalog', 'shopInfo', {})).toMatchObject({ name: '小林杂货铺', servicePhone: '', logo: null });
});

test('bad input is refused by path and writes nothing; only the owner saves', async () => {
  const before = await gw.ok('catalog', 'shopInfo', {});
  for (const [shop, path] of [
    [{ servicePhone: '12345' }, 'shop.servicePhone'],
    [{ name: '' }, 'shop.name'],
    [{ name: '店'.repeat(31) }, 'shop.name'],
    [{ logo: 'javascript:alert(1)' }, 'shop.logo'],
    [{ shareImage: '//evil.example/x.png' }, 'shop.shareImage'],
    [{ shareTitle: '题'.repeat(41) }, 'shop.shareTitle'],
    [{ motto: 'x' }, 'shop'],
  ] as const) {
    const r = await gw.call('orderAdmin', 'saveSettings', { shop }, owner);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  }
  expect((await gw.call('orderAdmin', 'saveSettings', { shop: { name: '别人的店' } }, operator)).body.error.code).toBe('FORBIDDEN');
  expect((await gw.call('orderAdmin', 'saveSettings', { shop: { name: '别人的店' } })).status).toBe(401);
  expect(await gw.ok('catalog', 'shopInfo', {})).toEqual(before);
  expect((await gw.call('catalog', 'shopInfo', { extra: 1 })).status).toBe(400);
});
