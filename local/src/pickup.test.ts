/** Store pickup codes (issue 5): issued on payment, verified once by a clerk of the store, guessing throttled. */
import { randomInt } from 'node:crypto';
import { createAdmin } from '@shop/functions/shared/domain/auth/service';
import { payOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { gate, maskName, PICKUP_LOCK_AFTER } from '@shop/functions/shared/domain/fulfilment/pickup';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let clerk: string;
let otherClerk: string;
let alice: string;
let skuId: string;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  clerk = await gw.merchantToken('clerk'); // store-1
  await createAdmin(gw.db, { _id: 't-clerk2', username: 't-clerk2', displayName: '二店店员', password: 'pw-clerk2', role: 'clerk', storeId: 'store-2' }, gw.clock.now);
  otherClerk = (await gw.ok('auth', 'merchantLogin', { username: 't-clerk2', password: 'pw-clerk2' })).token;
  alice = await gw.shopperToken('pick-alice');
  await gw.db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
  await gw.db.collection('stores').doc('store-2').set({ name: '南京路店', address: '上海市南京路 2 号' });
  const p = await gw.ok('productAdmin', 'create', { name: '自提商品', code: 'PICK1', specs: [], skus: [{ specValues: [], price: 2000, originalPrice: 0, stock: 100 }], onShelf: true, pointsCoefficient: 1 }, owner);
  skuId = p.skus[0]._id;
});
afterAll(() => gw.close());

let n = 0;
async function pickupOrder(storeId = 'store-1') {
  const items = [{ skuId, quantity: 1 }];
  const delivery = { method: 'pickup', storeId };
  const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null, delivery }, alice);
  const o = await gw.ok('order', 'create', { source: { items }, couponId: null, delivery, clientRequestId: `pickup-req-${++n}`, expectedPayable: preview.quote.payable }, alice);
  await payOrder(gw.db, o._id, { transactionId: `tx-${o._id}`, amount: o.amounts.payable, outTradeNo: o._id }, gw.clock.now);
  const { code } = await gw.ok('order', 'pickupCode', { id: o._id }, alice);
  return { id: o._id as string, code: code as string };
}
const later = (ms: number) => (gw.clock.now = new Date(gw.clock.now.getTime() + ms));

describe('the throttle (pure)', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 8, 0, s));
  const empty = { count: 0, windowStart: null, lastAt: null, lockedUntil: null };
  it('lets the first attempts through, then makes each wait longer, then locks', () => {
    let s = empty as any;
    const waits: number[] = [];
    for (let i = 0; i < PICKUP_LOCK_AFTER; i++) {
      let g = gate(s, at(i * 100));
      waits.push(g.waitSeconds);
      s = g.next;
    }
    expect(waits.every((w) => w === 0)).toBe(true); // 100 s apart: never too soon
    expect(s.lockedUntil).toBeTruthy();
    expect(gate(s, at(PICKUP_LOCK_AFTER * 100)).waitSeconds).toBeGreaterThan(60);
  });
  it.each([
    [2, 0, 0],
    [3, 0, 1],
    [3, 1, 0],
    [5, 2, 2],
    [9, 30, 30],
  ])('%i wrong, the last %i s ago: wait %i s', (count, ago, wait) => {
    const s = { count, windowStart: at(0).toISOString(), lastAt: at(100).toISOString(), lockedUntil: null };
    expect(gate(s, at(100 + ago)).waitSeconds).toBe(wait);
  });
});

describe('pickup codes', () => {
  it('a paid pickup order gets a 12-digit code only its shopper sees; a clerk of the store verifies it once', async () => {
    const { id, code } = await pickupOrder();
    expect(code).toMatch(/^\d{12}$/);
    const admin = await gw.call('orderAdmin', 'get', { id }, owner);
    expect(admin.body.data.pickup).toMatchObject({ storeId: 'store-1', status: 'active' });
    expect(JSON.stringify(admin.body)).not.toContain(code);
    const spaced = `${code.slice(0, 4)} ${code.slice(4, 8)}-${code.slice(8)}`;
    const r = await gw.ok('pickup', 'verify', { code: spaced }, clerk);
    expect(r).toMatchObject({ orderId: id, storeId: 'store-1', usedBy: 't-clerk' });
    const o = await gw.ok('order', 'get', { id }, alice);
    expect(o).toMatchObject({ status: 'completed', pickup: { status: 'used', usedBy: 't-clerk' } });
    const again = await gw.call('pickup', 'verify', { code }, clerk);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'PICKUP_CODE_USED', details: { usedAt: r.usedAt, usedBy: 't-clerk' } });
  });

  it('only a clerk of that store; the code dies with a refund or cancellation', async () => {
    const { id, code } = await pickupOrder();
    expect((await gw.call('pickup', 'verify', { code }, otherClerk)).body.error.code).toBe('PICKUP_WRONG_STORE');
    expect((await gw.call('pickup', 'verify', { code }, owner)).body.error.code).toBe('FORBIDDEN');
    expect((await gw.call('pickup', 'verify', { code: '12345' }, clerk)).body.error.code).toBe('VALIDATION_FAILED');
    // the merchant cancels it (no WeChat payment in this test: closed without refund)
    await gw.ok('orderAdmin', 'closeWithoutRefund', { id, reason: '缺货' }, owner);
    expect((await gw.ok('order', 'get', { id }, alice)).pickup.status).toBe('void');
    expect((await gw.call('pickup', 'verify', { code }, clerk)).body.error.code).toBe('PICKUP_CODE_INVALID');
  });

  it('1,000 random guesses by one clerk: none succeeds, the clerk is locked, then a real code works again after the lock', async () => {
    later(60 * 60_000); // a fresh window
    const { code } = await pickupOrder();
    const results = new Map<string, number>();
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => gw.call('pickup', 'verify', { code: String(randomInt(0, 1e6)).padStart(6, '0') + String(randomInt(0, 1e6)).padStart(6, '0') }, clerk)),
      );
      for (const a of answers) results.set(a.body.ok ? 'ok' : a.body.error.code, (results.get(a.body.ok ? 'ok' : a.body.error.code) ?? 0) + 1);
      later(10_000); // a patient guesser: 200 s in all, past every slowdown up to the lock
    }
    expect(results.get('ok')).toBeUndefined();
    expect(results.get('PICKUP_CODE_INVALID')).toBeLessThanOrEqual(PICKUP_LOCK_AFTER);
    expect(results.get('PICKUP_THROTTLED')).toBeGreaterThanOrEqual(1000 - PICKUP_LOCK_AFTER);
    // locked: even the right code is refused, saying until when
    const locked = await gw.call('pickup', 'verify', { code }, clerk);
    expect(locked.body.error).toMatchObject({ code: 'PICKUP_THROTTLED', details: { lockedUntil: expect.any(String) } });
    // another clerk is not affected
    expect((await gw.call('pickup', 'verify', { code: '000000000000' }, otherClerk)).body.error.code).toBe('PICKUP_CODE_INVALID');
    later(31 * 60_000);
    expect((await gw.ok('pickup', 'verify', { code }, clerk)).usedBy).toBe('t-clerk');
  });

  it('pickup.preview shows the goods, the masked shopper and the order without using the code; confirm then uses it', async () => {
    later(60 * 60_000); // past the lock of the guessing test
    const { id, code } = await pickupOrder();
    await gw.db.collection('shoppers').doc((await gw.ok('order', 'get', { id }, alice)).openid).update({ nickname: '爱丽丝' });
    const p = await gw.ok('pickup', 'preview', { code: `${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}` }, clerk);
    expect(p).toEqual({ orderId: id, storeId: 'store-1', lines: [{ name: '自提商品', specValues: [], quantity: 1 }], consignee: '爱**', paidAt: expect.any(String) });
    // nothing used: the order is still paid, the code active, and a second look answers the same
    expect((await gw.ok('order', 'get', { id }, alice)).pickup.status).toBe('active');
    expect((await gw.ok('pickup', 'preview', { code }, clerk)).orderId).toBe(id);
    // only the clerk's store; not an owner; a used code is refused saying when and by whom
    expect((await gw.call('pickup', 'preview', { code }, otherClerk)).body.error.code).toBe('PICKUP_WRONG_STORE');
    expect((await gw.call('pickup', 'preview', { code }, owner)).body.error.code).toBe('FORBIDDEN');
    const v = await gw.ok('pickup', 'verify', { code }, clerk);
    expect(v.consignee).toBe('爱**');
    expect((await gw.call('pickup', 'preview', { code }, clerk)).body.error).toMatchObject({ code: 'PICKUP_CODE_USED', details: { usedBy: 't-clerk' } });
  });

  it('wrong codes looked up count toward the same throttle as verification, and a right lookup does not clear it', async () => {
    later(60 * 60_000);
    const { code } = await pickupOrder();
    const wrong = code.slice(0, 11) + String((Number(code[11]) + 1) % 10);
    expect((await gw.call('pickup', 'preview', { code: wrong }, clerk)).body.error.code).toBe('PICKUP_CODE_INVALID');
    expect((await gw.ok('pickup', 'preview', { code }, clerk)).orderId).toBeTruthy();
    expect((await gw.call('pickup', 'preview', { code: wrong }, clerk)).body.error.code).toBe('PICKUP_CODE_INVALID');
    // 3 counted attempts within a second (the right lookup among them): the next lookup and verification must wait
    expect((await gw.call('pickup', 'preview', { code }, clerk)).body.error.code).toBe('PICKUP_THROTTLED');
    expect((await gw.call('pickup', 'verify', { code }, clerk)).body.error.code).toBe('PICKUP_THROTTLED');
    later(10_000);
    expect((await gw.ok('pickup', 'verify', { code }, clerk)).usedBy).toBe('t-clerk');
    const log = await gw.ok('pickup', 'log', { pageSize: 10 }, clerk);
    expect(log.items[0].result).toBe('ok');
    expect(log.items.slice(1, 5).map((x: any) => x.result).sort()).toEqual(['throttled', 'throttled', 'wrong', 'wrong']); // same instant: any order
  });

  it.each([
    ['爱丽丝', '爱**'],
    ['王五', '王*'],
    ['Alice', 'A***'],
    ['测试顾客一号的昵称', '测***'],
    ['张', '张'],
    ['', ''],
  ])('masks the name %p as %p', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('every attempt is audited; clerks see their own store only', async () => {
    const all = await gw.ok('pickup', 'log', { pageSize: 100 }, owner);
    expect(all.total).toBeGreaterThan(1000);
    expect(new Set(all.items.map((x: any) => x.result))).toEqual(expect.any(Set));
    expect(all.items.every((x: any) => /^\d{4}$/.test(x.codeTail))).toBe(true);
    const mine = await gw.ok('pickup', 'log', { storeId: 'store-1', pageSize: 100 }, otherClerk);
    expect(mine.items.every((x: any) => x.storeId === 'store-2')).toBe(true);
    expect((await gw.ok('pickup', 'log', { result: 'ok' }, owner)).total).toBe(4);
  });
});

describe('stores', () => {
  it('the owner adds, edits and removes stores; one with clerks or waiting pickups stays; a store closed to pickup is not offered', async () => {
    const s = await gw.ok('storeAdmin', 'save', { name: '徐汇店', address: '上海市徐汇区漕溪北路 8 号', openingHours: '10:00-20:00' }, owner);
    expect(s).toMatchObject({ name: '徐汇店', pickupEnabled: true, openingHours: '10:00-20:00' });
    expect((await gw.call('storeAdmin', 'save', { name: 'x', address: '上海市某路 1 号', openingHours: '9点' }, owner)).body.error.code).toBe('VALIDATION_FAILED');
    const list = await gw.ok('storeAdmin', 'list', {}, owner);
    expect(list.find((x: any) => x._id === 'store-1')).toMatchObject({ clerks: ['t-clerk'] });
    expect((await gw.call('storeAdmin', 'delete', { id: 'store-1' }, owner)).body.error.code).toBe('IN_USE');
    const items = [{ skuId, quantity: 1 }];
    const offered = async () => (await gw.ok('order', 'preview', { source: { items }, couponId: null, delivery: { method: 'pickup' } }, alice)).stores.map((x: any) => x._id);
    expect(await offered()).toContain(s._id);
    await gw.ok('storeAdmin', 'save', { id: s._id, name: '徐汇店', address: '上海市徐汇区漕溪北路 8 号', pickupEnabled: false }, owner);
    expect(await offered()).not.toContain(s._id);
    expect((await gw.ok('storeAdmin', 'delete', { id: s._id }, owner)).deleted).toBe(1);
    const operator = await gw.merchantToken('operator');
    expect((await gw.call('storeAdmin', 'save', { name: '乙', address: '上海市某路 2 号' }, operator)).body.error.code).toBe('FORBIDDEN');
  });
});

describe('the shopper’s order tabs', () => {
  it('a paid pickup order is under 待自提 (tab to_pickup), not under 待发货 (tab to_ship); the counts split the same way', async () => {
    const dave = await gw.shopperToken('pick-dave');
    const addr = await gw.ok('order', 'saveAddress', { name: '丁', phone: '13800000001', province: '上海', city: '上海', district: '黄浦', detail: '人民路 3 号' }, dave);
    const items = [{ skuId, quantity: 1 }];
    const paidOrder = async (delivery: Record<string, unknown>, req: string) => {
      const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null, delivery }, dave);
      const o = await gw.ok('order', 'create', { source: { items }, couponId: null, delivery, clientRequestId: req, expectedPayable: preview.quote.payable }, dave);
      await payOrder(gw.db, o._id, { transactionId: `tx-${o._id}`, amount: o.amounts.payable, outTradeNo: o._id }, gw.clock.now);
      return o._id as string;
    };
    const pick = await paidOrder({ method: 'pickup', storeId: 'store-1' }, 'tabs-req-pickup');
    const ship = await paidOrder({ method: 'express', addressId: addr._id }, 'tabs-req-express');
    const ids = async (input: Record<string, unknown>) => (await gw.ok('order', 'list', input, dave)).items.map((o: any) => o._id);
    expect(await ids({ tab: 'to_pickup' })).toEqual([pick]);
    expect(await ids({ tab: 'to_ship' })).toEqual([ship]);
    expect(await ids({ status: 'paid' })).toEqual(expect.arrayContaining([pick, ship])); // every paid order, as before
    expect((await gw.call('order', 'list', { tab: 'to_ship', status: 'paid' }, dave)).body.error.code).toBe('VALIDATION_FAILED');
    expect(await gw.ok('order', 'counts', {}, dave)).toEqual({ unpaid: 0, paid: 1, pickup: 1, shipped: 0, aftersales: 0 });
  });
});
