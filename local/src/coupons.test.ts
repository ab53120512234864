/** Coupon handler tests: couponAdmin and coupon through the gateway, consume / release / grant on the real local database. */
import * as XLSX from '@e965/xlsx';
import { CouponInput, QuoteCoupon } from '@shop/types';
import type { Database } from '@shop/functions/shared/db/types';
import { COLLECTIONS } from '@shop/functions/shared/domain/schema';
import {
  claimCoupon,
  consumeCoupon,
  createCoupon,
  distribute,
  grantCoupons,
  heldCouponsForQuote,
  publishCoupon,
  releaseCoupon,
  reusableForQuote,
} from '@shop/functions/shared/domain/coupons';
import { ensureShopper } from '@shop/functions/shared/domain/auth/service';
import { dispatch } from '@shop/functions/shared/runtime/define';
import { FUNCTIONS } from '@shop/functions/registry';
import { activeCases, pgServer, stopSharedCluster } from './db/testkit';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let operator: string;
let clerk: string;
let s1: string;
let s2: string;
let productId: string;

const DAY = 24 * 3600e3;
const START = new Date('2026-11-23T08:00:00.000Z');
const iso = (offsetDays: number) => new Date((gw ? gw.clock.now : START).getTime() + offsetDays * DAY).toISOString();
const O1 = 'local-shopper-1';
const O2 = 'local-shopper-2';

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  operator = await gw.merchantToken('operator');
  clerk = await gw.merchantToken('clerk');
  s1 = await gw.shopperToken('shopper-1');
  s2 = await gw.shopperToken('shopper-2');
  const p = await gw.ok(
    'productAdmin',
    'create',
    { name: '绿茶', code: 'TEA1', skus: [{ specValues: [], price: 5000, stock: 10 }] },
    owner,
  );
  productId = p._id;
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.clock.now = new Date(START);
});

const normal = (over: Record<string, unknown> = {}) => ({
  kind: 'normal',
  name: '满100减15',
  type: 'cash',
  value: 1500,
  threshold: 10000,
  validFrom: iso(-1),
  validTo: iso(30),
  prefix: 'NEW',
  quantity: 5,
  ...over,
});
const reusable = (over: Record<string, unknown> = {}) => ({
  kind: 'reusable',
  name: '公众号 8 折',
  type: 'discount',
  value: 800,
  maxOff: 2000,
  validFrom: iso(-1),
  validTo: iso(30),
  code: 'WX2026',
  quantity: 3,
  ...over,
});
const create = (over: Record<string, unknown> = {}, token = owner) => gw.ok('couponAdmin', 'create', normal(over), token);
const published = async (over: Record<string, unknown> = {}) => {
  const c = await create(over);
  return gw.ok('couponAdmin', 'publish', { couponId: c._id }, owner);
};
const err = async (fn: string, action: string, data: unknown, token?: string) => (await gw.call(fn, action, data, token)).body.error?.code;
const codesOf = async (couponId: string, where: Record<string, unknown> = {}) =>
  (await gw.db.collection('coupon_codes').where({ couponId, kind: 'normal', ...where }).limit(1000).get()).data as any[];
/** the claim token (claimLink answers it too, with a QR code that takes a while to draw under jest) */
const tokenOf = async (couponId: string) => ((await gw.db.collection('coupons').doc(couponId).get()).data[0] as any).claimToken as string;
const tx = <T>(fn: (t: any) => Promise<T>) => gw.db.runTransaction(fn);
let shopperN = 0;
/** a fresh shopper: token and openid */
const newShopper = async () => {
  const code = `c-${++shopperN}`;
  return { token: await gw.shopperToken(code), openid: `local-${code}` };
};

describe('who may call', () => {
  test('anonymous, shoppers and clerks cannot manage coupons; operators can', async () => {
    expect(await err('couponAdmin', 'list', {})).toBe('UNAUTHENTICATED');
    expect(await err('couponAdmin', 'create', normal(), s1)).toBe('FORBIDDEN');
    expect(await err('couponAdmin', 'list', {}, clerk)).toBe('FORBIDDEN');
    expect(await err('couponAdmin', 'create', normal(), clerk)).toBe('FORBIDDEN');
    expect((await gw.db.collection('coupons').count()).total).toBe(0);
    const c = await create({}, operator);
    expect(c.status).toBe('draft');
    await gw.ok('couponAdmin', 'delete', { couponId: c._id }, operator);
  });
  test('shopper actions need a shopper; claimInfo is public', async () => {
    expect(await err('coupon', 'mine', {})).toBe('UNAUTHENTICATED');
    expect(await err('coupon', 'mine', {}, owner)).toBe('FORBIDDEN');
    expect(await err('coupon', 'claim', { c: 'abcdefghijk' })).toBe('UNAUTHENTICATED');
    expect(await err('coupon', 'claimInfo', { c: 'abcdefghijk' })).toBe('NOT_FOUND');
  });
});

describe('definitions', () => {
  test.each([
    ['a discount of 1000 per mille', normal({ type: 'discount', value: 1000 })],
    ['a discount of 0', normal({ type: 'discount', value: 0 })],
    ['a maximum on a cash coupon', normal({ maxOff: 100 })],
    ['an end before the start', normal({ validFrom: '2026-12-01T00:00:00Z', validTo: '2026-11-30T00:00:00Z' })],
    ['a name over 100', normal({ name: 'x'.repeat(101) })],
    ['fractional fen', normal({ value: 15.5 })],
    ['an unknown field', normal({ colour: 'red' })],
    ['too many codes', normal({ quantity: 10_001 })],
    ['a prefix with symbols', normal({ prefix: 'A-B' })],
    ['a reusable code too short', reusable({ code: 'AB' })],
    ['an unknown kind', normal({ kind: 'magic' })],
  ])('refuses %s', async (_what, input) => {
    expect(await err('couponAdmin', 'create', input, owner)).toBe('VALIDATION_FAILED');
  });

  test('an unknown product in the scope is refused; a known one is kept', async () => {
    expect(await err('couponAdmin', 'create', normal({ productIds: ['nope'] }), owner)).toBe('VALIDATION_FAILED');
    const c = await create({ productIds: [productId] });
    expect(c.productIds).toEqual([productId]);
    await gw.ok('couponAdmin', 'delete', { couponId: c._id }, owner);
  });

  test('a normal coupon generates its batch: prefix + 12 unguessable symbols, unique', async () => {
    const c = await create({ prefix: 'vip', quantity: 50 });
    expect(c).toMatchObject({ kind: 'normal', prefix: 'VIP', quantity: 50, status: 'draft', stats: { total: 50, remaining: 50, used: 0 } });
    const codes = await codesOf(c._id);
    expect(codes).toHaveLength(50);
    for (const d of codes) expect(d.code).toMatch(/^VIP[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}$/);
    expect(new Set(codes.map((d) => d.code)).size).toBe(50);
    expect(codes.every((d) => d.status === 'available' && d.openid === null)).toBe(true);
    await gw.ok('couponAdmin', 'delete', { couponId: c._id }, owner);
    expect(await codesOf(c._id)).toHaveLength(0);
  });

  test('a draft can be edited (the batch follows); once published it is immutable', async () => {
    const c = await create({ quantity: 3 });
    const edited = await gw.ok('couponAdmin', 'update', { ...normal({ prefix: 'XY', quantity: 4, name: '改名' }), id: c._id }, owner);
    expect(edited).toMatchObject({ name: '改名', prefix: 'XY', stats: { total: 4 } });
    expect((await codesOf(c._id)).every((d) => d.code.startsWith('XY'))).toBe(true);
    expect(await err('couponAdmin', 'update', { ...reusable(), id: c._id }, owner)).toBe('VALIDATION_FAILED');

    const p = await gw.ok('couponAdmin', 'publish', { couponId: c._id }, owner);
    expect(p).toMatchObject({ status: 'published', publishedAt: START.toISOString() });
    expect(p.claimToken).toBeUndefined();
    const r = await gw.call('couponAdmin', 'update', { ...normal({ name: '再改' }), id: c._id }, owner);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('INVALID_STATE');
    expect(await err('couponAdmin', 'publish', { couponId: c._id }, owner)).toBe('INVALID_STATE');
    expect(await err('couponAdmin', 'importCodes', { couponId: c._id, csv: 'ABCD1234' }, owner)).toBe('INVALID_STATE');
    expect((await gw.ok('couponAdmin', 'get', { couponId: c._id }, owner)).name).toBe('改名');
  });

  test('publishing needs codes and a validity that has not ended', async () => {
    const empty = await create({ quantity: 0 });
    expect(await err('couponAdmin', 'publish', { couponId: empty._id }, owner)).toBe('INVALID_STATE');
    const old = await create({ validFrom: iso(-10), validTo: iso(-1) });
    expect(await err('couponAdmin', 'publish', { couponId: old._id }, owner)).toBe('INVALID_STATE');
    expect(await err('couponAdmin', 'void', { couponId: old._id }, owner)).toBe('INVALID_STATE');
    await gw.ok('couponAdmin', 'delete', { couponId: empty._id }, owner);
    await gw.ok('couponAdmin', 'delete', { couponId: old._id }, owner);
  });

  test('reusable codes are unique across every coupon code; they have no distribution, claim link or import', async () => {
    const r = await gw.ok('couponAdmin', 'create', reusable({ code: 'share-01' }), owner);
    expect(r).toMatchObject({ kind: 'reusable', code: 'SHARE-01', stats: { total: 3, remaining: 3, used: 0 } });
    expect(await err('couponAdmin', 'create', reusable({ code: 'SHARE-01' }), owner)).toBe('CODE_TAKEN');
    const n = await create({ quantity: 0 });
    await gw.ok('couponAdmin', 'importCodes', { couponId: n._id, csv: 'IMPORTED-1\n' }, owner);
    expect(await err('couponAdmin', 'create', reusable({ code: 'imported-1' }), owner)).toBe('CODE_TAKEN');
    // and an import cannot take a reusable code either
    const imp = await gw.ok('couponAdmin', 'importCodes', { couponId: n._id, csv: 'SHARE-01\n' }, owner);
    expect(imp).toMatchObject({ imported: 0, rejected: [{ line: 1, reason: 'ALREADY_EXISTS' }] });

    await gw.ok('couponAdmin', 'publish', { couponId: r._id }, owner);
    expect(await err('couponAdmin', 'distribute', { couponId: r._id, grants: [{ openid: O1, quantity: 1 }] }, owner)).toBe('INVALID_STATE');
    expect(await err('couponAdmin', 'claimLink', { couponId: r._id }, owner)).toBe('INVALID_STATE');
    expect(await err('couponAdmin', 'importCodes', { couponId: r._id, csv: 'ABCD1234' }, owner)).toBe('INVALID_STATE');
    expect(await grantCoupons(gw.db, O1, r._id, 1, `gift:o:${r._id}`, gw.clock.now)).toBe(0);
    expect(await err('couponAdmin', 'setRegistrationGift', { enabled: true, couponId: r._id, startsAt: iso(-1) }, owner)).toBe('INVALID_STATE');
    expect(await reusableForQuote(gw.db, 'share-01')).toMatchObject({ id: `reusable:${r._id}`, couponId: r._id, type: 'discount', value: 800, maxOff: 2000, state: 'available' });
    expect(await reusableForQuote(gw.db, 'IMPORTED-1')).toBeNull();
    expect(await reusableForQuote(gw.db, 'NOPE')).toBeNull();
  });

  test('list: name, status, kind, validity window, pages', async () => {
    const a = await gw.ok('couponAdmin', 'create', normal({ name: '双十二专享', validFrom: '2026-12-10T00:00:00Z', validTo: '2026-12-13T00:00:00Z' }), owner);
    gw.clock.now = new Date(START.getTime() + 1000); // newest first
    const b = await gw.ok('couponAdmin', 'create', reusable({ name: '双十二渠道码', code: 'D12CODE', validFrom: '2026-12-01T00:00:00Z', validTo: '2026-12-05T00:00:00Z' }), owner);
    await gw.ok('couponAdmin', 'publish', { couponId: b._id }, owner);
    const ids = async (q: Record<string, unknown>) => (await gw.ok('couponAdmin', 'list', q, owner)).items.map((c: any) => c._id);
    expect(await ids({ name: '双十二' })).toEqual([b._id, a._id]);
    expect(await ids({ name: '双十二', status: 'published' })).toEqual([b._id]);
    expect(await ids({ name: '双十二', kind: 'normal' })).toEqual([a._id]);
    expect(await ids({ name: '双十二', validFrom: '2026-12-06T00:00:00Z', validTo: '2026-12-31T00:00:00Z' })).toEqual([a._id]);
    expect(await ids({ name: '双十二', validFrom: '2026-11-01T00:00:00Z', validTo: '2026-12-02T00:00:00Z' })).toEqual([b._id]);
    const page = await gw.ok('couponAdmin', 'list', { name: '双十二', pageSize: 1, page: 2 }, owner);
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.items[0]).toMatchObject({ _id: a._id, stats: { total: 5, remaining: 5 } });
    expect(await ids({ name: '.*' })).toEqual([]); // the name is text, not a pattern
  });
});

describe('distribution', () => {
  test('beyond the stock is refused and changes nothing; then codes go to the chosen shoppers', async () => {
    const c = await published({ quantity: 5 });
    const tooMany = await gw.call('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: O1, quantity: 3 }, { openid: O2, quantity: 3 }] }, owner);
    expect(tooMany.body.error).toMatchObject({ code: 'COUPON_SOLD_OUT', details: { available: 5, requested: 6 } });
    expect((await gw.ok('couponAdmin', 'get', { couponId: c._id }, owner)).stats).toMatchObject({ remaining: 5, held: 0, assigned: 0 });

    const r = await gw.ok('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: O1, quantity: 2 }, { openid: O2, quantity: 3 }] }, owner);
    expect(r).toMatchObject({ distributed: 5, stats: { total: 5, remaining: 0, held: 5, assigned: 5 } });
    expect(await err('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: O1, quantity: 1 }] }, owner)).toBe('COUPON_SOLD_OUT');
    expect((await codesOf(c._id, { openid: O1 })).length).toBe(2);
    expect((await codesOf(c._id, { openid: O2 })).every((d) => d.via === 'distribute' && d.status === 'held')).toBe(true);

    const mine1 = await gw.ok('coupon', 'mine', { status: 'usable' }, s1);
    const mine2 = await gw.ok('coupon', 'mine', { status: 'usable' }, s2);
    const ids1 = mine1.items.filter((m: any) => m.couponId === c._id).map((m: any) => m.id);
    const ids2 = mine2.items.filter((m: any) => m.couponId === c._id).map((m: any) => m.id);
    expect(ids1).toHaveLength(2);
    expect(ids2).toHaveLength(3);
    expect(ids1.some((id: string) => ids2.includes(id))).toBe(false);
    expect(mine1.items[0]).toMatchObject({ state: 'usable', type: 'cash', value: 1500, threshold: 10000 });
  });

  test('unknown or repeated customers, drafts and void coupons are refused', async () => {
    const d = await create({ quantity: 2 });
    expect(await err('couponAdmin', 'distribute', { couponId: d._id, grants: [{ openid: O1, quantity: 1 }] }, owner)).toBe('INVALID_STATE');
    const c = await published({ quantity: 2 });
    expect(await err('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: 'ghost', quantity: 1 }] }, owner)).toBe('VALIDATION_FAILED');
    expect(await err('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: O1, quantity: 1 }, { openid: O1, quantity: 1 }] }, owner)).toBe('VALIDATION_FAILED');
    await gw.ok('couponAdmin', 'void', { couponId: c._id }, owner);
    expect(await err('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: O1, quantity: 1 }] }, owner)).toBe('INVALID_STATE');
  });

  test('search shoppers by nickname for the dialog', async () => {
    const page = await gw.ok('couponAdmin', 'searchShoppers', { keyword: '顾客 shopper-2' }, owner);
    expect(page.items.map((s: any) => s.openid)).toEqual([O2]);
    expect((await gw.ok('couponAdmin', 'searchShoppers', { keyword: O1 }, owner)).items.map((s: any) => s.openid)).toEqual([O1]);
  });
});

describe('claims', () => {
  test('claim by link once; the second tap is COUPON_ALREADY_CLAIMED; the centre and claim page follow', async () => {
    const c = await published({ quantity: 10, name: '领券中心券' });
    const t = await tokenOf(c._id);
    expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const link = await gw.ok('couponAdmin', 'claimLink', { couponId: c._id, origin: 'https://shop.example.com' }, owner);
    expect(link.url).toBe(`https://shop.example.com/h5/#/pages/coupon-claim/index?c=${t}`);
    expect(link.path).toBe(`/pages/coupon-claim/index?c=${t}`);
    expect(link.qrPngDataUrl).toMatch(/^data:image\/png;base64,/);

    const { token, openid } = await newShopper();
    expect(await gw.ok('coupon', 'claimInfo', { c: t })).toMatchObject({ state: 'open', claimed: null, limit: 1, coupon: { name: '领券中心券' } });
    const centre = (await gw.ok('coupon', 'centre', {}, token)).find((x: any) => x.couponId === c._id);
    expect(centre).toMatchObject({ canClaim: true, claimed: 0, soldOut: false, claimToken: t });

    const got = await gw.ok('coupon', 'claim', { c: t }, token);
    expect(got).toMatchObject({ couponId: c._id, state: 'usable', via: 'claim' });
    expect(got.code).toMatch(/^NEW/);
    expect(await err('coupon', 'claim', { c: t }, token)).toBe('COUPON_ALREADY_CLAIMED');
    expect(await gw.ok('coupon', 'claimInfo', { c: t }, token)).toMatchObject({ state: 'claimed', claimed: 1 });
    expect((await gw.ok('coupon', 'centre', {}, token)).find((x: any) => x.couponId === c._id)).toMatchObject({ canClaim: false, claimed: 1 });
    expect((await codesOf(c._id, { openid })).length).toBe(1);
    expect((await gw.ok('couponAdmin', 'get', { couponId: c._id }, owner)).stats).toMatchObject({ claimed: 1, held: 1, remaining: 9 });
  });

  test('20 concurrent claims by one shopper give one code', async () => {
    const c = await published({ quantity: 10 });
    const t = await tokenOf(c._id);
    const { token, openid } = await newShopper();
    const results = await Promise.all(Array.from({ length: 20 }, () => gw.call('coupon', 'claim', { c: t }, token)));
    expect(results.filter((r) => r.body.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.body.ok).every((r) => r.body.error.code === 'COUPON_ALREADY_CLAIMED')).toBe(true);
    expect((await codesOf(c._id, { openid })).length).toBe(1);
    expect((await codesOf(c._id, { status: 'held' })).length).toBe(1);
  });

  test('50 shoppers claiming 10 codes at once: exactly 10 get one', async () => {
    const c = await published({ quantity: 10 });
    const t = await tokenOf(c._id);
    const shoppers = [];
    for (let i = 0; i < 50; i++) shoppers.push(await newShopper());
    const results = await Promise.all(shoppers.map((s) => gw.call('coupon', 'claim', { c: t }, s.token)));
    const ok = results.filter((r) => r.body.ok);
    expect(ok).toHaveLength(10);
    expect(results.filter((r) => !r.body.ok).every((r) => r.body.error.code === 'COUPON_SOLD_OUT')).toBe(true);
    const held = await codesOf(c._id, { status: 'held' });
    expect(held).toHaveLength(10);
    expect(new Set(held.map((d) => d.openid)).size).toBe(10);
    expect(await gw.ok('coupon', 'claimInfo', { c: t }, shoppers[0].token)).toMatchObject({ state: expect.stringMatching(/sold_out|claimed/) });
    // a sold-out answer gave the claim back: the shopper may claim once codes exist again (not here: none left)
    const loser = shoppers[results.findIndex((r) => !r.body.ok)];
    expect(await err('coupon', 'claim', { c: t }, loser.token)).toBe('COUPON_SOLD_OUT');
  });

  test('perShopperLimit 2 allows two claims; coupons out of the centre are not listed; void ends the link', async () => {
    const c = await published({ quantity: 5, perShopperLimit: 2, inCentre: false });
    const t = await tokenOf(c._id);
    const { token } = await newShopper();
    await gw.ok('coupon', 'claim', { c: t }, token);
    await gw.ok('coupon', 'claim', { c: t }, token);
    expect(await err('coupon', 'claim', { c: t }, token)).toBe('COUPON_ALREADY_CLAIMED');
    expect((await gw.ok('coupon', 'centre', {}, token)).some((x: any) => x.couponId === c._id)).toBe(false);
    await gw.ok('couponAdmin', 'void', { couponId: c._id }, owner);
    expect(await gw.ok('coupon', 'claimInfo', { c: t })).toMatchObject({ state: 'ended', coupon: { couponId: c._id } });
    const other = await newShopper();
    const refused = await gw.call('coupon', 'claim', { c: t }, other.token);
    expect(refused.body.error).toMatchObject({ code: 'COUPON_UNAVAILABLE', message: 'this coupon event has ended' });
    // the two codes the first shopper claimed are still theirs and usable
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, token)).items.filter((m: any) => m.couponId === c._id)).toHaveLength(2);
  });

  test('the coupon centre drops a voided coupon; a claim from a page opened before says the event has ended', async () => {
    const c = await published({ quantity: 5, name: '中心废弃' });
    const { token } = await newShopper();
    const before = (await gw.ok('coupon', 'centre', {}, token)).find((x: any) => x.couponId === c._id);
    expect(before).toMatchObject({ canClaim: true });
    await gw.ok('couponAdmin', 'void', { couponId: c._id }, owner);
    expect((await gw.ok('coupon', 'centre', {}, token)).some((x: any) => x.couponId === c._id)).toBe(false);
    expect(await err('coupon', 'claim', { c: before.claimToken }, token)).toBe('COUPON_UNAVAILABLE');
  });

  test('an expired coupon cannot be claimed', async () => {
    const c = await published({ quantity: 2, validTo: iso(2) });
    const t = await tokenOf(c._id);
    gw.clock.now = new Date(START.getTime() + 3 * DAY);
    const { token } = await newShopper();
    expect((await gw.ok('coupon', 'claimInfo', { c: t })).state).toBe('expired');
    expect(await err('coupon', 'claim', { c: t }, token)).toBe('INVALID_STATE');
  });
});

describe('orders: consume and release', () => {
  const setup = async (over: Record<string, unknown> = {}) => {
    const c = await published({ quantity: 3, ...over });
    const s = await newShopper();
    await gw.ok('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: s.openid, quantity: 1 }] }, owner);
    const [code] = await codesOf(c._id, { openid: s.openid });
    return { c, s, code };
  };

  test('held → used once; release gives it back exactly once', async () => {
    const { c, s, code } = await setup();
    const now = gw.clock.now;
    const quote = await heldCouponsForQuote(gw.db, s.openid, now);
    expect(quote).toHaveLength(1);
    expect(QuoteCoupon.parse(quote[0])).toMatchObject({ id: code._id, couponId: c._id, state: 'available', value: 1500, threshold: 10000 });

    await tx((t) => consumeCoupon(t, code._id, s.openid, 'order-1', now));
    await tx((t) => consumeCoupon(t, code._id, s.openid, 'order-1', now)); // the same order again: nothing more
    await expect(tx((t) => consumeCoupon(t, code._id, s.openid, 'order-2', now))).rejects.toMatchObject({ code: 'COUPON_UNAVAILABLE' });
    expect((await heldCouponsForQuote(gw.db, s.openid, now))[0]).toMatchObject({ state: 'used' });
    expect((await gw.ok('coupon', 'mine', { status: 'used' }, s.token)).items).toMatchObject([{ id: code._id, orderId: 'order-1', state: 'used' }]);
    const u = await gw.ok('couponAdmin', 'usage', { couponId: c._id }, owner);
    expect(u).toMatchObject({ total: 1, items: [{ code: code.code, openid: s.openid, orderId: 'order-1', usedAt: now.toISOString() }] });

    expect(await tx((t) => releaseCoupon(t, code._id, s.openid, 'order-2', now))).toBe(false);
    expect(await tx((t) => releaseCoupon(t, code._id, s.openid, 'order-1', now))).toBe(true);
    expect(await tx((t) => releaseCoupon(t, code._id, s.openid, 'order-1', now))).toBe(false);
    const back = (await codesOf(c._id, { _id: code._id }))[0];
    expect(back).toMatchObject({ status: 'held', orderId: null, everUsed: true });
    // and it can be used by another order
    await tx((t) => consumeCoupon(t, code._id, s.openid, 'order-3', now));
  });

  test('two concurrent orders never use one code', async () => {
    const { s, code } = await setup();
    const now = gw.clock.now;
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((o) => tx((t) => consumeCoupon(t, code._id, s.openid, `order-${o}`, now))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'COUPON_UNAVAILABLE')).toBe(true);
  });

  test('another shopper cannot use or see my code', async () => {
    const { s, code } = await setup();
    const other = await newShopper();
    await expect(tx((t) => consumeCoupon(t, code._id, other.openid, 'order-x', gw.clock.now))).rejects.toMatchObject({ code: 'COUPON_UNAVAILABLE' });
    expect(await heldCouponsForQuote(gw.db, other.openid, gw.clock.now)).toEqual([]);
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, other.token)).items).toEqual([]);
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, s.token)).items).toHaveLength(1);
  });

  test('outside the validity period a code is unavailable, and the shopper sees it expired', async () => {
    const { s, code } = await setup({ validFrom: iso(-1), validTo: iso(2) });
    gw.clock.now = new Date(START.getTime() + 3 * DAY);
    await expect(tx((t) => consumeCoupon(t, code._id, s.openid, 'order-late', gw.clock.now))).rejects.toMatchObject({ code: 'COUPON_UNAVAILABLE' });
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, s.token)).items).toEqual([]);
    expect((await gw.ok('coupon', 'mine', { status: 'expired' }, s.token)).items).toMatchObject([{ id: code._id, state: 'expired' }]);
    // still explained at checkout within 30 days, gone after
    expect(await heldCouponsForQuote(gw.db, s.openid, gw.clock.now)).toHaveLength(1);
    expect(await heldCouponsForQuote(gw.db, s.openid, new Date(START.getTime() + 40 * DAY))).toHaveLength(0);
  });

  test('void (seed 3.5): unclaimed codes become void at once; a held code stays usable until validTo', async () => {
    const { c, s, code } = await setup({ validTo: iso(5) });
    await gw.ok('couponAdmin', 'void', { couponId: c._id }, owner);
    const codes = await codesOf(c._id);
    expect(codes.filter((d) => d.status === 'void')).toHaveLength(2);
    expect(codes.find((d) => d._id === code._id)).toMatchObject({ status: 'held', openid: s.openid, voidedAt: null });
    expect((await gw.ok('couponAdmin', 'get', { couponId: c._id }, owner)).stats).toMatchObject({ void: 2, held: 1, remaining: 0 });
    // the shopper still sees it as usable, checkout offers it, and an order can use it
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, s.token)).items).toMatchObject([{ id: code._id, state: 'usable' }]);
    expect((await gw.ok('coupon', 'mine', { status: 'expired' }, s.token)).items).toEqual([]);
    expect(await heldCouponsForQuote(gw.db, s.openid, gw.clock.now)).toMatchObject([{ id: code._id, state: 'available' }]);
    await tx((t) => consumeCoupon(t, code._id, s.openid, 'order-v', gw.clock.now));
    expect((await codesOf(c._id, { _id: code._id }))[0].status).toBe('used');
    expect(await err('couponAdmin', 'void', { couponId: c._id }, owner)).toBe('INVALID_STATE');
    expect(await err('couponAdmin', 'update', { ...normal(), id: c._id }, owner)).toBe('INVALID_STATE');
    // nothing more is given out
    expect(await grantCoupons(gw.db, s.openid, c._id, 1, `gift:void:${c._id}`, gw.clock.now)).toBe(0);
  });

  test('a held code of a voided coupon ends at the coupon\'s own validTo', async () => {
    const { c, s, code } = await setup({ validTo: iso(2) });
    await gw.ok('couponAdmin', 'void', { couponId: c._id }, owner);
    gw.clock.now = new Date(START.getTime() + 3 * DAY);
    await expect(tx((t) => consumeCoupon(t, code._id, s.openid, 'order-late-v', gw.clock.now))).rejects.toMatchObject({ code: 'COUPON_UNAVAILABLE' });
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, s.token)).items).toEqual([]);
    expect((await gw.ok('coupon', 'mine', { status: 'expired' }, s.token)).items).toMatchObject([{ id: code._id, state: 'expired' }]);
  });

  test('a code used by an order released after the coupon was voided comes back held and usable', async () => {
    const { c, s, code } = await setup();
    await tx((t) => consumeCoupon(t, code._id, s.openid, 'order-r', gw.clock.now));
    await gw.ok('couponAdmin', 'void', { couponId: c._id }, owner);
    expect((await codesOf(c._id, { _id: code._id }))[0].status).toBe('used');
    expect(await tx((t) => releaseCoupon(t, code._id, s.openid, 'order-r', gw.clock.now))).toBe(true);
    expect((await codesOf(c._id, { _id: code._id }))[0]).toMatchObject({ status: 'held', orderId: null });
    expect(await heldCouponsForQuote(gw.db, s.openid, gw.clock.now)).toMatchObject([{ id: code._id, state: 'available' }]);
    await tx((t) => consumeCoupon(t, code._id, s.openid, 'order-r2', gw.clock.now));
  });

  test('wrong reusable codes in order.preview are throttled per shopper, parallel guesses included; a right code clears the count', async () => {
    const r = await gw.ok('couponAdmin', 'create', reusable({ code: 'GUESSME', threshold: 0 }), owner);
    await gw.ok('couponAdmin', 'publish', { couponId: r._id }, owner);
    const p = await gw.ok('productAdmin', 'create', { name: '猜码茶', code: 'GUESS1', onShelf: true, skus: [{ specValues: [], price: 5000, stock: 100 }] }, owner);
    const items = [{ skuId: p.skus[0]._id, quantity: 1 }];
    const preview = (token: string, couponCode: string) => gw.call('order', 'preview', { source: { items }, couponId: null, couponCode }, token);
    const guesser = await newShopper();
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => preview(guesser.token, `WRONG${i}`)));
    // five wrong codes are looked up (and answered as not found); the rest are refused unchecked
    expect(guesses.filter((g) => g.status === 200 && g.body.data.couponCodeError)).toHaveLength(5);
    const refused = guesses.filter((g) => g.status === 429);
    expect(refused).toHaveLength(3);
    expect(refused[0].body.error).toMatchObject({ code: 'COUPON_CODE_THROTTLED', details: { retryAfterSeconds: expect.any(Number) } });
    // even the right code waits now; another shopper is not affected
    expect((await preview(guesser.token, 'GUESSME')).body.error.code).toBe('COUPON_CODE_THROTTLED');
    const other = await newShopper();
    expect((await preview(other.token, 'GUESSME')).body.data.quote.coupon.chosen).toBe(`reusable:${r._id}`);
    // after the wait the right code works and the count starts again
    gw.clock.now = new Date(gw.clock.now.getTime() + 3000);
    expect((await preview(guesser.token, 'guessme')).body.data.quote.coupon.chosen).toBe(`reusable:${r._id}`);
    for (let i = 0; i < 4; i++) expect((await preview(guesser.token, `AGAIN${i}`)).body.data.couponCodeError).toBeTruthy();
  });

  test('a reusable coupon of 3 uses taken by 5 concurrent orders: 3 succeed', async () => {
    const r = await gw.ok('couponAdmin', 'create', reusable({ code: 'FIVEWAY', quantity: 3 }), owner);
    await gw.ok('couponAdmin', 'publish', { couponId: r._id }, owner);
    const q = await reusableForQuote(gw.db, 'fiveway');
    expect(q).not.toBeNull();
    const now = gw.clock.now;
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => tx((t) => consumeCoupon(t, q!.id, `local-buyer-${i}`, `ro-${i}`, now))));
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((x) => x.status === 'rejected').every((x) => (x as PromiseRejectedResult).reason.code === 'COUPON_UNAVAILABLE')).toBe(true);
    const after = await gw.ok('couponAdmin', 'get', { couponId: r._id }, owner);
    expect(after.stats).toMatchObject({ total: 3, used: 3, remaining: 0 });
    expect((await reusableForQuote(gw.db, 'FIVEWAY'))!.state).toBe('used');

    const winner = results.findIndex((x) => x.status === 'fulfilled') + 1;
    expect(await tx((t) => releaseCoupon(t, q!.id, `local-buyer-${winner}`, `ro-${winner}`, now))).toBe(true);
    expect(await tx((t) => releaseCoupon(t, q!.id, `local-buyer-${winner}`, `ro-${winner}`, now))).toBe(false);
    expect((await gw.ok('couponAdmin', 'get', { couponId: r._id }, owner)).stats).toMatchObject({ used: 2, remaining: 1 });
    const u = await gw.ok('couponAdmin', 'usage', { couponId: r._id }, owner);
    expect(u.total).toBe(2);
    expect(u.items[0]).toMatchObject({ code: 'FIVEWAY', orderId: expect.stringMatching(/^ro-/) });
    // void (seed 3.5): the code stops working at once, uses left or not
    await gw.ok('couponAdmin', 'void', { couponId: r._id }, owner);
    expect(await reusableForQuote(gw.db, 'FIVEWAY')).toBeNull();
    await expect(tx((t) => consumeCoupon(t, q!.id, 'local-buyer-9', 'ro-9', now))).rejects.toMatchObject({ code: 'COUPON_UNAVAILABLE' });
  });
});

describe('delete (seed 3.6)', () => {
  test('a draft goes with its codes', async () => {
    const d = await create({ quantity: 4 });
    expect(await gw.ok('couponAdmin', 'delete', { couponId: d._id }, owner)).toEqual({ deleted: 1, codesDeleted: 4, heldDeleted: 0 });
    expect(await err('couponAdmin', 'get', { couponId: d._id }, owner)).toBe('NOT_FOUND');
    expect(await err('couponAdmin', 'delete', { couponId: d._id }, owner)).toBe('NOT_FOUND');
  });

  test('a used normal coupon can be deleted: every code goes, held ones leave 我的优惠券, orders are not touched', async () => {
    await gw.db.collection('orders').add({ _id: 'keep-me', status: 'paid', coupon: { name: '满100减15', amount: 1500 }, createdAt: START.toISOString() });
    const u = await published({ quantity: 4, name: '要删除的券' });
    const t = await tokenOf(u._id);
    const s = await newShopper();
    await gw.ok('couponAdmin', 'distribute', { couponId: u._id, grants: [{ openid: s.openid, quantity: 3 }] }, owner);
    const [usedCode, heldCode, pendingCode] = await codesOf(u._id, { openid: s.openid });
    await tx((t2) => consumeCoupon(t2, usedCode._id, s.openid, 'keep-me', gw.clock.now));
    await tx((t2) => consumeCoupon(t2, pendingCode._id, s.openid, 'unpaid-order', gw.clock.now));

    const r = await gw.ok('couponAdmin', 'delete', { couponId: u._id }, owner);
    expect(r).toEqual({ deleted: 1, codesDeleted: 4, heldDeleted: 3 });
    expect(await codesOf(u._id)).toEqual([]);
    expect(await err('couponAdmin', 'get', { couponId: u._id }, owner)).toBe('NOT_FOUND');
    // gone from every tab of 我的优惠券 and from checkout
    for (const status of ['usable', 'used', 'expired']) expect((await gw.ok('coupon', 'mine', { status }, s.token)).items).toEqual([]);
    expect(await heldCouponsForQuote(gw.db, s.openid, gw.clock.now)).toEqual([]);
    // order code that runs later stays safe: nothing to use, nothing to give back, no throw
    await expect(tx((t2) => consumeCoupon(t2, heldCode._id, s.openid, 'order-after', gw.clock.now))).rejects.toMatchObject({ code: 'COUPON_UNAVAILABLE' });
    expect(await tx((t2) => releaseCoupon(t2, pendingCode._id, s.openid, 'unpaid-order', gw.clock.now))).toBe(false);
    expect(await tx((t2) => releaseCoupon(t2, 'no-such-code', s.openid, 'unpaid-order', gw.clock.now))).toBe(false);
    // the claim link says the event has ended
    expect(await gw.ok('coupon', 'claimInfo', { c: t })).toEqual({
      coupon: expect.objectContaining({ couponId: u._id, name: '要删除的券' }),
      state: 'ended',
      claimed: null,
      limit: 1,
    });
    expect(await gw.ok('coupon', 'claimInfo', { c: t }, s.token)).toMatchObject({ state: 'ended', claimed: 0 });
    expect(await err('coupon', 'claim', { c: t }, s.token)).toBe('COUPON_UNAVAILABLE');
    expect(await err('coupon', 'claimInfo', { c: 'never-issued-token' })).toBe('NOT_FOUND');
    expect((await gw.db.collection('orders').doc('keep-me').get()).data).toEqual([
      expect.objectContaining({ status: 'paid', coupon: { name: '满100减15', amount: 1500 } }),
    ]);
  });

  test('a void coupon can be deleted: the codes shoppers still held go too', async () => {
    const c = await published({ quantity: 2 });
    const t = await tokenOf(c._id);
    const s = await newShopper();
    await gw.ok('coupon', 'claim', { c: t }, s.token);
    await gw.ok('couponAdmin', 'void', { couponId: c._id }, owner);
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, s.token)).items).toHaveLength(1);
    expect(await gw.ok('couponAdmin', 'delete', { couponId: c._id }, owner)).toEqual({ deleted: 1, codesDeleted: 2, heldDeleted: 1 });
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, s.token)).items).toEqual([]);
    expect((await gw.ok('coupon', 'claimInfo', { c: t })).state).toBe('ended');
  });

  test('a used reusable coupon can be deleted: its code stops working at once and is free again', async () => {
    const r = await gw.ok('couponAdmin', 'create', reusable({ code: 'GONE-1', quantity: 5 }), owner);
    await gw.ok('couponAdmin', 'publish', { couponId: r._id }, owner);
    const q = await reusableForQuote(gw.db, 'gone-1');
    await tx((t) => consumeCoupon(t, q!.id, 'local-buyer-d', 'rd-1', gw.clock.now));
    expect(await gw.ok('couponAdmin', 'delete', { couponId: r._id }, owner)).toEqual({ deleted: 1, codesDeleted: 0, heldDeleted: 0 });
    expect(await reusableForQuote(gw.db, 'GONE-1')).toBeNull();
    await expect(tx((t) => consumeCoupon(t, q!.id, 'local-buyer-e', 'rd-2', gw.clock.now))).rejects.toMatchObject({ code: 'COUPON_UNAVAILABLE' });
    // the order that used it closes later: nothing to give back
    expect(await tx((t) => releaseCoupon(t, q!.id, 'local-buyer-d', 'rd-1', gw.clock.now))).toBe(false);
    // the code can be taken by a new coupon
    const again = await gw.ok('couponAdmin', 'create', reusable({ code: 'GONE-1' }), owner);
    await gw.ok('couponAdmin', 'delete', { couponId: again._id }, owner);
  });
});

describe('gift coupons and the registration gift', () => {
  test('grantCoupons is idempotent per key and gives fewer when codes run out', async () => {
    const c = await published({ quantity: 3 });
    const s = await newShopper();
    expect(await grantCoupons(gw.db, s.openid, c._id, 2, 'gift:o1:camp1', gw.clock.now)).toBe(2);
    expect(await grantCoupons(gw.db, s.openid, c._id, 2, 'gift:o1:camp1', gw.clock.now)).toBe(2);
    expect((await codesOf(c._id, { openid: s.openid })).length).toBe(2);
    expect(await grantCoupons(gw.db, s.openid, c._id, 2, 'gift:o2:camp1', gw.clock.now)).toBe(1);
    expect((await codesOf(c._id, { status: 'held' })).every((d) => d.via === 'gift')).toBe(true);
    const concurrent = await published({ quantity: 10 });
    const n = await Promise.all([1, 2, 3, 4].map(() => grantCoupons(gw.db, s.openid, concurrent._id, 3, 'gift:o3:camp1', gw.clock.now)));
    expect(Math.max(...n)).toBe(3);
    expect((await codesOf(concurrent._id, { openid: s.openid })).length).toBe(3);
  });

  test('a new shopper gets one code once; none when codes run out or outside the window', async () => {
    const draft = await create({ quantity: 1 });
    expect(await err('couponAdmin', 'setRegistrationGift', { enabled: true, couponId: draft._id, startsAt: iso(-1) }, owner)).toBe('INVALID_STATE');
    expect(await err('couponAdmin', 'setRegistrationGift', { enabled: true, startsAt: iso(-1) }, owner)).toBe('VALIDATION_FAILED');
    const c = await published({ quantity: 1, name: '新人券' });
    const set = await gw.ok('couponAdmin', 'setRegistrationGift', { enabled: true, couponId: c._id, startsAt: iso(-1), endsAt: iso(10) }, owner);
    expect(set).toMatchObject({ enabled: true, couponId: c._id, coupon: { name: '新人券', remaining: 1 } });

    const a = await newShopper();
    const mine = await gw.ok('coupon', 'mine', { status: 'usable' }, a.token);
    expect(mine.items).toMatchObject([{ couponId: c._id, via: 'registration' }]);
    const doc = (await gw.db.collection('shoppers').doc(a.openid).get()).data[0] as any;
    expect(doc.registrationGiftAt).toBe(START.toISOString());
    await gw.shopperToken(a.openid.replace('local-', '')); // logs in again: nothing more
    expect((await codesOf(c._id, { openid: a.openid })).length).toBe(1);

    const b = await newShopper(); // no codes left: nothing, and login works
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, b.token)).items).toEqual([]);
    expect(((await gw.db.collection('shoppers').doc(b.openid).get()).data[0] as any).registrationGiftAt).toBeUndefined();
    expect((await gw.ok('couponAdmin', 'getRegistrationGift', {}, owner)).coupon.remaining).toBe(0);

    const more = await published({ quantity: 5 });
    await gw.ok('couponAdmin', 'setRegistrationGift', { enabled: true, couponId: more._id, startsAt: iso(1) }, owner);
    const early = await newShopper(); // before the window
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, early.token)).items).toEqual([]);
    await gw.ok('couponAdmin', 'setRegistrationGift', { enabled: false, couponId: more._id, startsAt: iso(-1) }, owner);
    const off = await newShopper();
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, off.token)).items).toEqual([]);
  });
});

describe('member.hello: shoppers created on CloudBase', () => {
  /** what the CloudBase entry does for wx.cloud.callFunction: the caller is the OPENID the platform names */
  const asWeChat = (openid: string, action: string, data: unknown) =>
    dispatch(FUNCTIONS.member, action, data, { db: gw.db, storage: null as never, caller: { kind: 'shopper', openid }, now: () => gw.clock.now, requestId: 't', platform: 'cloudbase' });
  const shopperDocs = async (openid: string) => (await gw.db.collection('shoppers').where({ _id: openid }).get()).data as any[];

  test('hello twice (also at once): one shopper document, one registration gift', async () => {
    const c = await published({ quantity: 5, name: '微信新人券' });
    await gw.ok('couponAdmin', 'setRegistrationGift', { enabled: true, couponId: c._id, startsAt: iso(-1) }, owner);
    const first = await asWeChat('o-wx-new-1', 'hello', {});
    expect(first).toEqual({ ok: true, data: { openid: 'o-wx-new-1', nickname: '微信用户', avatar: null, isNew: true } });
    const again = await asWeChat('o-wx-new-1', 'hello', {});
    expect(again).toEqual({ ok: true, data: { openid: 'o-wx-new-1', nickname: '微信用户', avatar: null, isNew: false } });
    const docs = await shopperDocs('o-wx-new-1');
    expect(docs).toEqual([expect.objectContaining({ nickname: '微信用户', avatar: null, blocked: false, createdAt: START.toISOString(), registrationGiftAt: START.toISOString() })]);
    expect((await codesOf(c._id, { openid: 'o-wx-new-1' })).map((d) => d.via)).toEqual(['registration']);

    const racing = await Promise.all([1, 2, 3, 4].map(() => asWeChat('o-wx-new-2', 'hello', { nickname: '小明' })));
    expect(racing.every((r) => r.ok)).toBe(true);
    expect(racing.filter((r) => r.ok && (r.data as any).isNew)).toHaveLength(1);
    expect(await shopperDocs('o-wx-new-2')).toHaveLength(1);
    expect((await codesOf(c._id, { openid: 'o-wx-new-2' })).length).toBe(1);
    await gw.ok('couponAdmin', 'setRegistrationGift', { enabled: false, couponId: c._id, startsAt: iso(-1) }, owner);
  });

  test('a nickname and avatar given are kept; a new one replaces the old; bad input is refused', async () => {
    const r = await asWeChat('o-wx-profile', 'hello', { nickname: ' 小红 ', avatar: 'cloud://env-1.abc/avatars/x.png' });
    expect(r).toEqual({ ok: true, data: { openid: 'o-wx-profile', nickname: '小红', avatar: 'cloud://env-1.abc/avatars/x.png', isNew: true } });
    expect(await asWeChat('o-wx-profile', 'hello', { nickname: '小红2' })).toMatchObject({ data: { nickname: '小红2', avatar: 'cloud://env-1.abc/avatars/x.png', isNew: false } });
    expect((await shopperDocs('o-wx-profile'))[0]).toMatchObject({ nickname: '小红2' });
    for (const bad of [{ nickname: 'x'.repeat(41) }, { nickname: '  ' }, { avatar: 'javascript:alert(1)' }, { avatar: `https://a.cn/${'x'.repeat(500)}` }, { openid: 'someone-else' }]) {
      expect(await asWeChat('o-wx-profile', 'hello', bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    // anonymous and merchants may not call it
    expect(await err('member', 'hello', {})).toBe('UNAUTHENTICATED');
    expect(await err('member', 'hello', {}, owner)).toBe('FORBIDDEN');
    // a local shopper (H5) may: the document already exists
    const s = await newShopper();
    expect(await gw.ok('member', 'hello', {}, s.token)).toEqual({ openid: s.openid, nickname: `测试顾客 ${s.openid.replace('local-', '')}`, avatar: null, isNew: false });
  });

  test('a blocked shopper is refused with ACCOUNT_DISABLED and nothing changes', async () => {
    await asWeChat('o-wx-blocked', 'hello', { nickname: '老王' });
    await gw.ok('customerAdmin', 'setBlocked', { openid: 'o-wx-blocked', blocked: true }, owner);
    expect(await asWeChat('o-wx-blocked', 'hello', { nickname: '新名字' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_DISABLED' } });
    expect((await shopperDocs('o-wx-blocked'))[0]).toMatchObject({ nickname: '老王', blocked: true });
    await expect(ensureShopper(gw.db, 'o-wx-blocked', {}, gw.clock.now)).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
  });
});

describe('import and export', () => {
  test('CSV import: header recognised, duplicates and bad rows listed per line, the rest imported', async () => {
    const c = await create({ quantity: 0 });
    const csv = ['优惠码,备注', 'abc-0001,一', 'ABC-0002,二', 'abc-0001,重复', 'x!,坏', ',空', 'ABC-0003,三'].join('\n');
    const r = await gw.ok('couponAdmin', 'importCodes', { couponId: c._id, csv }, owner);
    expect(r).toMatchObject({ imported: 3, total: 3 });
    expect(r.rejected).toEqual([
      { line: 4, code: 'ABC-0001', reason: 'DUPLICATE_IN_FILE', message: 'repeats line 2' },
      { line: 5, code: 'x!', reason: 'INVALID_FORMAT', message: expect.any(String) },
      { line: 6, code: '', reason: 'INVALID_FORMAT', message: 'the code cell is empty' },
    ]);
    const again = await gw.ok('couponAdmin', 'importCodes', { couponId: c._id, csv: 'ABC-0003\nABC-0004\n' }, owner);
    expect(again).toMatchObject({ imported: 1, total: 4, rejected: [{ line: 1, code: 'ABC-0003', reason: 'ALREADY_EXISTS' }] });
    expect((await codesOf(c._id)).map((d) => d.code).sort()).toEqual(['ABC-0001', 'ABC-0002', 'ABC-0003', 'ABC-0004']);
    expect((await codesOf(c._id)).every((d) => d.source === 'imported')).toBe(true);
    expect(await err('couponAdmin', 'importCodes', { couponId: c._id, csv: 'A', xlsxBase64: 'UEs=' }, owner)).toBe('VALIDATION_FAILED');
    const big = Array.from({ length: 10_001 }, (_, i) => `BIG-${String(i).padStart(6, '0')}`).join('\n');
    expect(await err('couponAdmin', 'importCodes', { couponId: c._id, csv: big }, owner)).toBe('IMPORT_INVALID');
  });

  test('XLSX import reads the first sheet', async () => {
    const c = await create({ quantity: 0 });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['券码'], ['XL-0001'], ['xl-0002'], ['XL-0001'], [12345678]]), 'codes');
    const buf = Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const r = await gw.ok('couponAdmin', 'importCodes', { couponId: c._id, xlsxBase64: buf.toString('base64') }, owner);
    expect(r).toMatchObject({ imported: 3, total: 3, rejected: [{ line: 4, reason: 'DUPLICATE_IN_FILE' }] });
    expect(await err('couponAdmin', 'importCodes', { couponId: c._id, xlsxBase64: Buffer.from('not a zip').toString('base64') }, owner)).toBe('IMPORT_INVALID');
    // imported codes make a publishable coupon
    expect((await gw.ok('couponAdmin', 'publish', { couponId: c._id }, owner)).stats.total).toBe(3);
  });

  test('export: every code with status, holder and order, as CSV', async () => {
    const c = await published({ quantity: 3, name: '导出/测试' });
    const s = await newShopper();
    await gw.ok('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: s.openid, quantity: 1 }] }, owner);
    const [code] = await codesOf(c._id, { openid: s.openid });
    await tx((t) => consumeCoupon(t, code._id, s.openid, 'order-exp', gw.clock.now));
    const e = await gw.ok('couponAdmin', 'exportCodes', { couponId: c._id }, owner);
    expect(e.rows).toBe(3);
    expect(e.filename).toBe('coupon-导出_测试.csv');
    const lines = e.csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('优惠码,状态,来源,顾客OpenID,昵称,获得方式,获得时间,订单号,使用时间');
    expect(lines).toHaveLength(4);
    const used = lines.find((l: string) => l.startsWith(code.code));
    expect(used).toBe(`${code.code},已使用,系统生成,${s.openid},测试顾客 ${s.openid.replace('local-', '')},商家派发,2026-11-23 16:00:00,order-exp,2026-11-23 16:00:00`);
    const onlyUsed = await gw.ok('couponAdmin', 'exportCodes', { couponId: c._id, status: 'used' }, owner);
    expect(onlyUsed.rows).toBe(1);
    const page = await gw.ok('couponAdmin', 'codes', { couponId: c._id, status: 'available' }, owner);
    expect(page.total).toBe(2);
  });
});

/**
 * The same races on a PostgreSQL server, where transactions really run side by side (PGlite takes them in turns):
 * write conflicts happen and are re-run, and the rules still hold.
 */
describe('issue 13: coupons after a cancelled order (seed 优惠券查询)', () => {
  let skuId = '';
  const skuOf = async () => {
    if (!skuId) {
      const p = await gw.ok('productAdmin', 'create', { name: '红茶', code: 'TEA13', skus: [{ specValues: [], price: 5000, stock: 100 }], onShelf: true }, owner);
      skuId = p.skus[0]._id;
    }
    return skuId;
  };
  /** an order of one 绿茶 (5000) paying with the held code `heldId`; answers the order */
  const orderWith = async (token: string, heldId: string) => {
    const items = [{ skuId: await skuOf(), quantity: 1 }];
    const preview = await gw.ok('order', 'preview', { source: { items }, couponId: heldId }, token);
    expect(preview.quote.coupon.chosen).toBe(heldId);
    return gw.ok('order', 'create', { source: { items }, couponId: heldId, clientRequestId: `r-${Math.random()}`, expectedPayable: preview.quote.payable }, token);
  };
  test('by default a used coupon is not given back when the shopper cancels or the order times out; with the setting on it is', async () => {
    expect((await gw.ok('orderAdmin', 'settings', {}, owner)).coupons.returnOnUnpaidClose).toBe(false);
    const c = await published({ quantity: 5, threshold: 0, value: 500, name: '无门槛5元' });
    const s = await newShopper();
    await gw.ok('order', 'saveAddress', { name: '张三', phone: '13800000000', province: '上海', city: '上海', district: '黄浦', detail: '人民路 1 号' }, s.token);
    await gw.ok('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: s.openid, quantity: 2 }] }, owner);
    const [first, second] = (await codesOf(c._id, { openid: s.openid })).map((d) => d._id as string);

    const o1 = await orderWith(s.token, first);
    const closed = await gw.ok('order', 'cancel', { id: o1._id, reason: '不想要了' }, s.token);
    expect(closed.released).toMatchObject({ coupon: false });
    const code1 = (await gw.db.collection('coupon_codes').doc(first).get()).data[0] as any;
    expect(code1).toMatchObject({ status: 'used', orderId: o1._id });
    expect((await gw.ok('coupon', 'mine', { status: 'usable' }, s.token)).items.map((m: any) => m.id)).toEqual([second]);

    await gw.ok('orderAdmin', 'saveSettings', { coupons: { returnOnUnpaidClose: true } }, owner);
    try {
      const o2 = await orderWith(s.token, second);
      expect((await gw.ok('order', 'cancel', { id: o2._id, reason: '不想要了' }, s.token)).released).toMatchObject({ coupon: true });
      expect((await gw.ok('coupon', 'mine', { status: 'usable' }, s.token)).items.map((m: any) => m.id)).toEqual([second]);
    } finally {
      await gw.ok('orderAdmin', 'saveSettings', { coupons: { returnOnUnpaidClose: false } }, owner);
    }
  });
});

describe('issue 13: a registration gift is not also a 满赠 gift (seed 注册送券 FAQ 12)', () => {
  const giftCampaign = (couponId: string, name = '满200送券') => ({
    name,
    rule: { kind: 'giftCoupon', tiers: [{ threshold: 20000, couponId, quantity: 1 }] },
    startsAt: iso(-1),
    endsAt: iso(20),
  });
  test('either side refuses the coupon the other already uses, naming it; after it is released the other may take it', async () => {
    const reg = await published({ quantity: 5, name: '注册礼券' });
    await gw.ok('couponAdmin', 'setRegistrationGift', { enabled: true, couponId: reg._id, startsAt: iso(-1) }, owner);
    const refused = (await gw.call('campaignAdmin', 'create', giftCampaign(reg._id), owner)).body.error;
    expect(refused).toMatchObject({ code: 'COUPON_GIFT_CONFLICT', details: { couponId: reg._id, registrationGift: true } });
    expect(refused.message).toContain('注册送券');
    expect((await gw.db.collection('campaigns').where({ name: '满200送券' }).count()).total).toBe(0);

    const gift = await published({ quantity: 5, name: '满赠礼券' });
    const campaign = await gw.ok('campaignAdmin', 'create', giftCampaign(gift._id, '满200送礼券'), owner);
    const other = (await gw.call('couponAdmin', 'setRegistrationGift', { enabled: true, couponId: gift._id, startsAt: iso(-1) }, owner)).body.error;
    expect(other).toMatchObject({ code: 'COUPON_GIFT_CONFLICT', details: { couponId: gift._id, campaignId: campaign._id, campaignName: '满200送礼券' } });
    expect(other.message).toContain('满200送礼券');
    expect((await gw.ok('couponAdmin', 'getRegistrationGift', {}, owner)).couponId).toBe(reg._id);
    // an update of the campaign to the registration coupon is refused too
    expect((await gw.call('campaignAdmin', 'update', { id: campaign._id, ...giftCampaign(reg._id, '满200送礼券') }, owner)).body.error.code).toBe('COUPON_GIFT_CONFLICT');

    // the registration gift switched off: the campaign may take its coupon
    await gw.ok('couponAdmin', 'setRegistrationGift', { enabled: false, couponId: reg._id, startsAt: iso(-1) }, owner);
    await gw.ok('campaignAdmin', 'update', { id: campaign._id, ...giftCampaign(reg._id, '满200送礼券') }, owner);
    await gw.ok('campaignAdmin', 'delete', { id: campaign._id }, owner);
  });
});

describe('issue 13: a new-customer coupon held twice', () => {
  const paidOrderFor = (openid: string) =>
    gw.db.collection('orders').doc(`paid-${openid}`).set({ openid, status: 'completed', paidAt: iso(-2), createdAt: iso(-2), lines: [], amounts: { payable: 100 } });

  test('the per-shopper limit counts every copy: a shopper given one by the registration gift cannot claim another, also when it is used', async () => {
    const c = await published({ quantity: 10, threshold: 0, value: 500, name: '新人券A' });
    await gw.ok('couponAdmin', 'setRegistrationGift', { enabled: true, couponId: c._id, startsAt: iso(-1) }, owner);
    try {
      const s = await newShopper();
      expect((await codesOf(c._id, { openid: s.openid })).map((d) => d.via)).toEqual(['registration']);
      const t = await tokenOf(c._id);
      expect((await gw.ok('coupon', 'centre', {}, s.token)).find((x: any) => x.couponId === c._id)).toMatchObject({ claimed: 1, limit: 1, canClaim: false });
      expect(await gw.ok('coupon', 'claimInfo', { c: t }, s.token)).toMatchObject({ state: 'claimed', claimed: 1 });
      expect(await err('coupon', 'claim', { c: t }, s.token)).toBe('COUPON_ALREADY_CLAIMED');
      // used meanwhile: still counts
      const [held] = await codesOf(c._id, { openid: s.openid });
      await gw.db.collection('coupon_codes').doc(held._id).update({ status: 'used', orderId: 'o-x', usedAt: iso(0) });
      expect(await err('coupon', 'claim', { c: t }, s.token)).toBe('COUPON_ALREADY_CLAIMED');
      // distributed copies count too: limit 2, one distributed, one claim left
      const d = await published({ quantity: 10, perShopperLimit: 2, name: '限2张' });
      const s2 = await newShopper();
      await gw.ok('couponAdmin', 'distribute', { couponId: d._id, grants: [{ openid: s2.openid, quantity: 1 }] }, owner);
      const t2 = await tokenOf(d._id);
      await gw.ok('coupon', 'claim', { c: t2 }, s2.token);
      expect(await err('coupon', 'claim', { c: t2 }, s2.token)).toBe('COUPON_ALREADY_CLAIMED');
      expect((await codesOf(d._id, { openid: s2.openid })).length).toBe(2);
    } finally {
      await gw.ok('couponAdmin', 'setRegistrationGift', { enabled: false, couponId: c._id, startsAt: iso(-1) }, owner);
    }
  });

  test('a coupon for new customers says so and is refused to a shopper who has paid an order: claim, distribution and use', async () => {
    const c = await published({ quantity: 10, threshold: 0, value: 500, name: '新人专享券', audience: 'new' });
    expect((await gw.ok('couponAdmin', 'get', { couponId: c._id }, owner)).audience).toBe('new');
    const fresh = await newShopper();
    const old = await newShopper();
    await paidOrderFor(old.openid);
    const t = await tokenOf(c._id);
    const seenNew = (await gw.ok('coupon', 'centre', {}, fresh.token)).find((x: any) => x.couponId === c._id);
    expect(seenNew).toMatchObject({ audience: 'new', canClaim: true });
    const seenOld = (await gw.ok('coupon', 'centre', {}, old.token)).find((x: any) => x.couponId === c._id);
    expect(seenOld).toMatchObject({ audience: 'new', canClaim: false });
    expect(await err('coupon', 'claim', { c: t }, old.token)).toBe('COUPON_NEW_CUSTOMERS_ONLY');
    const dist = (await gw.call('couponAdmin', 'distribute', { couponId: c._id, grants: [{ openid: fresh.openid, quantity: 1 }, { openid: old.openid, quantity: 1 }] }, owner)).body.error;
    expect(dist).toMatchObject({ code: 'COUPON_NEW_CUSTOMERS_ONLY', details: { couponId: c._id, openids: [old.openid] } });
    expect((await codesOf(c._id, { status: 'held' })).length).toBe(0);
    const got = await gw.ok('coupon', 'claim', { c: t }, fresh.token);
    expect(got).toMatchObject({ audience: 'new' });
    // the shopper pays a first order meanwhile: the coupon no longer applies at checkout
    const sku = (await gw.ok('productAdmin', 'create', { name: '新客茶', code: 'TEANEW', skus: [{ specValues: [], price: 3000, stock: 10 }], onShelf: true }, owner)).skus[0]._id;
    await gw.ok('order', 'saveAddress', { name: '张三', phone: '13800000000', province: '上海', city: '上海', district: '黄浦', detail: '人民路 1 号' }, fresh.token);
    const before = await gw.ok('order', 'preview', { source: { items: [{ skuId: sku, quantity: 1 }] }, couponId: 'best' }, fresh.token);
    expect(before.quote.coupon.chosen).toBe(got.id);
    await paidOrderFor(fresh.openid);
    const after = await gw.ok('order', 'preview', { source: { items: [{ skuId: sku, quantity: 1 }] }, couponId: 'best' }, fresh.token);
    expect(after.quote.coupon.chosen).toBeNull();
    expect(after.quote.coupons.find((v: any) => v.id === got.id)).toMatchObject({ applicable: false, reason: 'NEW_CUSTOMERS_ONLY' });
    // a 满赠 gift goes to a shopper who has just paid: a new-customer coupon cannot be one
    const gift = await gw.call('campaignAdmin', 'create', { name: '满200送新人券', rule: { kind: 'giftCoupon', tiers: [{ threshold: 20000, couponId: c._id, quantity: 1 }] }, startsAt: iso(-1), endsAt: iso(20) }, owner);
    expect(gift.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'rule.tiers.0.couponId' }] });
  });
});

describe('races on a PostgreSQL server (several connections)', () => {
  const cases = activeCases([pgServer]);
  if (!cases.length) {
    test.skip(`pg server: ${pgServer.skip}`, () => undefined);
    return;
  }
  let fx: Awaited<ReturnType<typeof pgServer.setup>>;
  let db: Database;
  const now = new Date('2026-11-23T08:00:00.000Z');
  const def = (over: Record<string, unknown> = {}) =>
    CouponInput.parse({ kind: 'normal', name: 'pg', type: 'cash', value: 500, validFrom: '2026-11-01T00:00:00Z', validTo: '2026-12-31T00:00:00Z', quantity: 10, ...over });
  const shoppers = async (n: number, tag: string) => {
    const ids = Array.from({ length: n }, (_, i) => `pg-${tag}-${i}`);
    await db.collection('shoppers').add(ids.map((_id) => ({ _id, nickname: _id, createdAt: now.toISOString() })));
    return ids;
  };
  const token = async (id: string) => ((await db.collection('coupons').doc(id).get()).data[0] as any).claimToken as string;
  const codeOf = (e: unknown) => (e as { code?: string }).code;

  beforeAll(async () => {
    fx = await cases[0].setup();
    for (const [name, indexes] of Object.entries(COLLECTIONS)) await fx.admin.ensureCollection(name, indexes);
    db = fx.admin.db;
  }, 180_000);
  afterAll(async () => {
    await fx?.teardown();
    await stopSharedCluster();
  }, 180_000);

  test('50 shoppers claim 10 codes at once: exactly 10; one shopper tapping 20 times: one', async () => {
    const c = await createCoupon(db, def(), now);
    await publishCoupon(db, c._id, now);
    const t = await token(c._id);
    const ids = await shoppers(50, 'many');
    const results = await Promise.allSettled(ids.map((o) => claimCoupon(db, o, t, now)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected').map((r) => codeOf((r as PromiseRejectedResult).reason))).toEqual(Array(40).fill('COUPON_SOLD_OUT'));
    expect((await db.collection('coupon_codes').where({ couponId: c._id, status: 'held' }).count()).total).toBe(10);

    const d = await createCoupon(db, def(), now);
    await publishCoupon(db, d._id, now);
    const [one] = await shoppers(1, 'taps');
    const td = await token(d._id);
    const taps = await Promise.allSettled(Array.from({ length: 20 }, () => claimCoupon(db, one, td, now)));
    expect(taps.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await db.collection('coupon_codes').where({ couponId: d._id, openid: one }).count()).total).toBe(1);
  });

  test('concurrent orders never share a code; a reusable coupon of 3 uses gives exactly 3 of 5', async () => {
    const c = await createCoupon(db, def({ quantity: 1 }), now);
    await publishCoupon(db, c._id, now);
    const [o] = await shoppers(1, 'buyer');
    await distribute(db, c._id, [{ openid: o, quantity: 1 }], now);
    const code = (await db.collection('coupon_codes').where({ couponId: c._id, openid: o }).get()).data[0];
    const orders = await Promise.allSettled(['a', 'b', 'c', 'd', 'e'].map((x) => db.runTransaction((t) => consumeCoupon(t, code._id, o, `pg-order-${x}`, now), 10)));
    expect(orders.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const after = (await db.collection('coupon_codes').doc(code._id).get()).data[0] as any;
    expect(after.status).toBe('used');

    const r = await createCoupon(db, CouponInput.parse({ kind: 'reusable', name: 'pg', type: 'cash', value: 500, validFrom: '2026-11-01T00:00:00Z', validTo: '2026-12-31T00:00:00Z', code: 'PGREUSE', quantity: 3 }), now);
    await publishCoupon(db, r._id, now);
    const uses = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => db.runTransaction((t) => consumeCoupon(t, `reusable:${r._id}`, `pg-u-${i}`, `pg-ro-${i}`, now), 10)));
    expect(uses.filter((x) => x.status === 'fulfilled')).toHaveLength(3);
    expect(uses.filter((x) => x.status === 'rejected').map((x) => codeOf((x as PromiseRejectedResult).reason))).toEqual(['COUPON_UNAVAILABLE', 'COUPON_UNAVAILABLE']);
    expect(((await db.collection('coupons').doc(r._id).get()).data[0] as any).usedCount).toBe(3);
    // releases racing each other give back once
    const winner = uses.findIndex((x) => x.status === 'fulfilled') + 1;
    const rel = await Promise.allSettled([1, 2, 3].map(() => db.runTransaction((t) => releaseCoupon(t, `reusable:${r._id}`, `pg-u-${winner}`, `pg-ro-${winner}`, now), 10)));
    expect(rel.filter((x) => x.status === 'fulfilled' && x.value === true)).toHaveLength(1);
    expect(((await db.collection('coupons').doc(r._id).get()).data[0] as any).usedCount).toBe(2);
  });

  test('a grant with one key, four times at once, gives its quantity once', async () => {
    const c = await createCoupon(db, def({ quantity: 10 }), now);
    await publishCoupon(db, c._id, now);
    const [o] = await shoppers(1, 'gift');
    await Promise.all([1, 2, 3, 4].map(() => grantCoupons(db, o, c._id, 3, 'gift:pg:1', now)));
    expect((await db.collection('coupon_codes').where({ couponId: c._id, openid: o }).count()).total).toBe(3);
  });
});
