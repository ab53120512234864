/**
 * Item activities against the embedded database: the flash-sale storm (no oversell, no shopper over the limit,
 * stock and quota given back exactly once), limited-time discounts at checkout, presales, overlaps, reminders.
 */
import { createOrder } from '@shop/functions/shared/domain/orders/create';
import { closeExpiredOrders, payOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { HOLDS, releaseStaleHolds } from '@shop/functions/shared/domain/activities/reserve';
import { sendReminders, simulatedSender } from '@shop/functions/shared/domain/activities/reports';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let seq = 0;
const iso = (ms: number) => new Date(ms).toISOString();

async function product(price: number, stock: number, skus = 1) {
  seq++;
  const p = await gw.ok(
    'productAdmin',
    'create',
    {
      name: `活动商品${seq}`,
      code: `ACT${seq}`,
      specs: skus > 1 ? [{ name: '颜色', values: Array.from({ length: skus }, (_, i) => `色${i}`) }] : [],
      skus: Array.from({ length: skus }, (_, i) => ({ specValues: skus > 1 ? [`色${i}`] : [], price, stock })),
      onShelf: true,
    },
    owner,
  );
  return { productId: p._id as string, skuIds: (p.skus as { _id: string }[]).map((s) => s._id) };
}

const order = (openid: string, skuId: string, quantity: number, expectedPayable: number, rid: string) =>
  createOrder(
    gw.db,
    openid,
    { source: { items: [{ skuId, quantity }] }, couponId: null, usePoints: false, delivery: { method: 'pickup' }, clientRequestId: rid, expectedPayable, remark: '' },
    gw.clock.now,
  );
const counter = async (activityId: string, key: string) => (await gw.db.collection('activity_stock').doc(`${activityId}:${key}`).get()).data[0] as unknown as { left: number; sold: number };

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  await gw.db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
}, 180_000);
afterAll(() => gw.close());

describe('flash sale under a storm of buyers', () => {
  test('500 buyers (100 try twice) for 50 units, limit 1: exactly 50 orders, nobody over the limit, stock 0; 20 time out and exactly 20 come back', async () => {
    const { skuIds } = await product(9900, 5);
    const t = gw.clock.now.getTime();
    const a = await gw.ok('activityAdmin', 'create', { kind: 'flash', name: '整点秒杀', startsAt: iso(t - 60_000), endsAt: iso(t + 3600_000), limitPerShopper: 1, closeMinutes: 30, items: [{ skuId: skuIds[0], price: 1990, stock: 50 }] }, owner);
    const buyers = Array.from({ length: 500 }, (_, i) => `storm-${i}`);
    const attempts = [...buyers.map((b) => [b, 'a'] as const), ...buyers.slice(0, 100).map((b) => [b, 'b'] as const)];
    const results = await Promise.allSettled(attempts.map(([b, r]) => order(b, skuIds[0], 1, 1990, `${b}-${r}`)));
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as { code?: string }).code)] : []));
    expect(won).toHaveLength(50);
    expect(new Set(codes)).toEqual(new Set(codes.filter((c) => c === 'OUT_OF_STOCK' || c === 'ACTIVITY_LIMIT_REACHED')));
    const perShopper = new Map<string, number>();
    for (const o of won) perShopper.set(o.openid, (perShopper.get(o.openid) ?? 0) + 1);
    expect(Math.max(...perShopper.values())).toBe(1);
    expect(won.every((o) => o.amounts.payable === 1990 && o.lines[0].activity?.id === a._id)).toBe(true);
    expect(await counter(a._id, skuIds[0])).toMatchObject({ left: 0, sold: 50 });
    // the flash stock is its own: the SKU's stock is untouched
    expect(((await gw.db.collection('skus').doc(skuIds[0]).get()).data[0] as unknown as { stock: number }).stock).toBe(5);
    const { data: quotas } = await gw.db.collection('activity_quota').where({ activityId: a._id }).limit(1000).get();
    expect(quotas.reduce((n, q) => n + Number(q.taken), 0)).toBe(50);
    expect((await gw.db.collection(HOLDS).where({ state: 'held' }).count()).total).toBe(0);

    // 30 of them pay; 20 do not and time out (the flash sale's own 30 minutes)
    for (const o of won.slice(0, 30)) expect(await payOrder(gw.db, o._id, { transactionId: `tx-${o._id}`, amount: o.amounts.payable, outTradeNo: o._id }, gw.clock.now)).toBe('paid');
    const later = new Date(t + 31 * 60_000);
    const closed = await closeExpiredOrders(gw.db, later);
    expect(closed.closed).toBe(20);
    // running the timer again gives nothing back twice
    expect((await closeExpiredOrders(gw.db, later)).closed).toBe(0);
    expect(await counter(a._id, skuIds[0])).toMatchObject({ left: 20, sold: 30 });
    const { data: after } = await gw.db.collection('activity_quota').where({ activityId: a._id }).limit(1000).get();
    expect(after.reduce((n, q) => n + Number(q.taken), 0)).toBe(30);
    // a shopper whose order timed out may buy again
    const again = won[40].openid;
    gw.clock.now = later;
    try {
      expect((await order(again, skuIds[0], 1, 1990, `${again}-again`)).amounts.payable).toBe(1990);
    } finally {
      gw.clock.now = new Date(t);
    }
  }, 180_000);

  test('checkout shows the flash price; a second unit over the limit is refused with the limit; an upcoming flash sale sells at the sale price', async () => {
    const { productId, skuIds } = await product(5000, 10, 2);
    const t = gw.clock.now.getTime();
    const a = await gw.ok('activityAdmin', 'create', { kind: 'flash', name: '秒杀二', startsAt: iso(t - 1000), endsAt: iso(t + 3600_000), limitPerShopper: 2, items: [{ skuId: skuIds[0], price: 3000, stock: 5 }] }, owner);
    const shopper = await gw.shopperToken('flash-buyer');
    const preview = await gw.ok('order', 'preview', { source: { items: [{ skuId: skuIds[0], quantity: 3 }] }, delivery: { method: 'pickup' } }, shopper).catch((e: Error) => e);
    expect(String(preview)).toMatch(/ACTIVITY_LIMIT_REACHED/);
    const ok = await gw.ok('order', 'preview', { source: { items: [{ skuId: skuIds[0], quantity: 2 }, { skuId: skuIds[1], quantity: 1 }] }, delivery: { method: 'pickup' } }, shopper);
    expect(ok.quote.goodsAmount).toBe(15000);
    expect(ok.quote.payable).toBe(2 * 3000 + 5000);
    const card = (await gw.ok('catalog', 'list', { pageSize: 100 })).items.find((c: { _id: string }) => c._id === productId);
    expect(card.activity).toMatchObject({ id: a._id, kind: 'flash', status: 'running', priceMin: 3000, soldOut: false });
    const pa = await gw.ok('activity', 'forProduct', { productId }, shopper);
    expect(pa.skus).toEqual([{ skuId: skuIds[0], price: 3000, left: 5, limit: 2, taken: 0 }]);

    const { productId: p2, skuIds: s2 } = await product(5000, 10);
    const up = await gw.ok('activityAdmin', 'create', { kind: 'flash', name: '明日秒杀', startsAt: iso(t + 86400_000), endsAt: iso(t + 90000_000), items: [{ skuId: s2[0], price: 100, stock: 5 }] }, owner);
    const upPreview = await gw.ok('order', 'preview', { source: { items: [{ skuId: s2[0], quantity: 1 }] }, delivery: { method: 'pickup' } }, shopper);
    expect(upPreview.quote.payable).toBe(5000);
    const pa2 = await gw.ok('activity', 'forProduct', { productId: p2 }, shopper);
    expect(pa2).toMatchObject({ id: up._id, status: 'upcoming', reminded: false });
  }, 180_000);

  test('a hold whose request died is given back once by the timer; an ordered hold is left alone', async () => {
    const { skuIds } = await product(5000, 10);
    const t = gw.clock.now.getTime();
    const a = await gw.ok('activityAdmin', 'create', { kind: 'flash', name: '秒杀三', startsAt: iso(t - 1000), endsAt: iso(t + 3600_000), limitPerShopper: 1, items: [{ skuId: skuIds[0], price: 3000, stock: 5 }] }, owner);
    const _ = gw.db.command;
    const key = `${a._id}:${skuIds[0]}`;
    // what reserve() leaves when the function dies before the order transaction
    await gw.db.collection('activity_stock').doc(key).update({ left: _.inc(-1), sold: _.inc(1) });
    await gw.db.collection('activity_quota').add({ _id: `${key}:ghost`, activityId: a._id, skuId: skuIds[0], openid: 'ghost', taken: 1 });
    await gw.db.collection(HOLDS).doc('h-dead').set({ openid: 'ghost', state: 'held', at: iso(t - 5 * 60_000), orderId: null, applied: [{ stockKey: key, stock: 1, quotaKey: `${key}:ghost`, quota: 1 }] });
    const o = await order('ghost-2', skuIds[0], 1, 3000, 'ghost-2-a');
    expect(await counter(a._id, skuIds[0])).toMatchObject({ left: 3, sold: 2 });
    expect(await releaseStaleHolds(gw.db, gw.clock.now)).toBe(1);
    expect(await releaseStaleHolds(gw.db, gw.clock.now)).toBe(0);
    expect(await counter(a._id, skuIds[0])).toMatchObject({ left: 4, sold: 1 });
    expect(o.lines[0].activity?.stockTaken).toBe(1);
  }, 180_000);
});

describe('the venue', () => {
  test('running activities come before upcoming ones, limited-time discounts in the merchant\'s order, each with its products', async () => {
    const { skuIds: a1 } = await product(5000, 10);
    const { skuIds: a2 } = await product(5000, 10);
    const { productId: p3, skuIds: a3 } = await product(5000, 10);
    const t = gw.clock.now.getTime();
    const second = await gw.ok('activityAdmin', 'create', { kind: 'limited', name: '排第二', sort: 2, startsAt: iso(t - 1000), endsAt: iso(t + 3600_000), items: [{ skuId: a1[0], mode: 'fixed', value: 4000, stock: 5 }] }, owner);
    const first = await gw.ok('activityAdmin', 'create', { kind: 'limited', name: '排第一', sort: 1, startsAt: iso(t - 1000), endsAt: iso(t + 3600_000), items: [{ skuId: a2[0], mode: 'fixed', value: 4500, stock: 5 }] }, owner);
    const later = await gw.ok('activityAdmin', 'create', { kind: 'limited', name: '稍后', startsAt: iso(t + 60_000), endsAt: iso(t + 3600_000), items: [{ skuId: a3[0], mode: 'fixed', value: 4500, stock: 5 }] }, owner);
    const venue = await gw.ok('activity', 'running', { kind: 'limited' });
    const ids = venue.map((g: { activity: { id: string } }) => g.activity.id);
    expect(ids.indexOf(first._id)).toBeLessThan(ids.indexOf(second._id));
    expect(ids.indexOf(second._id)).toBeLessThan(ids.indexOf(later._id));
    const g = venue.find((x: { activity: { id: string } }) => x.activity.id === later._id);
    expect(g).toMatchObject({ activity: { status: 'upcoming', tag: '限时折扣' }, products: [{ productId: p3, price: 4500, salePrice: 5000, soldOut: false }] });
    for (const a of [first, second, later]) await gw.ok('activityAdmin', 'end', { id: a._id }, owner);
  }, 180_000);
});

describe('limited-time discounts', () => {
  test('the three modes with rounding, and the three limit modes at checkout', async () => {
    const { skuIds } = await product(9990, 100, 3);
    const t = gw.clock.now.getTime();
    const base = { kind: 'limited', name: '限时折扣', startsAt: iso(t - 1000), endsAt: iso(t + 3600_000), rounding: 'jiao' };
    const a = await gw.ok(
      'activityAdmin',
      'create',
      {
        ...base,
        tag: '限时特惠',
        limit: { mode: 'first_n', quantity: 2 },
        items: [
          { skuId: skuIds[0], mode: 'discount', value: 750, stock: 10 }, // 99.90 × 0.75 = 74.925 → 74.93 → 74.90
          { skuId: skuIds[1], mode: 'reduction', value: 1995, stock: 10 }, // 79.95 → 79.90
          { skuId: skuIds[2], mode: 'fixed', value: 99, stock: 10 }, // below 1.00: no rounding
        ],
      },
      owner,
    );
    expect(a.itemViews.map((v: { price: number }) => v.price)).toEqual([7490, 7990, 99]);
    const s = await gw.shopperToken('limited-buyer');
    const p = await gw.ok('order', 'preview', { source: { items: [{ skuId: skuIds[0], quantity: 3 }] }, delivery: { method: 'pickup' } }, s);
    // first_n: two units at 74.90, the third at 99.90
    expect(p.quote.payable).toBe(2 * 7490 + 9990);
    const o = await order('limited-openid', skuIds[0], 3, 2 * 7490 + 9990, 'lim-1');
    expect(o.lines[0].activity).toMatchObject({ kind: 'limited', units: 2, quotaTaken: 2 });
    // the quota is used: the next order of that SKU pays the sale price
    const o2 = await order('limited-openid', skuIds[0], 1, 9990, 'lim-2');
    expect(o2.lines[0].activity ?? null).toBeNull();

    await gw.ok('activityAdmin', 'end', { id: a._id }, owner);
    const b = await gw.ok('activityAdmin', 'create', { ...base, name: '全或无', limit: { mode: 'all_or_none', quantity: 2 }, items: [{ skuId: skuIds[0], mode: 'discount', value: 500, stock: 10 }] }, owner);
    expect((await gw.ok('order', 'preview', { source: { items: [{ skuId: skuIds[0], quantity: 3 }] }, delivery: { method: 'pickup' } }, s)).quote.payable).toBe(3 * 9990);
    expect((await gw.ok('order', 'preview', { source: { items: [{ skuId: skuIds[0], quantity: 2 }] }, delivery: { method: 'pickup' } }, s)).quote.payable).toBe(2 * 4990); // 49.95 with the fen dropped
    await gw.ok('activityAdmin', 'end', { id: b._id }, owner);
    await gw.ok('activityAdmin', 'create', { ...base, name: '超出不可买', limit: { mode: 'block', quantity: 2 }, items: [{ skuId: skuIds[0], mode: 'discount', value: 500, stock: 10 }] }, owner);
    const refused = await gw.call('order', 'preview', { source: { items: [{ skuId: skuIds[0], quantity: 3 }] }, delivery: { method: 'pickup' } }, s);
    expect(refused.body.error).toMatchObject({ code: 'ACTIVITY_LIMIT_REACHED', details: { limit: 2, taken: 0 } });
  }, 180_000);

  test('validation: stock above the SKU stock, a discount of 1折 or less, a repeat rule with no period; repeat periods', async () => {
    const { skuIds } = await product(1000, 5);
    const t = Date.parse('2026-11-23T08:00:00.000Z'); // Monday 16:00 in Beijing
    const base = { kind: 'limited', name: '校验', startsAt: iso(t), endsAt: iso(t + 3 * 86400_000) };
    const bad = async (body: object) => (await gw.call('activityAdmin', 'create', body, owner)).body.error;
    expect(await bad({ ...base, items: [{ skuId: skuIds[0], mode: 'discount', value: 800, stock: 6 }] })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'items.0.stock' }] });
    expect(await bad({ ...base, items: [{ skuId: skuIds[0], mode: 'discount', value: 100, stock: 1 }] })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'items.0.value' }] });
    expect(await bad({ ...base, items: [{ skuId: skuIds[0], mode: 'reduction', value: 1001, stock: 1 }] })).toMatchObject({ code: 'VALIDATION_FAILED' });
    // Mon 16:00 – Thu 16:00 has no Saturday
    expect(await bad({ ...base, repeat: { kind: 'weekly', days: [6], from: '10:00', to: '12:00' }, items: [{ skuId: skuIds[0], mode: 'discount', value: 800, stock: 1 }] })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'repeat' }] });
    const a = await gw.ok('activityAdmin', 'create', { ...base, repeat: { kind: 'daily', from: '10:00', to: '12:00' }, items: [{ skuId: skuIds[0], mode: 'discount', value: 800, stock: 1 }] }, owner);
    // at Monday 16:00 Beijing the next period is Tuesday 10:00–12:00
    const pa = await gw.ok('activity', 'forProduct', { productId: a.itemViews[0].productId });
    expect(pa).toMatchObject({ status: 'upcoming', periodStart: '2026-11-24T02:00:00.000Z', periodEnd: '2026-11-24T04:00:00.000Z' });
    await gw.ok('activityAdmin', 'end', { id: a._id }, owner);
  }, 180_000);
});

describe('overlaps', () => {
  test('one SKU in two overlapping activities is refused, naming the other; one presale at a time; after its window, fine', async () => {
    const { productId, skuIds } = await product(5000, 10, 2);
    const t = gw.clock.now.getTime();
    const f = await gw.ok('activityAdmin', 'create', { kind: 'flash', name: '周五秒杀', startsAt: iso(t + 3600_000), endsAt: iso(t + 7200_000), items: [{ skuId: skuIds[0], price: 100, stock: 1 }] }, owner);
    const lim = await gw.call('activityAdmin', 'create', { kind: 'limited', name: '叠加折扣', startsAt: iso(t), endsAt: iso(t + 5000_000), items: [{ skuId: skuIds[0], mode: 'discount', value: 900, stock: 1 }] }, owner);
    expect(lim.body.error).toMatchObject({ code: 'ACTIVITY_CONFLICT', details: { activityId: f._id, activityName: '周五秒杀' } });
    expect(lim.body.error.message).toContain('周五秒杀');
    // the other SKU, or the same SKU after the window, is fine
    await gw.ok('activityAdmin', 'create', { kind: 'limited', name: '另一规格', startsAt: iso(t), endsAt: iso(t + 5000_000), items: [{ skuId: skuIds[1], mode: 'discount', value: 900, stock: 1 }] }, owner);
    await gw.ok('activityAdmin', 'create', { kind: 'flash', name: '之后', startsAt: iso(t + 7200_000), endsAt: iso(t + 9000_000), items: [{ skuId: skuIds[0], price: 100, stock: 1 }] }, owner);
    // a presale of the product covers both SKUs
    const pre = await gw.call('activityAdmin', 'create', { kind: 'presale', name: '预售', startsAt: iso(t), endsAt: iso(t + 3600_000 * 3), ship: { mode: 'afterPayment', days: 7 }, items: [{ productId, stock: 10 }] }, owner);
    expect(pre.body.error.code).toBe('ACTIVITY_CONFLICT');
  }, 180_000);
});

describe('presale', () => {
  test('virtual stock with oversell, ship date after payment and on a set date, statistics and export', async () => {
    const { productId, skuIds } = await product(20000, 0, 2);
    const t = gw.clock.now.getTime();
    const a = await gw.ok('activityAdmin', 'create', { kind: 'presale', name: '新品预售', startsAt: iso(t - 1000), endsAt: iso(t + 86400_000), ship: { mode: 'afterPayment', days: 10 }, items: [{ productId, stock: 1, oversell: true }] }, owner);
    // one presale at a time
    const second = await gw.call('activityAdmin', 'create', { kind: 'presale', name: '第二个预售', startsAt: iso(t), endsAt: iso(t + 3600_000), ship: { mode: 'date', date: '2026-12-20' }, items: [{ productId: (await product(100, 1)).productId, stock: 1 }] }, owner);
    expect(second.body.error).toMatchObject({ code: 'ACTIVITY_CONFLICT', details: { activityId: a._id } });

    const s = await gw.shopperToken('presale-buyer');
    const preview = await gw.ok('order', 'preview', { source: { items: [{ skuId: skuIds[0], quantity: 2 }, { skuId: skuIds[1], quantity: 1 }] }, delivery: { method: 'pickup' } }, s);
    expect(preview.presale).toMatchObject({ activityId: a._id, ship: { mode: 'afterPayment', days: 10 }, shipFrom: null });
    const o = await order('presale-openid', skuIds[0], 2, 40000, 'pre-1');
    const o2 = await order('presale-openid-2', skuIds[1], 1, 20000, 'pre-2');
    expect(await counter(a._id, `p:${productId}`)).toMatchObject({ left: -2, sold: 3 });
    await payOrder(gw.db, o._id, { transactionId: 'tx-pre-1', amount: 40000, outTradeNo: o._id }, gw.clock.now);
    await payOrder(gw.db, o2._id, { transactionId: 'tx-pre-2', amount: 20000, outTradeNo: o2._id }, gw.clock.now);
    const paid = await gw.ok('orderAdmin', 'get', { id: o._id }, owner);
    expect(paid.presale.shipFrom).toBe(iso(gw.clock.now.getTime() + 10 * 86400_000));
    // SKU stock untouched (the goods are not in the warehouse yet)
    expect(((await gw.db.collection('skus').doc(skuIds[0]).get()).data[0] as unknown as { stock: number }).stock).toBe(0);
    const st = await gw.ok('activityAdmin', 'stats', { id: a._id }, owner);
    expect(st).toMatchObject({ goods: 3, orders: 2, buyers: 2, amount: 60000 });
    expect(st.rows.items[0]).toMatchObject({ units: expect.any(Number), shipFrom: expect.any(String) });
    const csv = await gw.ok('activityAdmin', 'export', { id: a._id }, owner);
    expect(csv.csv.split('\n')).toHaveLength(3);
    expect(csv.csv).toContain('开始发货时间');
  }, 180_000);

  test('without oversell the virtual stock is a hard limit; a set ship date is known at checkout', async () => {
    const { productId, skuIds } = await product(20000, 0);
    const t = gw.clock.now.getTime();
    await gw.ok('activityAdmin', 'list', { kind: 'presale', status: 'running' }, owner).then(async (p) => {
      for (const x of p.items) await gw.ok('activityAdmin', 'end', { id: x._id }, owner);
    });
    await gw.ok('activityAdmin', 'create', { kind: 'presale', name: '限量预售', startsAt: iso(t - 1000), endsAt: iso(t + 86400_000), ship: { mode: 'date', date: '2026-12-20' }, items: [{ productId, stock: 1 }] }, owner);
    const o = await order('hard-1', skuIds[0], 1, 20000, 'hard-1');
    expect(o.presale?.shipFrom).toBe('2026-12-19T16:00:00.000Z');
    await expect(order('hard-2', skuIds[0], 1, 20000, 'hard-2')).rejects.toMatchObject({ code: 'OUT_OF_STOCK' });
  }, 180_000);
});

describe('reminders', () => {
  test('a shopper asks to be reminded; the timer queues one message before the start and the simulated sender sends it', async () => {
    const { productId, skuIds } = await product(5000, 10);
    const t = gw.clock.now.getTime();
    const a = await gw.ok('activityAdmin', 'create', { kind: 'flash', name: '提醒秒杀', startsAt: iso(t + 3600_000), endsAt: iso(t + 7200_000), remindMinutes: 10, items: [{ skuId: skuIds[0], price: 100, stock: 1 }] }, owner);
    const s = await gw.shopperToken('reminded');
    expect(await gw.ok('activity', 'remind', { activityId: a._id, productId }, s)).toEqual({ reminded: true });
    expect((await gw.ok('activity', 'forProduct', { productId }, s)).reminded).toBe(true);
    expect(await sendReminders(gw.db, new Date(t + 49 * 60_000), simulatedSender)).toMatchObject({ queued: 0 });
    expect(await sendReminders(gw.db, new Date(t + 50 * 60_000), simulatedSender)).toMatchObject({ queued: 1, sent: 1 });
    expect(await sendReminders(gw.db, new Date(t + 51 * 60_000), simulatedSender)).toMatchObject({ queued: 0, sent: 0 });
    const msgs = await gw.ok('activityAdmin', 'messages', {}, owner);
    expect(msgs.items.find((m: { activityId: string }) => m.activityId === a._id)).toMatchObject({ status: 'sent', activityName: '提醒秒杀' });
    // a running activity needs no reminder; an anonymous caller cannot ask
    const anon = await gw.call('activity', 'remind', { activityId: a._id, productId });
    expect(anon.body.error.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
  }, 180_000);
});
