/**
 * 发券宝 (issue 17): the segment rule (table), the segment query agreeing with it, a send to a segment of hundreds of
 * customers in steps (each gets exactly one code, skips counted with a reason, a re-run after a crash grants nothing
 * more), and the use counted once a customer pays with the coupon.
 */
import type { MemberLevel, Segment } from '@shop/types';
import { inSegment, segmentQuery, countSegment, type SegmentFacts } from '@shop/functions/shared/domain/members/segments';
import { continueSends } from '@shop/functions/shared/domain/coupons/sends';
import { startPayBed, type PayBed } from './paytest';

const DAY = 24 * 3600e3;
const NOW = new Date('2026-12-01T00:00:00.000Z');
const level = (_id: string, threshold: number): MemberLevel => ({ _id, name: _id, threshold, discountRate: 1000, icon: null, createdAt: '', updatedAt: '' }) as MemberLevel;
const LEVELS = [level('L0', 0), level('L1', 100), level('L2', 1000)];
const facts = (over: Partial<SegmentFacts> = {}): SegmentFacts => ({ orders: 0, spent: 0, lastOrderAt: null, experience: 0, tags: [], ...over });
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

describe('inSegment', () => {
  const cases: [string, Segment, Partial<SegmentFacts>, boolean][] = [
    ['no condition: everyone', {}, {}, true],
    ['spend range, inside', { minSpent: 10000, maxSpent: 50000 }, { spent: 10000 }, true],
    ['spend range, upper end included', { minSpent: 10000, maxSpent: 50000 }, { spent: 50000 }, true],
    ['spend range, below', { minSpent: 10000 }, { spent: 9999 }, false],
    ['spend range, above', { maxSpent: 50000 }, { spent: 50001 }, false],
    ['never ordered counts as 0 orders', { maxOrders: 0 }, {}, true],
    ['order count, at least 2', { minOrders: 2 }, { orders: 1 }, false],
    ['order count, exactly 3', { minOrders: 3, maxOrders: 3 }, { orders: 3 }, true],
    ['last order within 30 days', { lastOrderWithinDays: 30 }, { lastOrderAt: daysAgo(29) }, true],
    ['last order 31 days ago is outside 30', { lastOrderWithinDays: 30 }, { lastOrderAt: daysAgo(31) }, false],
    ['never ordered is not "within"', { lastOrderWithinDays: 30 }, {}, false],
    ['last order before a date', { lastOrderBefore: daysAgo(90) }, { lastOrderAt: daysAgo(100) }, true],
    ['came back since', { lastOrderBefore: daysAgo(90) }, { lastOrderAt: daysAgo(10) }, false],
    ['never ordered is not "before"', { lastOrderBefore: daysAgo(90) }, {}, false],
    ['level by experience', { levelIds: ['L1'] }, { experience: 500 }, true],
    ['level L1 excludes L2', { levelIds: ['L1'] }, { experience: 1000 }, false],
    ['any of two levels', { levelIds: ['L0', 'L2'] }, { experience: 0 }, true],
    ['any of the tags', { tagIds: ['vip', 'new'] }, { tags: ['x', 'new'] }, true],
    ['none of the tags', { tagIds: ['vip'] }, { tags: ['x'] }, false],
    ['all conditions at once', { minSpent: 100, minOrders: 2, lastOrderWithinDays: 7, levelIds: ['L1'], tagIds: ['vip'] }, { spent: 100, orders: 2, lastOrderAt: daysAgo(1), experience: 100, tags: ['vip'] }, true],
    ['all but one', { minSpent: 100, minOrders: 2, lastOrderWithinDays: 7, levelIds: ['L1'], tagIds: ['vip'] }, { spent: 100, orders: 2, lastOrderAt: daysAgo(1), experience: 99, tags: ['vip'] }, false],
  ];
  test.each(cases)('%s', (_name, segment, f, expected) => {
    expect(inSegment(segment, facts(f), LEVELS, NOW)).toBe(expected);
  });
});

describe('sending to a segment', () => {
  let bed: PayBed;
  let owner: string;
  const admin = (action: string, data: unknown) => bed.gw.ok('couponAdmin', action, data, owner);
  const call = (action: string, data: unknown, token = owner) => bed.gw.call('couponAdmin', action, data, token);
  const iso = (days: number) => new Date(bed.gw.clock.now.getTime() + days * DAY).toISOString();
  const shoppers = () => bed.gw.db.collection('shoppers');
  const publishedCoupon = async (quantity: number, over: Record<string, unknown> = {}) => {
    const c = await admin('create', { kind: 'normal', name: `发券宝测试券${quantity}`, type: 'cash', value: 500, threshold: 0, validFrom: iso(-1), validTo: iso(30), prefix: 'SEG', quantity, ...over });
    return admin('publish', { couponId: c._id });
  };
  const codesOf = async (couponId: string) => (await bed.gw.db.collection('coupon_codes').where({ couponId, status: bed.gw.db.command.neq('available') }).limit(1000).get()).data as any[];
  /** the 2-part segment every send test uses: what the 430 "regulars" look like */
  const REGULARS: Segment = { minSpent: 20000, maxSpent: 30000, minOrders: 3 };

  beforeAll(async () => {
    bed = await startPayBed();
    owner = bed.owner;
    const now = bed.gw.clock.now.getTime();
    const at = (d: number) => new Date(now - d * DAY).toISOString();
    // 430 regulars, and 40 others who each miss the segment in one way (or never ordered)
    const docs: Record<string, unknown>[] = [];
    for (let i = 0; i < 430; i++) docs.push({ _id: `seg-r${String(i).padStart(3, '0')}`, nickname: `常客${i}`, createdAt: at(200), experience: i % 3 === 0 ? 500 : 0, tags: i % 2 ? ['t-vip'] : [], trade: { orders: 3 + (i % 4), spent: 20000 + (i % 100) * 100, lastOrderAt: at(i % 60) } });
    for (let i = 0; i < 40; i++) {
      const trade = i % 4 === 0 ? undefined : i % 4 === 1 ? { orders: 2, spent: 25000, lastOrderAt: at(5) } : i % 4 === 2 ? { orders: 5, spent: 19999, lastOrderAt: at(100) } : { orders: 4, spent: 30001, lastOrderAt: at(400) };
      docs.push({ _id: `seg-o${String(i).padStart(3, '0')}`, nickname: `其他${i}`, createdAt: at(300), experience: i * 50, tags: i % 5 ? [] : ['t-vip'], ...(trade ? { trade } : {}) });
    }
    await shoppers().add(docs);
  }, 60_000);
  afterAll(() => bed.close());

  test('the query agrees with the rule on every kind of condition', async () => {
    const { levels } = await segmentQuery(bed.gw.db, {}, bed.gw.clock.now);
    const all = (await shoppers().where({ _id: bed.gw.db.command.in([...Array(40)].map((_, i) => `seg-o${String(i).padStart(3, '0')}`)) }).limit(1000).get()).data;
    expect(all.length).toBe(40);
    const segments: Segment[] = [
      {},
      REGULARS,
      { maxOrders: 0 },
      { maxSpent: 19999 },
      { lastOrderWithinDays: 30 },
      { lastOrderBefore: iso(-90) },
      { tagIds: ['t-vip'] },
      { minOrders: 2, maxOrders: 4, tagIds: ['t-vip', 't-none'] },
      { levelIds: [levels[0]._id] },
    ];
    for (const s of segments) {
      const q = await segmentQuery(bed.gw.db, s, bed.gw.clock.now);
      // the query counts every shopper; the rule judges the 40 others (the regulars and the shop's own shoppers are known)
      const byQuery = (await shoppers().where(bed.gw.db.command.and([q.where, { _id: bed.gw.db.command.in(all.map((d) => d._id)) }])).count()).total;
      const byRule = all.filter((d: any) => inSegment(s, { orders: d.trade?.orders ?? 0, spent: d.trade?.spent ?? 0, lastOrderAt: d.trade?.lastOrderAt ?? null, experience: d.experience ?? 0, tags: d.tags ?? [] }, q.levels, bed.gw.clock.now)).length;
      expect({ s, n: byQuery }).toEqual({ s, n: byRule });
    }
    expect(await countSegment(bed.gw.db, await segmentQuery(bed.gw.db, REGULARS, bed.gw.clock.now))).toBe(430);
  });

  test('preview, then a send of 430 in steps: one code each, a holder skipped for the limit, a re-run grants nothing more', async () => {
    const c = await publishedCoupon(1000);
    // one regular already holds the coupon (per-customer limit 1)
    await admin('distribute', { couponId: c._id, grants: [{ openid: 'seg-r007', quantity: 1 }] });
    const preview = await admin('segmentPreview', { segment: REGULARS, couponId: c._id });
    expect(preview.matched).toBe(430);
    expect(preview.sample.length).toBe(10);
    expect(preview.coupon).toEqual({ available: 999, perShopperLimit: 1 });

    const key = 'send-regulars-0001';
    const first = await admin('segmentSend', { key, couponId: c._id, segment: REGULARS });
    // the starting request did two steps of 100; the rest waits for the next looks, one step each
    expect(first).toMatchObject({ state: 'running', matched: 430, processed: 200, name: c.name, couponId: c._id });
    const looks = [];
    for (let i = 0; i < 5 && looks[looks.length - 1]?.state !== 'done'; i++) looks.push(await admin('segmentSendDetail', { id: key }));
    expect(looks.map((l) => l.processed)).toEqual([300, 400, 430]);
    const done = looks[2];
    expect(done).toMatchObject({ state: 'done', processed: 430, sent: 429, skipped: { limit: 1, soldOut: 0, newOnly: 0 }, used: 0, usedPaid: 0 });
    const held = await codesOf(c._id);
    expect(held.length).toBe(430);
    const per = new Map<string, number>();
    for (const d of held) per.set(d.openid, (per.get(d.openid) ?? 0) + 1);
    expect([...per.values()].every((n) => n === 1)).toBe(true);
    expect([...per.keys()].every((o) => o.startsWith('seg-r'))).toBe(true);
    expect(held.filter((d) => d.grantKey === null).map((d) => d.openid)).toEqual(['seg-r007']);
    expect(held.every((d) => d.via === 'distribute')).toBe(true);

    // the same key again: the same send, nothing more
    expect(await admin('segmentSend', { key, couponId: c._id, segment: REGULARS })).toMatchObject({ state: 'done', sent: 429 });
    expect((await codesOf(c._id)).length).toBe(430);
    // another send with the same key is refused
    const taken = await call('segmentSend', { key, couponId: c._id, segment: { minOrders: 1 } });
    expect(taken.body.error.code).toBe('CONFLICT');

    // a crash after the grants but before the counters moved: the send is found running, its lease lapsed
    await bed.gw.db.collection('coupon_sends').doc(key).update({ state: 'running', steps: 0, cursor: null, processed: 0, sent: 0, 'skipped.limit': 0, doneAt: null, leaseUntil: new Date(0).toISOString() });
    // the jobs timer carries it on, step by step
    while ((await continueSends(bed.gw.db, bed.gw.clock.now)) > 0);
    expect(await admin('segmentSendDetail', { id: key })).toMatchObject({ state: 'done', processed: 430, sent: 429, skipped: { limit: 1, soldOut: 0, newOnly: 0 } });
    expect((await codesOf(c._id)).length).toBe(430);

    const list = await admin('segmentSends', { couponId: c._id });
    expect(list.total).toBe(1);
    expect(list.items[0]._id).toBe(key);
  }, 120_000);

  test('stock running out and new-customer coupons skip with a reason', async () => {
    const small = await publishedCoupon(5);
    const few: Segment = { minSpent: 20000, maxSpent: 20000 }; // i % 100 === 0: 5 regulars
    expect((await admin('segmentPreview', { segment: few })).matched).toBe(5);
    const s = await admin('segmentSend', { key: 'send-few-stock', couponId: small._id, segment: { ...few, maxOrders: 100 } });
    expect(s).toMatchObject({ state: 'done', matched: 5, sent: 5, skipped: { soldOut: 0 } });
    const none = await admin('segmentSend', { key: 'send-few-again', couponId: small._id, segment: { minSpent: 20100, maxSpent: 20100 } });
    expect(none).toMatchObject({ state: 'done', matched: 5, sent: 0, skipped: { soldOut: 5, limit: 0 } });

    const fresh = await publishedCoupon(10, { audience: 'new' });
    const payer = await bed.gw.shopperToken('seg-new-payer');
    const sku = await bed.product(100, 5);
    const o = await bed.order(payer, [{ skuId: sku, quantity: 1 }]);
    await bed.gw.ok('order', 'pay', { id: o._id }, payer);
    await fetch(`${bed.simUrl}/_sim/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ out_trade_no: o._id, outcome: 'success' }) });
    await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
    await shoppers().doc('local-seg-new-payer').update({ tags: ['t-newcomer'] });
    await shoppers().doc('seg-o000').update({ tags: ['t-newcomer'] }); // never ordered
    const nw = await admin('segmentSend', { key: 'send-new-only', couponId: fresh._id, segment: { tagIds: ['t-newcomer'] } });
    expect(nw).toMatchObject({ state: 'done', matched: 2, sent: 1, skipped: { newOnly: 1 } });
  }, 60_000);

  test('a customer who pays with the sent coupon counts as used, with what the order paid', async () => {
    const token = await bed.gw.shopperToken('seg-buyer');
    const openid = 'local-seg-buyer';
    await shoppers().doc(openid).update({ tags: ['t-buyer'] });
    const c = await publishedCoupon(3);
    const s = await admin('segmentSend', { key: 'send-buyer-0001', couponId: c._id, segment: { tagIds: ['t-buyer'] } });
    expect(s).toMatchObject({ state: 'done', matched: 1, sent: 1 });
    const code = (await codesOf(c._id))[0];
    expect(code.openid).toBe(openid);
    const sku = await bed.product(3000, 5);
    const o = await bed.order(token, [{ skuId: sku, quantity: 1 }], { couponId: code._id });
    expect(o.coupon.heldId).toBe(code._id);
    // placed but not paid: not used yet
    expect((await admin('segmentSendDetail', { id: s._id })).used).toBe(0);
    await bed.gw.ok('order', 'pay', { id: o._id }, token);
    await fetch(`${bed.simUrl}/_sim/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ out_trade_no: o._id, outcome: 'success' }) });
    await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
    expect(o.amounts.payable).toBeGreaterThan(0);
    expect(await admin('segmentSendDetail', { id: s._id })).toMatchObject({ used: 1, usedPaid: o.amounts.payable });
  }, 60_000);

  test('owner only; bad input names its path and writes nothing', async () => {
    const operator = await bed.gw.merchantToken('operator');
    expect((await call('segmentPreview', { segment: {} }, operator)).body.error.code).toBe('FORBIDDEN');
    expect((await call('segmentSends', {}, operator)).body.error.code).toBe('FORBIDDEN');
    const before = (await bed.gw.db.collection('coupon_sends').count()).total;
    const inverted = await call('segmentPreview', { segment: { minSpent: 5, maxSpent: 1 } });
    expect(inverted.status).toBe(400);
    expect(JSON.stringify(inverted.body.error)).toContain('segment.maxSpent');
    const c = await publishedCoupon(2);
    const level = await call('segmentSend', { key: 'send-bad-level', couponId: c._id, segment: { levelIds: ['no-such-level'] } });
    expect(level.status).toBe(400);
    expect(JSON.stringify(level.body.error)).toContain('segment.levelIds.0');
    expect((await call('segmentSend', { key: 'short', couponId: c._id, segment: {} })).status).toBe(400);
    expect((await call('segmentSendDetail', { id: 'nope' })).body.error.code).toBe('NOT_FOUND');
    const draft = await admin('create', { kind: 'normal', name: '草稿券', type: 'cash', value: 100, threshold: 0, validFrom: iso(-1), validTo: iso(3), prefix: 'DR', quantity: 2 });
    expect((await call('segmentSend', { key: 'send-draft-0001', couponId: draft._id, segment: {} })).body.error.code).toBe('INVALID_STATE');
    expect((await bed.gw.db.collection('coupon_sends').count()).total).toBe(before);
  });
});
