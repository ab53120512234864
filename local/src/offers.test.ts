/** catalog.offers: the product page's 促销 / 领券 / 运费 / 服务 rows in one read (issue 17); order.counts' after-sales. */
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
const START = '2026-11-23T08:00:00.000Z';
const iso = (days: number) => new Date(Date.parse(START) + days * 86400e3).toISOString();

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
});
afterAll(() => gw.close());

let seq = 0;
const product = async (over: Record<string, unknown> = {}) => {
  seq++;
  return gw.ok('productAdmin', 'create', { name: `商品${seq}`, code: `OF${seq}`, skus: [{ specValues: [], price: 5000, stock: 10 }], onShelf: true, ...over }, owner);
};
const coupon = async (over: Record<string, unknown>) => {
  const c = await gw.ok(
    'couponAdmin',
    'create',
    { kind: 'normal', name: '满100减10', type: 'cash', value: 1000, threshold: 10000, validFrom: iso(-1), validTo: iso(30), prefix: `C${++seq}`, quantity: 5, inCentre: true, ...over },
    owner,
  );
  return gw.ok('couponAdmin', 'publish', { couponId: c._id }, owner);
};

test('campaigns and coupons that apply, in words; claims counted for a shopper; freight from the template', async () => {
  const t = await gw.ok(
    'freightAdmin',
    'save',
    { name: '普通快递', defaultRule: { first: 1, firstFee: 800, additional: 1, additionalFee: 200 }, excludedProvinces: ['西藏'], freeRules: [{ minAmount: 9900 }] },
    owner,
  );
  const p = await product({ freightTemplateId: t._id });
  const other = await product();
  await gw.ok('campaignAdmin', 'create', { name: '双十二满减', rule: { kind: 'reduction', mode: 'tiered', tiers: [{ threshold: 20000, value: 2000 }, { threshold: 30000, value: 4000 }] }, productIds: [p._id], startsAt: iso(-1), endsAt: iso(10) }, owner);
  await gw.ok('campaignAdmin', 'create', { name: '别的商品满折', rule: { kind: 'discount', basis: 'count', tiers: [{ threshold: 2, value: 800 }] }, productIds: [other._id], startsAt: iso(-1), endsAt: iso(10) }, owner);
  await gw.ok('campaignAdmin', 'create', { name: '全场包邮', rule: { kind: 'freeShipping', threshold: 19900 }, startsAt: iso(-1), endsAt: null }, owner);
  const mine = await coupon({ productIds: [p._id] });
  await coupon({ name: '别的券', productIds: [other._id] });
  const all = await coupon({ name: '全场券', productIds: null, type: 'discount', value: 900, threshold: 0 });

  const anon = await gw.ok('catalog', 'offers', { productId: p._id });
  expect(anon.campaigns.map((c: any) => [c.label, c.text])).toEqual([
    ['满减', '满¥200减¥20，满¥300减¥40'],
    ['包邮', '满¥199包邮'],
  ]);
  expect(anon.coupons.map((c: any) => c.couponId).sort()).toEqual([mine._id, all._id].sort());
  expect(anon.coupons.every((c: any) => c.claimed === 0 && c.canClaim)).toBe(true);
  expect(anon.delivery).toEqual({ express: '快递 ¥8', free: '满¥99包邮', regional: true, pickup: false, local: false });

  const shopper = await gw.shopperToken('offers-1');
  const token = ((await gw.db.collection('coupons').doc(mine._id).get()).data[0] as any).claimToken;
  await gw.ok('coupon', 'claim', { c: token }, shopper);
  const signedIn = await gw.ok('catalog', 'offers', { productId: p._id }, shopper);
  expect(signedIn.coupons.find((c: any) => c.couponId === mine._id)).toMatchObject({ claimed: 1, limit: 1, canClaim: false });

  // no template: the shop's default freight; a virtual product: nothing delivered
  expect((await gw.ok('catalog', 'offers', { productId: other._id })).delivery).toMatchObject({ express: '快递 ¥10', free: null, regional: false });
  const card = await product({ type: 'virtual' });
  expect((await gw.ok('catalog', 'offers', { productId: card._id })).delivery).toBeNull();
});

test('an unknown or off-shelf product is NOT_FOUND; a bad id is VALIDATION_FAILED', async () => {
  const off = await product({ onShelf: false });
  expect((await gw.call('catalog', 'offers', { productId: off._id })).body.error.code).toBe('NOT_FOUND');
  expect((await gw.call('catalog', 'offers', { productId: 'nope' })).body.error.code).toBe('NOT_FOUND');
  const bad = await gw.call('catalog', 'offers', { productId: '' });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'productId' })] });
});

test("order.counts counts the shopper's open after-sales requests only", async () => {
  const shopper = await gw.shopperToken('offers-2');
  const { openid } = await gw.ok('auth', 'whoami', {}, shopper);
  const base = { orderId: 'o1', type: 'refund', createdAt: iso(0) };
  await gw.db.collection('aftersales').doc('as-open').set({ ...base, openid, status: 'pending' });
  await gw.db.collection('aftersales').doc('as-ret').set({ ...base, openid, status: 'awaiting_return' });
  await gw.db.collection('aftersales').doc('as-done').set({ ...base, openid, status: 'refunded' });
  await gw.db.collection('aftersales').doc('as-other').set({ ...base, openid: 'someone-else', status: 'pending' });
  expect((await gw.ok('order', 'counts', {}, shopper)).aftersales).toBe(2);
});
