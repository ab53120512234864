/** Member levels, points, experience and customers: the real functions through the gateway on a fresh database. */
import { expirePoints, grantForOrder, memberSnapshot, returnPoints, spendPoints } from '@shop/functions/shared/domain/members';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
});
afterAll(() => gw.close());

const NOW = new Date('2026-11-23T08:00:00.000Z');
const admin = (action: string, data?: unknown) => gw.ok('customerAdmin', action, data, owner);
const adminCall = (action: string, data?: unknown) => gw.call('customerAdmin', action, data, owner);
/** logs a test shopper in (creating the shopper) and answers the openid and token */
const shopper = async (code: string) => ({ openid: `local-${code}`, token: await gw.shopperToken(code) });
const shopperDoc = async (openid: string) => (await gw.db.collection('shoppers').doc(openid).get()).data[0] as any;
const balance = async (openid: string) => (await shopperDoc(openid))?.points ?? 0;
const ledger = async (openid: string) =>
  (await gw.db.collection('points_ledger').where({ openid }).orderBy('createdAt', 'asc').orderBy('seq', 'asc').limit(1000).get()).data as any[];
const giveXp = (openid: string, delta: number) => admin('adjustExperience', { openid, delta, reason: 'test' });
const givePoints = (openid: string, delta: number) => admin('adjustPoints', { openid, delta, reason: 'test' });
const tx = <T>(fn: (t: any) => Promise<T>) => gw.db.runTransaction(fn);
const rules = (patch: Record<string, unknown>) => admin('savePointsRules', patch);

describe('member levels', () => {
  test('the default level exists from the start, is renamed but keeps threshold 0, and cannot be deleted', async () => {
    const levels = await admin('listLevels', {});
    expect(levels).toEqual([expect.objectContaining({ _id: 'default', name: '普通会员', threshold: 0, discountRate: 1000, isDefault: true, customerCount: 0 })]);
    const renamed = await admin('saveLevel', { _id: 'default', name: '注册会员', threshold: 0, discountRate: 1000, icon: '/assets/lv0.png' });
    expect(renamed).toMatchObject({ _id: 'default', name: '注册会员', icon: '/assets/lv0.png', isDefault: true });
    const moved = await adminCall('saveLevel', { _id: 'default', name: '注册会员', threshold: 10, discountRate: 1000 });
    expect(moved.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'threshold' })] });
    const del = await adminCall('deleteLevel', { id: 'default' });
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('INVALID_STATE');
    await admin('saveLevel', { _id: 'default', name: '普通会员', threshold: 0, discountRate: 1000, icon: null });
  });

  test('names and thresholds are unique; the rate is 1–1000 per mille', async () => {
    const silver = await admin('saveLevel', { name: '银卡会员', threshold: 500, discountRate: 950 });
    await admin('saveLevel', { name: '金卡会员', threshold: 2000, discountRate: 900 });
    const sameName = await adminCall('saveLevel', { name: '银卡会员', threshold: 800, discountRate: 950 });
    expect(sameName.body.error).toMatchObject({ code: 'NAME_TAKEN', details: [{ path: 'name', message: 'taken' }] });
    const sameThreshold = await adminCall('saveLevel', { name: '铂金会员', threshold: 2000, discountRate: 850 });
    expect(sameThreshold.body.error).toMatchObject({ code: 'NAME_TAKEN', details: [{ path: 'threshold', message: 'taken' }] });
    expect((await adminCall('saveLevel', { name: '零门槛', threshold: 0, discountRate: 990 })).body.error.code).toBe('NAME_TAKEN');
    for (const discountRate of [0, 1001, 9.5]) {
      expect((await adminCall('saveLevel', { name: '错误', threshold: 10, discountRate })).body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await adminCall('saveLevel', { name: 'x'.repeat(21), threshold: 10 })).body.error.code).toBe('VALIDATION_FAILED');
    // editing a level may keep its own name and threshold
    expect(await admin('saveLevel', { _id: silver._id, name: '银卡会员', threshold: 500, discountRate: 940 })).toMatchObject({ discountRate: 940 });
    await admin('saveLevel', { _id: silver._id, name: '银卡会员', threshold: 500, discountRate: 950 });
    expect((await admin('listLevels', {})).map((l: any) => [l.name, l.threshold, l.discountRate])).toEqual([
      ['普通会员', 0, 1000],
      ['银卡会员', 500, 950],
      ['金卡会员', 2000, 900],
    ]);
  });

  test('a shopper’s level follows experience at each boundary, computed when read', async () => {
    const { openid } = await shopper('levels');
    const cases: [number, string, number, string | null][] = [
      [0, '普通会员', 1000, '银卡会员'],
      [499, '普通会员', 1000, '银卡会员'],
      [500, '银卡会员', 950, '金卡会员'],
      [1999, '银卡会员', 950, '金卡会员'],
      [2000, '金卡会员', 900, null],
      [5000, '金卡会员', 900, null],
    ];
    let xp = 0;
    for (const [target, name, rate, next] of cases) {
      if (target !== xp) await giveXp(openid, target - xp);
      xp = target;
      const snap = await memberSnapshot(gw.db, openid, NOW);
      expect([snap.experience, snap.customer.levelName, snap.customer.discountRate, snap.nextLevel?.name ?? null]).toEqual([target, name, rate, next]);
    }
    // levels change: the shopper's level follows at once
    const plat = await admin('saveLevel', { name: '钻石会员', threshold: 4000, discountRate: 850 });
    expect((await memberSnapshot(gw.db, openid, NOW)).customer).toMatchObject({ levelName: '钻石会员', levelId: plat._id, discountRate: 850 });
    expect((await admin('listLevels', {})).find((l: any) => l._id === plat._id).customerCount).toBe(1);
    await admin('deleteLevel', { id: plat._id });
    expect((await memberSnapshot(gw.db, openid, NOW)).customer.levelName).toBe('金卡会员');
    expect((await adminCall('deleteLevel', { id: plat._id })).body.error.code).toBe('NOT_FOUND');
    // an unknown shopper is an ordinary member with nothing
    expect(await memberSnapshot(gw.db, 'nobody', NOW)).toEqual({
      customer: { openid: 'nobody', levelId: 'default', levelName: '普通会员', discountRate: 1000 },
      points: { enabled: true, balance: 0, fenPerPoint: 1, maxPercent: 50 },
      experience: 0,
      nextLevel: { name: '银卡会员', threshold: 500 },
    });
  });
});

describe('spending and returning points', () => {
  test('spend and return happen exactly once per order', async () => {
    const { openid } = await shopper('spender');
    await givePoints(openid, 100);
    await tx((t) => spendPoints(t, openid, 30, 'order-1', NOW));
    expect(await balance(openid)).toBe(70);
    await tx((t) => spendPoints(t, openid, 30, 'order-1', NOW)); // a retried order creation spends nothing more
    expect(await balance(openid)).toBe(70);
    expect(await tx((t) => returnPoints(t, openid, 'order-1', NOW))).toBe(30);
    expect(await tx((t) => returnPoints(t, openid, 'order-1', NOW))).toBe(0);
    expect(await balance(openid)).toBe(100);
    expect(await tx((t) => returnPoints(t, openid, 'never-spent', NOW))).toBe(0);
    const entries = await ledger(openid);
    expect(entries.filter((e) => e.orderId === 'order-1').map((e) => [e._id, e.kind, e.delta, e.balanceAfter])).toEqual([
      ['spend:order-1', 'spend', -30, 70],
      ['return:order-1', 'return', 30, 100],
    ]);
    // spending 0 is nothing at all
    await tx((t) => spendPoints(t, openid, 0, 'order-0', NOW));
    expect((await ledger(openid)).some((e) => e.orderId === 'order-0')).toBe(false);
  });

  test('spending more than the balance is refused and changes nothing', async () => {
    const { openid } = await shopper('short');
    await givePoints(openid, 40);
    const before = { doc: await shopperDoc(openid), ledger: await ledger(openid) };
    await expect(tx((t) => spendPoints(t, openid, 41, 'order-x', NOW))).rejects.toMatchObject({ code: 'POINTS_INSUFFICIENT', details: { balance: 40, asked: 41 } });
    expect(await shopperDoc(openid)).toEqual(before.doc);
    expect(await ledger(openid)).toEqual(before.ledger);
  });

  test('points switched off: spending is refused with POINTS_DISABLED', async () => {
    const { openid } = await shopper('off');
    await givePoints(openid, 40);
    await rules({ points: { enabled: false } });
    await expect(tx((t) => spendPoints(t, openid, 10, 'order-off', NOW))).rejects.toMatchObject({ code: 'POINTS_DISABLED' });
    expect((await memberSnapshot(gw.db, openid, NOW)).points).toMatchObject({ enabled: false, balance: 40 });
    await rules({ points: { enabled: true } });
    expect(await balance(openid)).toBe(40);
  });

  test('20 concurrent spends of 10 from a balance of 100: exactly 10 succeed, the balance ends at 0', async () => {
    const { openid } = await shopper('rush');
    await givePoints(openid, 100);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_x, i) => tx((t) => spendPoints(t, openid, 10, `rush-${i}`, NOW))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(10);
    refused.forEach((r) => expect(r.reason.code).toBe('POINTS_INSUFFICIENT'));
    expect(await balance(openid)).toBe(0);
    const spends = (await ledger(openid)).filter((e) => e.kind === 'spend');
    expect(spends).toHaveLength(10);
    expect(spends.map((e) => e.balanceAfter).sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });
});

describe('granting for a completed order', () => {
  test('points and experience are granted once per order', async () => {
    const { openid } = await shopper('earner');
    expect(await tx((t) => grantForOrder(t, openid, { points: 50, paidFen: 12345 }, 'done-1', NOW))).toEqual({ points: 50, experience: 124 });
    expect(await tx((t) => grantForOrder(t, openid, { points: 50, paidFen: 12345 }, 'done-1', NOW))).toEqual({ points: 0, experience: 0 });
    const doc = await shopperDoc(openid);
    expect([doc.points, doc.experience, doc.pointBuckets]).toEqual([50, 124, { '2026': 50 }]);
    expect((await ledger(openid)).map((e) => [e._id, e.kind, e.delta, e.experience])).toEqual([['earn:done-1', 'earn', 50, 124]]);
  });

  test('experience rounds up: ¥0.02 at 10 per yuan gives 1, nothing paid gives 0; switched off gives none', async () => {
    const { openid } = await shopper('rounding');
    await rules({ experience: { perYuan: 10 } });
    expect(await tx((t) => grantForOrder(t, openid, { points: 0, paidFen: 2 }, 'r-1', NOW))).toEqual({ points: 0, experience: 1 });
    expect(await tx((t) => grantForOrder(t, openid, { points: 0, paidFen: 0 }, 'r-2', NOW))).toEqual({ points: 0, experience: 0 });
    expect(await tx((t) => grantForOrder(t, openid, { points: 0, paidFen: 101 }, 'r-3', NOW))).toEqual({ points: 0, experience: 11 });
    await rules({ experience: { enabled: false }, points: { enabled: false } });
    expect(await tx((t) => grantForOrder(t, openid, { points: 9, paidFen: 5000 }, 'r-4', NOW))).toEqual({ points: 0, experience: 0 });
    await rules({ experience: { enabled: true, perYuan: 1 }, points: { enabled: true } });
    expect((await shopperDoc(openid)).experience).toBe(12);
  });

  test('a shopper never seen before gets a document', async () => {
    expect(await tx((t) => grantForOrder(t, 'wx-new-shopper', { points: 3, paidFen: 100 }, 'new-1', NOW))).toEqual({ points: 3, experience: 1 });
    expect(await shopperDoc('wx-new-shopper')).toMatchObject({ points: 3, experience: 1, blocked: false, tags: [] });
  });
});

describe('points expiry (Asia/Shanghai years)', () => {
  const at = (iso: string) => new Date(iso);
  beforeAll(() => rules({ points: { expiryEnabled: true } }));
  afterAll(() => rules({ points: { expiryEnabled: false } }));

  test('points earned in 2018 are kept until 2019-12-31 23:59:59 in Shanghai and cleared at midnight, once', async () => {
    const { openid } = await shopper('expiry');
    await tx((t) => grantForOrder(t, openid, { points: 100, paidFen: 100 }, 'exp-2018', at('2018-01-01T00:00:00+08:00')));
    await tx((t) => grantForOrder(t, openid, { points: 50, paidFen: 100 }, 'exp-2019', at('2019-06-01T00:00:00+08:00')));
    expect((await shopperDoc(openid)).pointBuckets).toEqual({ '2018': 100, '2019': 50 });

    const before = at('2019-12-31T15:59:59Z');
    expect((await memberSnapshot(gw.db, openid, before)).points.balance).toBe(150);
    expect(await expirePoints(gw.db, before)).toEqual({ shoppers: 0, points: 0 });
    expect(await balance(openid)).toBe(150);

    const midnight = at('2019-12-31T16:00:00Z');
    expect((await memberSnapshot(gw.db, openid, midnight)).points.balance).toBe(50); // not spendable even before the job
    expect(await expirePoints(gw.db, midnight)).toEqual({ shoppers: 1, points: 100 });
    expect(await expirePoints(gw.db, midnight)).toEqual({ shoppers: 0, points: 0 });
    expect(await balance(openid)).toBe(50);
    const expired = (await ledger(openid)).filter((e) => e.kind === 'expire');
    expect(expired.map((e) => [e.delta, e.balanceAfter, e.buckets])).toEqual([[-100, 50, { '2018': 100 }]]);
  });

  test('spending takes the oldest year first; a return keeps the points’ years (lapsed ones lapse again)', async () => {
    const { openid } = await shopper('oldest');
    await tx((t) => grantForOrder(t, openid, { points: 30, paidFen: 0 }, 'old-2018', at('2018-12-31T15:59:00Z'))); // still 2018 in Shanghai
    await tx((t) => grantForOrder(t, openid, { points: 40, paidFen: 0 }, 'old-2019', at('2018-12-31T16:00:00Z'))); // already 2019
    await tx((t) => spendPoints(t, openid, 50, 'old-spend', at('2019-05-01T00:00:00Z')));
    expect((await shopperDoc(openid)).pointBuckets).toEqual({ '2019': 20 });
    expect((await ledger(openid)).find((e) => e._id === 'spend:old-spend').buckets).toEqual({ '2018': 30, '2019': 20 });
    // the order is cancelled in 2020: the 30 points from 2018 had lapsed meanwhile
    expect(await tx((t) => returnPoints(t, openid, 'old-spend', at('2020-01-02T00:00:00Z')))).toBe(50);
    const doc = await shopperDoc(openid);
    expect([doc.points, doc.pointBuckets]).toEqual([40, { '2019': 40 }]);
    expect((await ledger(openid)).slice(-2).map((e) => [e.kind, e.delta, e.balanceAfter])).toEqual([
      ['return', 50, 70],
      ['expire', -30, 40],
    ]);
  });

  test('with expiry off nothing lapses', async () => {
    const { openid } = await shopper('keeper');
    await tx((t) => grantForOrder(t, openid, { points: 10, paidFen: 0 }, 'keep-2018', at('2018-03-01T00:00:00Z')));
    await rules({ points: { expiryEnabled: false } });
    expect(await expirePoints(gw.db, at('2025-01-01T00:00:00Z'))).toEqual({ shoppers: 0, points: 0 });
    expect((await memberSnapshot(gw.db, openid, at('2025-01-01T00:00:00Z'))).points.balance).toBe(10);
    await rules({ points: { expiryEnabled: true } });
  });
});

describe('customers', () => {
  test('blacklisting blocks login and ends the shopper’s sessions; lifting it lets them back', async () => {
    const { openid, token } = await shopper('naughty');
    const other = await gw.shopperToken('naughty');
    expect((await gw.call('member', 'centre', {}, token)).body.ok).toBe(true);
    expect(await admin('setBlocked', { openid, blocked: true })).toEqual({ openid, blocked: true, sessionsEnded: 2 });
    expect((await gw.call('member', 'centre', {}, token)).body.error.code).toBe('UNAUTHENTICATED');
    expect((await gw.call('member', 'centre', {}, other)).body.error.code).toBe('UNAUTHENTICATED');
    const login = await gw.call('auth', 'shopperLogin', { code: 'naughty' });
    expect([login.status, login.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    const blocked = await admin('listCustomers', { blocked: true });
    expect(blocked.items.map((c: any) => c.openid)).toEqual([openid]);
    expect((await admin('listCustomers', { blocked: false })).items.some((c: any) => c.openid === openid)).toBe(false);
    await admin('setBlocked', { openid, blocked: false });
    expect((await gw.call('auth', 'shopperLogin', { code: 'naughty' })).body.ok).toBe(true);
    expect((await adminCall('setBlocked', { openid: 'ghost', blocked: true })).body.error.code).toBe('NOT_FOUND');
  });

  test('adjusting points and experience needs a reason; points never go below 0', async () => {
    const { openid } = await shopper('adjusted');
    const r = await admin('adjustPoints', { openid, delta: 25, reason: '客服补偿' });
    expect(r).toMatchObject({ openid, points: 25, entry: { kind: 'adjust', delta: 25, balanceAfter: 25, reason: '客服补偿', operator: 't-owner' } });
    const short = await adminCall('adjustPoints', { openid, delta: -26, reason: '扣回' });
    expect([short.status, short.body.error.code]).toEqual([409, 'POINTS_INSUFFICIENT']);
    expect(await balance(openid)).toBe(25);
    for (const bad of [{ delta: 5, reason: '' }, { delta: 5, reason: '   ' }, { delta: 0, reason: 'x' }, { delta: 1.5, reason: 'x' }, { delta: 5 }]) {
      expect((await adminCall('adjustPoints', { openid, ...bad })).body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin('adjustPoints', { openid, delta: -25, reason: '扣回' })).points).toBe(0);
    expect((await admin('adjustExperience', { openid, delta: 600, reason: '老顾客' })).experience).toBe(600);
    expect((await adminCall('adjustExperience', { openid, delta: -601, reason: 'x' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await adminCall('adjustPoints', { openid: 'ghost', delta: 1, reason: 'x' })).body.error.code).toBe('NOT_FOUND');

    const detail = await admin('getCustomer', { openid });
    expect(detail).toMatchObject({ openid, points: 0, experience: 600, level: { name: '银卡会员', discountRate: 950 }, nextLevel: { name: '金卡会员', needed: 1400 } });
    expect(detail.pointsLedger.items.map((e: any) => [e.delta, e.reason])).toEqual([
      [-25, '扣回'],
      [25, '客服补偿'],
    ]);
    expect(detail.experienceLedger.items.map((e: any) => [e.experience, e.experienceAfter, e.reason])).toEqual([[600, 600, '老顾客']]);
    const page2 = await admin('customerLedger', { openid, type: 'points', page: 2, pageSize: 1 });
    expect([page2.total, page2.items[0].delta]).toEqual([2, 25]);
  });

  test('tags: unique names; customers tagged, found by tag; deleting a tag takes it off its customers', async () => {
    const { openid } = await shopper('tagged');
    const vip = await admin('saveTag', { name: '高价值' });
    const fan = await admin('saveTag', { name: '粉丝' });
    expect((await adminCall('saveTag', { name: '高价值' })).body.error.code).toBe('NAME_TAKEN');
    expect((await adminCall('saveTag', { _id: fan._id, name: '高价值' })).body.error.code).toBe('NAME_TAKEN');
    expect(await admin('setCustomerTags', { openid, tagIds: [vip._id, fan._id, vip._id] })).toEqual({ openid, tags: [vip._id, fan._id] });
    expect((await adminCall('setCustomerTags', { openid, tagIds: ['no-such-tag'] })).body.error.code).toBe('NOT_FOUND');
    expect((await admin('listCustomers', { tagId: vip._id })).items.map((c: any) => c.openid)).toEqual([openid]);
    expect((await admin('listTags', {})).map((t: any) => [t.name, t.customerCount])).toEqual([
      ['粉丝', 1],
      ['高价值', 1],
    ]);
    expect(await admin('deleteTag', { id: vip._id })).toEqual({ deleted: 1, customersUntagged: 1 });
    expect((await shopperDoc(openid)).tags).toEqual([fan._id]);
    expect((await admin('listCustomers', { tagId: vip._id })).total).toBe(0);
    expect((await adminCall('deleteTag', { id: vip._id })).body.error.code).toBe('NOT_FOUND');
  });

  test('search by nickname or openid, by level; sorted and paged', async () => {
    await shopper('searchable');
    expect((await admin('listCustomers', { keyword: 'searchABLE' })).items.map((c: any) => c.openid)).toEqual(['local-searchable']);
    expect((await admin('listCustomers', { keyword: '测试顾客 searchable' })).total).toBe(1);
    expect((await admin('listCustomers', { keyword: 'a.(b' })).total).toBe(0); // taken literally
    const levels = await admin('listLevels', {});
    const gold = levels.find((l: any) => l.name === '金卡会员');
    const silver = levels.find((l: any) => l.name === '银卡会员');
    expect((await admin('listCustomers', { levelId: gold._id })).items.map((c: any) => c.openid)).toEqual(['local-levels']);
    expect((await admin('listCustomers', { levelId: silver._id })).items.map((c: any) => [c.openid, c.level.name])).toEqual([['local-adjusted', '银卡会员']]);
    const all = await admin('listCustomers', { pageSize: 100 });
    const ordinary = await admin('listCustomers', { levelId: 'default', pageSize: 100 });
    expect(ordinary.total).toBe(all.total - 2);
    expect(ordinary.items.every((c: any) => c.level._id === 'default')).toBe(true);
    const byXp = await admin('listCustomers', { sortBy: 'experience', order: 'desc', pageSize: 2 });
    expect(byXp.items.map((c: any) => c.experience)).toEqual([5000, 600]);
    expect(byXp.total).toBe(all.total);
    expect((await admin('listCustomers', { levelId: 'deleted-level' })).total).toBe(0);
  });
});

describe('the member centre', () => {
  test('level, progress, points and the rules in words', async () => {
    const { openid, token } = await shopper('centre');
    await giveXp(openid, 600);
    await givePoints(openid, 300);
    const c = await gw.ok('member', 'centre', {}, token);
    expect(c).toMatchObject({
      openid,
      level: { name: '银卡会员', discountRate: 950 },
      experience: 600,
      nextLevel: { name: '金卡会员', threshold: 2000, needed: 1400 },
      progressPercent: 6, // (600 - 500) / (2000 - 500)
      points: { enabled: true, balance: 300, fenPerPoint: 1, maxPercent: 50 },
      experienceEnabled: true,
    });
    expect(c.rules.join('\n')).toMatch(/100 积分抵 ¥1，最多抵扣订单金额的 50%/);
    expect(c.levels.map((l: any) => l.name)).toEqual(['普通会员', '银卡会员', '金卡会员']);
  });

  test('a shopper sees only their own points history, newest first, paged', async () => {
    const a = await shopper('hist-a');
    const b = await shopper('hist-b');
    await givePoints(a.openid, 5);
    await givePoints(a.openid, 7);
    await givePoints(b.openid, 9);
    await giveXp(a.openid, 3); // experience only: not a points change
    const pageA = await gw.ok('member', 'pointsHistory', { pageSize: 1 }, a.token);
    expect([pageA.total, pageA.items.map((e: any) => [e.openid, e.delta, e.operator])]).toEqual([2, [[a.openid, 7, null]]]);
    const pageB = await gw.ok('member', 'pointsHistory', {}, b.token);
    expect(pageB.items.map((e: any) => [e.openid, e.delta])).toEqual([[b.openid, 9]]);
    // nobody can ask for somebody else's
    expect((await gw.call('member', 'pointsHistory', { openid: b.openid }, a.token)).body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('callers are checked', () => {
  test('clerks, shoppers and strangers cannot run customers; merchants have no member centre', async () => {
    const clerk = await gw.merchantToken('clerk');
    const operator = await gw.merchantToken('operator');
    const { token, openid } = await shopper('curious');
    for (const [act, data] of [
      ['listCustomers', {}],
      ['listLevels', {}],
      ['adjustPoints', { openid, delta: 100, reason: 'x' }],
      ['setBlocked', { openid, blocked: true }],
      ['savePointsRules', { points: { enabled: false } }],
    ] as const) {
      expect((await gw.call('customerAdmin', act, data, clerk)).body.error.code).toBe('FORBIDDEN');
      expect((await gw.call('customerAdmin', act, data, token)).body.error.code).toBe('FORBIDDEN');
      expect((await gw.call('customerAdmin', act, data)).body.error.code).toBe('UNAUTHENTICATED');
    }
    expect(await balance(openid)).toBe(0);
    expect((await gw.call('customerAdmin', 'listCustomers', {}, operator)).body.ok).toBe(true);
    expect((await gw.call('member', 'centre', {}, owner)).body.error.code).toBe('FORBIDDEN');
    expect((await gw.call('member', 'centre', {})).body.error.code).toBe('UNAUTHENTICATED');
  });

  test('points rules: read and saved section by section; unknown fields refused', async () => {
    const before = await admin('getPointsRules', {});
    expect(Object.keys(before).sort()).toEqual(['experience', 'points']);
    const after = await admin('savePointsRules', { points: { fenPerPoint: 100, maxPercent: 30 } });
    expect(after).toEqual({ points: { ...before.points, fenPerPoint: 100, maxPercent: 30 }, experience: before.experience });
    expect((await adminCall('savePointsRules', { orders: { autoCloseMinutes: 10 } })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await adminCall('savePointsRules', { points: { maxPercent: 101 } })).body.error.code).toBe('VALIDATION_FAILED');
    await admin('savePointsRules', { points: { fenPerPoint: 1, maxPercent: 50 } });
  });
});

describe('demo data', () => {
  test('the demo levels and the demo shopper’s points are seeded once', async () => {
    const { seedDemoMembers } = await import('./demo/members');
    await seedDemoMembers(gw.db, gw.assetsDir, NOW);
    await seedDemoMembers(gw.db, gw.assetsDir, NOW);
    const levels = await admin('listLevels', {});
    expect(levels.filter((l: any) => ['普通会员', '银卡会员', '金卡会员'].includes(l.name)).map((l: any) => [l.name, l.threshold, l.discountRate, !!l.icon])).toEqual([
      ['普通会员', 0, 1000, true],
      ['银卡会员', 500, 950, false], // made by an earlier test, left as it was
      ['金卡会员', 2000, 900, false],
    ]);
    const doc = await shopperDoc('local-shopper-1');
    expect([doc.points, doc.experience, doc.nickname]).toEqual([300, 600, '测试顾客 shopper-1']);
    expect((await ledger('local-shopper-1')).map((e) => e._id)).toEqual(['seed:local-shopper-1']);
  });
});
