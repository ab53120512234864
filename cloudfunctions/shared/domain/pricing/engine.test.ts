import fc from 'fast-check';
import { ZodError } from 'zod';
import type { Quote, QuoteInput } from '@shop/types';
import { quote } from './engine';

type Line = QuoteInput['lines'][number];
type Campaign = NonNullable<QuoteInput['campaigns']>[number];
type Coupon = NonNullable<QuoteInput['coupons']>[number];

const NOW = '2025-06-01T12:00:00+08:00';
const line = (o: Partial<Line> = {}): Line => ({ skuId: 's1', productId: 'p1', quantity: 1, price: 10000, ...o });
const campaign = (rule: Campaign['rule'], o: Partial<Campaign> = {}): Campaign => ({
  id: 'c1',
  name: 'campaign',
  rule,
  startsAt: '2025-01-01T00:00:00+08:00',
  ...o,
});
const coupon = (o: Partial<Coupon> = {}): Coupon => ({
  id: 'h1',
  couponId: 'k1',
  name: 'coupon',
  type: 'cash',
  value: 200,
  validFrom: '2025-01-01T00:00:00+08:00',
  validTo: '2026-01-01T00:00:00+08:00',
  ...o,
});
const run = (o: Partial<QuoteInput> = {}): Quote => quote({ now: NOW, lines: [line()], ...o });

const reduction = (tiers: [number, number][]): Campaign['rule'] => ({
  kind: 'reduction',
  mode: 'tiered',
  tiers: tiers.map(([threshold, value]) => ({ threshold, value })),
});
const freeShipping = (o: { threshold?: number; excludedRegions?: string[]; deliveryMethods?: ('express' | 'pickup' | 'local')[] } = {}): Campaign['rule'] => ({
  kind: 'freeShipping',
  ...o,
});
const stepsOf = (q: Quote, kind: string) => q.steps.filter((s) => s.kind === kind);
/** the running amount once every step of `kind` is done */
const after = (q: Quote, kind: string) => stepsOf(q, kind).at(-1)!.amountAfter;

const beijingOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe("the seed's worked example (订单优惠须知)", () => {
  const q = run({
    lines: [line({ productId: 'p-tea', pointsCoefficient: 1 })],
    campaigns: [
      campaign(reduction([[10000, 1500]]), { id: 'minus15', name: '满100减15', productIds: ['p-tea', 'p-other'] }),
      campaign(freeShipping({ threshold: 10000 }), { id: 'ship', name: '满100包邮' }),
    ],
    coupons: [coupon({ id: 'cash2', name: '无门槛代金券', value: 200 })],
    customer: { levelId: 'gold', levelName: '金会员', discountRate: 900 },
    points: { enabled: true, balance: 50, use: 10, fenPerPoint: 100, maxPercent: 100 },
    delivery: { method: 'express', region: '广东', freight: 100 },
  });

  it('goes 101.00 → 85.00 → 83.00 → 74.70 → 64.70', () => {
    expect([after(q, 'goods'), after(q, 'campaign'), after(q, 'coupon'), after(q, 'member'), after(q, 'points')]).toEqual([
      10100, 8500, 8300, 7470, 6470,
    ]);
    expect(q.payable).toBe(6470);
  });

  it('shows every step in the stacking order', () => {
    expect(q.steps.map((s) => [s.kind, s.id, s.off, s.freightOff, s.amountAfter])).toEqual([
      ['goods', null, 0, 0, 10100],
      ['campaign', 'minus15', 1500, 0, 8600],
      ['campaign', 'ship', 100, 100, 8500],
      ['coupon', 'cash2', 200, 0, 8300],
      ['member', 'gold', 830, 0, 7470],
      ['points', null, 1000, 0, 6470],
    ]);
    expect(q.steps.map((s) => s.rule)).toEqual([
      '商品 100.00 + 运费 1.00',
      '满100.00减15.00（商品 100.00）',
      '满100.00包邮（商品 100.00）：免运费 1.00',
      '无门槛减2.00（可用商品 85.00）',
      '会员 9.0 折（83.00）',
      '10 积分 × 1.00',
    ]);
  });

  it('puts every share on the line and balances the books', () => {
    expect(q.lines[0]).toMatchObject({ listAmount: 10000, campaignOff: 1500, couponOff: 200, memberOff: 830, pointsOff: 1000, payable: 6470 });
    expect(q.lines[0].campaignId).toBe('minus15');
    expect(q).toMatchObject({ goodsAmount: 10000, freight: 100, freightPayable: 0, totalOff: 3630, campaignIds: ['minus15', 'ship'] });
    expect(q.coupon).toEqual({ chosen: 'cash2', best: 'cash2' });
    expect(q.points).toEqual({ used: 10, max: 50, off: 1000, earned: 100 });
  });
});

describe('reduction and discount campaigns', () => {
  const lines3 = [line({ skuId: 'a', price: 1000, quantity: 3 })];
  it.each<[string, Line[], Campaign['rule'], number | null, string | null]>([
    ['tiered: the highest tier met only, tiers never add up', [line({ price: 25000 })], reduction([[10000, 1000], [20000, 3000], [30000, 6000]]), 3000, '满200.00减30.00（商品 250.00）'],
    ['tiered: tiers in any order', [line({ price: 25000 })], reduction([[20000, 3000], [10000, 1000]]), 3000, null],
    ['tiered: below the lowest tier gives nothing', [line({ price: 9999 })], reduction([[10000, 1000]]), null, null],
    ['tiered: exactly at the threshold', [line({ price: 10000 })], reduction([[10000, 1000]]), 1000, null],
    ['tiered: never more than the goods', [line({ price: 10000 })], reduction([[10000, 20000]]), 10000, null],
    ['every 100 minus 10, no cap', [line({ price: 35000 })], { kind: 'reduction', mode: 'every', every: 10000, off: 1000 }, 3000, '每满100.00减10.00（× 3）（商品 350.00）'],
    ['every 100 minus 10, cap 20', [line({ price: 35000 })], { kind: 'reduction', mode: 'every', every: 10000, off: 1000, cap: 2000 }, 2000, '每满100.00减10.00（× 3，最多减 20.00）（商品 350.00）'],
    ['every: cap above what the tiers give', [line({ price: 35000 })], { kind: 'reduction', mode: 'every', every: 10000, off: 1000, cap: 5000 }, 3000, null],
    ['every: below one step gives nothing', [line({ price: 9999 })], { kind: 'reduction', mode: 'every', every: 10000, off: 1000 }, null, null],
    ['every: never more than the goods', [line({ price: 150 })], { kind: 'reduction', mode: 'every', every: 100, off: 200 }, 150, null],
    ['discount by amount: highest tier, rate multiplied', [line({ price: 25000 })], { kind: 'discount', basis: 'amount', tiers: [{ threshold: 10000, value: 900 }, { threshold: 20000, value: 800 }] }, 5000, '满200.00 8.0 折（商品 250.00）'],
    ['discount by amount: below the threshold', [line({ price: 9000 })], { kind: 'discount', basis: 'amount', tiers: [{ threshold: 10000, value: 900 }] }, null, null],
    ['discount: half a fen rounds the price up (10 × 0.85 = 8.5 → 9 paid)', [line({ price: 10 })], { kind: 'discount', basis: 'amount', tiers: [{ threshold: 1, value: 850 }] }, 1, null],
    ['discount by count: 3 items', lines3, { kind: 'discount', basis: 'count', tiers: [{ threshold: 3, value: 800 }] }, 600, '满3件 8.0 折（3 件，商品 30.00）'],
    ['discount by count: 2 items are not enough', [line({ price: 1000, quantity: 2 })], { kind: 'discount', basis: 'count', tiers: [{ threshold: 3, value: 800 }] }, null, null],
    ['discount by count: items across lines', [line({ skuId: 'a', price: 1000, quantity: 2 }), line({ skuId: 'b', price: 2000 })], { kind: 'discount', basis: 'count', tiers: [{ threshold: 2, value: 950 }, { threshold: 3, value: 850 }] }, 600, null],
    ['discount of 10 折 saves nothing: no step', [line()], { kind: 'discount', basis: 'amount', tiers: [{ threshold: 1, value: 1000 }] }, null, null],
  ])('%s', (_n, lines, rule, off, text) => {
    const q = run({ lines, campaigns: [campaign(rule)] });
    const steps = stepsOf(q, 'campaign');
    if (off === null) {
      expect(steps).toEqual([]);
      expect(q.lines.every((l) => l.campaignOff === 0 && l.campaignId === null)).toBe(true);
      expect(q.campaignIds).toEqual([]);
    } else {
      expect(steps).toHaveLength(1);
      expect(steps[0].off).toBe(off);
      expect(q.lines.reduce((a, l) => a + l.campaignOff, 0)).toBe(off);
      expect(q.lines.every((l) => l.campaignId === 'c1')).toBe(true);
      if (text) expect(steps[0].rule).toBe(text);
    }
  });

  it.each<[string, number, { couponId: string; quantity: number }[]]>([
    ['below every tier', 9000, []],
    ['first tier', 15000, [{ couponId: 'cpA', quantity: 1 }]],
    ['the highest tier only', 25000, [{ couponId: 'cpB', quantity: 2 }]],
  ])('gift coupon: %s', (_n, price, gifts) => {
    const rule: Campaign['rule'] = {
      kind: 'giftCoupon',
      tiers: [
        { threshold: 10000, couponId: 'cpA', quantity: 1 },
        { threshold: 20000, couponId: 'cpB', quantity: 2 },
      ],
    };
    const q = run({ lines: [line({ price })], campaigns: [campaign(rule, { id: 'gift' })] });
    expect(q.giftCoupons).toEqual(gifts.map((g) => ({ campaignId: 'gift', ...g })));
    expect(q.payable).toBe(price);
    const steps = stepsOf(q, 'campaign');
    expect(steps).toHaveLength(gifts.length);
    if (gifts.length) {
      expect(steps[0]).toMatchObject({ off: 0, amountAfter: price });
      expect(steps[0].rule).toBe(`满${price >= 20000 ? '200.00' : '100.00'}送 ${gifts[0].quantity} 张优惠券，订单完成后发放`);
      expect(q.lines[0].campaignId).toBe('gift');
    }
  });

  it.each<[string, Partial<QuoteInput>, boolean]>([
    ['goods 105.00, no other discount', {}, true],
    ['goods 105.00 less a 10.00 coupon: 95.00 paid for goods', { coupons: [coupon({ value: 1000 })] }, false],
    ['goods 105.00 less 9.5 折 member discount: 99.75 paid for goods', { customer: { discountRate: 950 } }, false],
    ['goods 105.00 with 10.00 of points: 95.00 paid', { points: { enabled: true, balance: 1000, use: 1000, fenPerPoint: 1, maxPercent: 100 } }, false],
  ])('a gift coupon is earned on goods paid, freight excluded (seed 优惠叠加): %s', (_n, over, gift) => {
    const rule: Campaign['rule'] = { kind: 'giftCoupon', tiers: [{ threshold: 10000, couponId: 'cpA', quantity: 1 }] };
    const q = run({ lines: [line({ price: 10500 })], campaigns: [campaign(rule, { id: 'gift' })], delivery: { freight: 2000 }, ...over });
    expect(q.giftCoupons).toEqual(gift ? [{ campaignId: 'gift', couponId: 'cpA', quantity: 1 }] : []);
    expect(stepsOf(q, 'campaign')).toHaveLength(gift ? 1 : 0);
    expect(q.lines[0].campaignId).toBe(gift ? 'gift' : null);
  });

  it('freight never counts towards a gift coupon threshold', () => {
    const rule: Campaign['rule'] = { kind: 'giftCoupon', tiers: [{ threshold: 10000, couponId: 'cpA', quantity: 1 }] };
    const q = run({ lines: [line({ price: 9500 })], campaigns: [campaign(rule, { id: 'gift' })], delivery: { freight: 1000 } });
    expect(q.payable).toBe(10500);
    expect(q.giftCoupons).toEqual([]);
  });

  it('three 10.00 lines with 10.00 off split exactly 3.34 / 3.33 / 3.33', () => {
    const q = run({
      lines: ['a', 'b', 'c'].map((skuId) => line({ skuId, price: 1000 })),
      campaigns: [campaign(reduction([[3000, 1000]]))],
    });
    expect(q.lines.map((l) => l.campaignOff)).toEqual([334, 333, 333]);
    expect(q.lines.map((l) => l.payable)).toEqual([666, 667, 667]);
    expect(q.payable).toBe(2000);
  });

  it('splits by amount, so quantity counts', () => {
    const q = run({
      lines: [line({ skuId: 'a', price: 1000, quantity: 3 }), line({ skuId: 'b', price: 1000 })],
      campaigns: [campaign(reduction([[4000, 1000]]))],
    });
    expect(q.lines.map((l) => l.campaignOff)).toEqual([750, 250]);
  });

  it('a campaign on chosen products counts and discounts only those', () => {
    const q = run({
      lines: [line({ skuId: 'a', productId: 'p1', price: 6000 }), line({ skuId: 'b', productId: 'p2', price: 6000 })],
      campaigns: [campaign(reduction([[10000, 1500]]), { productIds: ['p1'] })],
    });
    expect(stepsOf(q, 'campaign')).toEqual([]);
    const q2 = run({
      lines: [line({ skuId: 'a', productId: 'p1', price: 6000 }), line({ skuId: 'b', productId: 'p2', price: 6000 })],
      campaigns: [campaign(reduction([[5000, 1500]]), { productIds: ['p1'] })],
    });
    expect(q2.lines.map((l) => [l.campaignOff, l.campaignId])).toEqual([
      [1500, 'c1'],
      [0, null],
    ]);
  });

  it('campaign steps come in the order the campaigns are given', () => {
    const q = run({
      lines: [line({ skuId: 'a', productId: 'p1' }), line({ skuId: 'b', productId: 'p2' })],
      campaigns: [
        campaign(freeShipping(), { id: 'ship' }),
        campaign(reduction([[10000, 500]]), { id: 'r2', productIds: ['p2'] }),
        campaign(reduction([[10000, 1000]]), { id: 'r1', productIds: ['p1'] }),
      ],
      delivery: { freight: 800 },
    });
    expect(stepsOf(q, 'campaign').map((s) => [s.id, s.amountAfter])).toEqual([
      ['ship', 20000],
      ['r2', 19500],
      ['r1', 18500],
    ]);
  });
});

describe('overlapping campaigns (the admin prevents them; the engine is deterministic anyway)', () => {
  it('a line joins only the first matching discount-kind campaign, in input order', () => {
    const q = run({
      lines: [line({ price: 20000 })],
      campaigns: [
        campaign({ kind: 'discount', basis: 'amount', tiers: [{ threshold: 10000, value: 900 }] }, { id: 'first' }),
        campaign(reduction([[10000, 5000]]), { id: 'second' }),
        campaign({ kind: 'giftCoupon', tiers: [{ threshold: 100, couponId: 'x', quantity: 1 }] }, { id: 'third' }),
      ],
    });
    expect(q.campaignIds).toEqual(['first']);
    expect(q.lines[0]).toMatchObject({ campaignOff: 2000, campaignId: 'first' });
    expect(q.giftCoupons).toEqual([]);
  });

  it('a campaign that is not running claims no line', () => {
    const q = run({
      lines: [line({ price: 20000 })],
      campaigns: [
        campaign(reduction([[10000, 5000]]), { id: 'later', startsAt: '2025-07-01T00:00:00+08:00' }),
        campaign(reduction([[10000, 1000]]), { id: 'now' }),
      ],
    });
    expect(q.campaignIds).toEqual(['now']);
  });

  it('a line keeps its first campaign even when that one misses its threshold', () => {
    const q = run({
      lines: [line({ price: 5000 })],
      campaigns: [campaign(reduction([[10000, 5000]]), { id: 'big' }), campaign(reduction([[1000, 100]]), { id: 'small' })],
    });
    expect(q.campaignIds).toEqual([]);
    expect(q.lines[0].campaignId).toBeNull();
  });

  it('free shipping stacks with a discount campaign on the same product', () => {
    const q = run({
      lines: [line({ price: 10000 })],
      campaigns: [campaign(reduction([[10000, 1500]]), { id: 'r' }), campaign(freeShipping({ threshold: 10000 }), { id: 'ship' })],
      delivery: { freight: 600 },
    });
    // the free-shipping threshold is judged before campaign discounts: 100.00, not 85.00
    expect(q.campaignIds).toEqual(['r', 'ship']);
    expect(q).toMatchObject({ freightPayable: 0, payable: 8500 });
  });
});

describe('when a campaign runs and whom it admits', () => {
  const at = (startsAt: string, endsAt: string | null = null) => ({ startsAt, endsAt });
  it.each<[string, Partial<Campaign>, Partial<NonNullable<QuoteInput['customer']>>, boolean]>([
    ['running', at('2025-05-01T00:00:00+08:00', '2025-07-01T00:00:00+08:00'), {}, true],
    ['not started yet', at('2025-06-01T12:00:01+08:00'), {}, false],
    ['starts this instant', at('2025-06-01T12:00:00+08:00'), {}, true],
    ['starts this instant, written in UTC', at('2025-06-01T04:00:00Z'), {}, true],
    ['ended', at('2025-05-01T00:00:00+08:00', '2025-06-01T11:59:59+08:00'), {}, false],
    ['ends this instant (end is exclusive)', at('2025-05-01T00:00:00+08:00', '2025-06-01T12:00:00+08:00'), {}, false],
    ['permanent', at('2020-01-01T00:00:00+08:00', null), {}, true],
    ['audience all', { audience: { kind: 'all' } }, {}, true],
    ['audience levels: in', { audience: { kind: 'levels', levelIds: ['gold', 'silver'] } }, { levelId: 'gold' }, true],
    ['audience levels: another level', { audience: { kind: 'levels', levelIds: ['gold'] } }, { levelId: 'silver' }, false],
    ['audience levels: no level', { audience: { kind: 'levels', levelIds: ['gold'] } }, {}, false],
    ['audience customers: listed', { audience: { kind: 'customers', openids: ['o1', 'o2'] } }, { openid: 'o2' }, true],
    ['audience customers: not listed', { audience: { kind: 'customers', openids: ['o1'] } }, { openid: 'o3' }, false],
    ['audience firstOrder: first order', { audience: { kind: 'firstOrder' } }, { isFirstOrder: true }, true],
    ['audience firstOrder: a returning customer', { audience: { kind: 'firstOrder' } }, { isFirstOrder: false }, false],
  ])('%s', (_n, o, customer, applies) => {
    const q = run({ campaigns: [campaign(reduction([[100, 100]]), o)], customer });
    expect(q.campaignIds).toEqual(applies ? ['c1'] : []);
    expect(q.payable).toBe(applies ? 9900 : 10000);
  });

  it('the same window rules hold for free shipping', () => {
    const q = run({ campaigns: [campaign(freeShipping(), { endsAt: '2025-05-01T00:00:00+08:00' })], delivery: { freight: 500 } });
    expect(q.freightPayable).toBe(500);
  });
});

describe('free shipping', () => {
  it.each<[string, Campaign['rule'], Partial<NonNullable<QuoteInput['delivery']>>, Line[], number]>([
    ['threshold met', freeShipping({ threshold: 10000 }), {}, [line({ price: 10000 })], 0],
    ['threshold missed by a fen', freeShipping({ threshold: 10000 }), {}, [line({ price: 9999 })], 800],
    ['threshold 0: any amount', freeShipping(), {}, [line({ price: 1 })], 0],
    ['excluded region', freeShipping({ excludedRegions: ['新疆', '西藏'] }), { region: '新疆' }, [line()], 800],
    ['a region not excluded', freeShipping({ excludedRegions: ['新疆'] }), { region: '广东' }, [line()], 0],
    ['pickup is not a default delivery method', freeShipping(), { method: 'pickup' }, [line()], 800],
    ['pickup allowed when listed', freeShipping({ deliveryMethods: ['pickup'] }), { method: 'pickup' }, [line()], 0],
    ['local delivery by default', freeShipping(), { method: 'local' }, [line()], 0],
  ])('%s', (_n, rule, delivery, lines, freightPayable) => {
    const q = run({ lines, campaigns: [campaign(rule, { id: 'ship' })], delivery: { freight: 800, region: '广东', ...delivery } });
    expect(q.freightPayable).toBe(freightPayable);
    const steps = stepsOf(q, 'campaign');
    expect(steps.map((s) => [s.off, s.freightOff])).toEqual(freightPayable === 0 ? [[800, 800]] : []);
  });

  it('counts only the goods it covers towards its threshold', () => {
    const lines = [line({ skuId: 'a', productId: 'p1', price: 6000 }), line({ skuId: 'b', productId: 'p2', price: 6000 })];
    const q = run({ lines, campaigns: [campaign(freeShipping({ threshold: 10000 }), { productIds: ['p1'] })], delivery: { freight: 800 } });
    expect(q.freightPayable).toBe(800);
    const q2 = run({ lines, campaigns: [campaign(freeShipping({ threshold: 6000 }), { productIds: ['p1'] })], delivery: { freight: 800 } });
    expect(q2.freightPayable).toBe(0);
  });

  it('takes the freight off once, by the first free-shipping campaign that applies', () => {
    const q = run({
      campaigns: [
        campaign(freeShipping({ threshold: 50000 }), { id: 'big' }),
        campaign(freeShipping(), { id: 'any' }),
        campaign(freeShipping(), { id: 'again' }),
      ],
      delivery: { freight: 800 },
    });
    expect(q.campaignIds).toEqual(['any']);
    expect(q.totalOff).toBe(800);
  });

  it('a zero-freight pickup order has nothing to take off', () => {
    const q = run({ campaigns: [campaign(freeShipping({ deliveryMethods: ['pickup'] }))], delivery: { method: 'pickup', freight: 0 } });
    expect(q).toMatchObject({ freight: 0, freightPayable: 0, payable: 10000, totalOff: 0, campaignIds: [] });
    expect(q.steps).toEqual([{ kind: 'goods', id: null, name: '商品金额', rule: '商品 100.00 + 运费 0.00', off: 0, freightOff: 0, amountAfter: 10000 }]);
  });
});

describe('item activities and what they stack with', () => {
  const limited = { kind: 'limited' as const, id: 'lim', name: '限时折扣', price: 8000 };
  const flash = { kind: 'flash' as const, id: 'fl', name: '秒杀', price: 5000 };

  it('sets the unit price and adds one step per activity', () => {
    const q = run({
      lines: [line({ skuId: 'a', quantity: 2, activity: flash }), line({ skuId: 'b', price: 6000, activity: flash }), line({ skuId: 'c', activity: limited })],
    });
    expect(q.lines.map((l) => [l.unitPrice, l.activityOff, l.payable])).toEqual([
      [5000, 10000, 10000],
      [5000, 1000, 5000],
      [8000, 2000, 8000],
    ]);
    expect(stepsOf(q, 'activity').map((s) => [s.id, s.name, s.off, s.amountAfter])).toEqual([
      ['fl', '秒杀', 11000, 25000],
      ['lim', '限时折扣', 2000, 23000],
    ]);
  });

  it('ignores an activity price that is not lower than the sale price', () => {
    const q = run({ lines: [line({ activity: { ...flash, price: 10000 } })], coupons: [coupon()] });
    expect(q.lines[0]).toMatchObject({ unitPrice: 10000, activityOff: 0, activity: null, couponOff: 200 });
    expect(stepsOf(q, 'activity')).toEqual([]);
  });

  it('a limited-time line takes no campaign, no free shipping threshold, no coupon, but member discount and points', () => {
    const q = run({
      lines: [line({ skuId: 'lim', productId: 'p1', activity: limited, pointsCoefficient: 1 }), line({ skuId: 'n', productId: 'p2', price: 5000 })],
      campaigns: [
        campaign(reduction([[5000, 1000]]), { id: 'r' }),
        campaign(freeShipping({ threshold: 10000 }), { id: 'ship' }),
        campaign({ kind: 'giftCoupon', tiers: [{ threshold: 10000, couponId: 'g', quantity: 1 }] }, { id: 'gift', productIds: ['p1'] }),
      ],
      coupons: [coupon({ id: 'all', value: 300 }), coupon({ id: 'p1only', value: 5000, productIds: ['p1'] })],
      customer: { discountRate: 900 },
      points: { enabled: true, balance: 5000, use: 'max', fenPerPoint: 1, maxPercent: 10 },
      delivery: { freight: 500 },
    });
    const [lim, n] = q.lines;
    expect(lim).toMatchObject({ activityOff: 2000, campaignOff: 0, campaignId: null, couponOff: 0, memberOff: 800, pointsEarned: 100 });
    expect(lim.pointsOff).toBeGreaterThan(0);
    expect(n).toMatchObject({ campaignOff: 1000, campaignId: 'r', couponOff: 300, memberOff: 370 });
    // 80.00 of limited goods do not help the 100.00 free-shipping threshold (only 50.00 counts)
    expect(q.freightPayable).toBeLessThan(500);
    expect(q.campaignIds).toEqual(['r']);
    expect(q.giftCoupons).toEqual([]);
    expect(q.coupons.find((c) => c.id === 'p1only')).toMatchObject({ applicable: false, reason: 'NO_ELIGIBLE_LINES' });
    // points on 72.00 + 33.30 + 5.00 freight, 10 %
    expect(q.points).toMatchObject({ max: 1103, used: 1103 });
  });

  it('a flash-sale line takes only free shipping (and counts towards it)', () => {
    const q = run({
      lines: [line({ activity: flash, pointsCoefficient: 2 })],
      campaigns: [campaign(reduction([[100, 100]]), { id: 'r' }), campaign(freeShipping({ threshold: 5000 }), { id: 'ship' })],
      coupons: [coupon()],
      customer: { discountRate: 800, levelId: 'gold' },
      points: { enabled: true, balance: 1000, use: 'max', fenPerPoint: 1 },
      delivery: { freight: 600 },
    });
    expect(q.lines[0]).toMatchObject({ unitPrice: 5000, campaignOff: 0, couponOff: 0, memberOff: 0, pointsOff: 0, payable: 5000, pointsEarned: 200 });
    expect(q.campaignIds).toEqual(['ship']);
    expect(q.freightPayable).toBe(0);
    expect(q.coupons[0]).toMatchObject({ applicable: false, reason: 'NO_ELIGIBLE_LINES' });
    expect(q.coupon).toEqual({ chosen: null, best: null });
    expect(stepsOf(q, 'member')).toEqual([]);
    expect(q.points).toEqual({ used: 0, max: 0, off: 0, earned: 200 });
    expect(q.payable).toBe(5000);
  });

  it('a flash-only order cannot use points even on freight', () => {
    const q = run({ lines: [line({ activity: flash })], points: { enabled: true, balance: 1000, use: 'max' }, delivery: { freight: 600 } });
    expect(q.points.max).toBe(0);
    expect(q.freightPayable).toBe(600);
  });
});

describe('coupons', () => {
  it.each<[string, Partial<Coupon>, string, string]>([
    ['used', { state: 'used' }, 'USED', '已使用'],
    ['void', { state: 'void' }, 'VOID', '已作废'],
    ['not started', { validFrom: '2025-06-02T00:00:00+08:00' }, 'NOT_STARTED', '2025-06-02 00:00 起可用'],
    ['expired', { validTo: '2025-05-31T00:00:00+08:00' }, 'EXPIRED', '已于 2025-05-31 00:00 过期'],
    ['expires this instant', { validTo: NOW }, 'EXPIRED', `已于 ${beijingOf(NOW)} 过期`],
    ['for other products', { productIds: ['p9'] }, 'NO_ELIGIBLE_LINES', '订单中没有可用此券的商品'],
    ['below its threshold', { threshold: 11200 }, 'BELOW_THRESHOLD', '还差 12.00 可用（满112.00）'],
    ['a cash coupon of 0', { value: 0 }, 'ZERO_OFF', '本单无法优惠'],
    ['a 10 折 discount coupon', { type: 'discount', value: 1000 }, 'ZERO_OFF', '本单无法优惠'],
    ['for new customers only, to a customer who has paid before', { audience: 'new' }, 'NEW_CUSTOMERS_ONLY', '新人专享：仅限未下过单的新顾客使用'],
  ])('rejects a coupon that is %s, and says why', (_n, o, reason, message) => {
    const q = run({ coupons: [coupon(o)] });
    expect(q.coupons).toEqual([{ id: 'h1', couponId: 'k1', name: 'coupon', applicable: false, off: 0, reason, message }]);
    expect(q.coupon).toEqual({ chosen: null, best: null });
    expect(stepsOf(q, 'coupon')).toEqual([]);
  });

  it('a coupon for new customers applies to a first order', () => {
    const q = run({ coupons: [coupon({ audience: 'new', value: 200 })], customer: { isFirstOrder: true } });
    expect(q.coupons[0]).toMatchObject({ applicable: true, off: 200 });
  });

  it.each<[string, Partial<Coupon>, number, string]>([
    ['cash, no threshold', { value: 200 }, 200, '无门槛减2.00（可用商品 100.00）'],
    ['cash, at its threshold', { value: 500, threshold: 10000 }, 500, '满100.00减5.00（可用商品 100.00）'],
    ['cash larger than the goods', { value: 50000 }, 10000, '无门槛减500.00（可用商品 100.00）'],
    ['discount 8 折', { type: 'discount', value: 800 }, 2000, '8.0 折（可用商品 100.00）'],
    ['discount 8 折 at most 5.00', { type: 'discount', value: 800, maxOff: 500, threshold: 5000 }, 500, '满50.00 8.0 折（可用商品 100.00），最多减 5.00'],
    ['discount 8.8 折, maxOff above the saving', { type: 'discount', value: 880, maxOff: 5000 }, 1200, '8.8 折（可用商品 100.00），最多减 50.00'],
  ])('applies %s', (_n, o, off, rule) => {
    const q = run({ coupons: [coupon(o)] });
    expect(q.coupons[0]).toMatchObject({ applicable: true, off, reason: null, message: `可省 ${(off / 100).toFixed(2)}` });
    expect(stepsOf(q, 'coupon')).toEqual([{ kind: 'coupon', id: 'h1', name: 'coupon', rule, off, freightOff: 0, amountAfter: 10000 - off }]);
  });

  it('judges the threshold on the goods after campaigns', () => {
    const q = run({ campaigns: [campaign(reduction([[10000, 1500]]))], coupons: [coupon({ threshold: 9000 })] });
    expect(q.coupons[0]).toMatchObject({ reason: 'BELOW_THRESHOLD', message: '还差 5.00 可用（满90.00）' });
  });

  it('picks the largest saving; ties go to the one expiring first, then the smaller id', () => {
    const q = run({
      coupons: [
        coupon({ id: 'z-late', value: 500, validTo: '2026-06-01T00:00:00+08:00' }),
        coupon({ id: 'small', value: 100 }),
        coupon({ id: 'y-soon', value: 500, validTo: '2025-07-01T00:00:00+08:00' }),
        coupon({ id: 'x-soon', value: 500, validTo: '2025-07-01T00:00:00+08:00' }),
        coupon({ id: 'dead', value: 9000, state: 'void' }),
        coupon({ id: 'pct', type: 'discount', value: 960 }),
      ],
    });
    expect(q.coupon).toEqual({ chosen: 'x-soon', best: 'x-soon' });
    // applicable first by saving, then the rest in input order
    expect(q.coupons.map((c) => [c.id, c.off])).toEqual([
      ['x-soon', 500],
      ['y-soon', 500],
      ['z-late', 500],
      ['pct', 400],
      ['small', 100],
      ['dead', 0],
    ]);
    expect(q.payable).toBe(9500);
  });

  it.each<[string, string | null, string | null, number]>([
    ["'best' takes the best", 'best', 'big', 9000],
    ['null takes none', null, null, 10000],
    ['an applicable id takes that one', 'small', 'small', 9900],
    ['an inapplicable id takes none (the verdict says why)', 'old', null, 10000],
    ['an id the shopper does not hold takes none', 'nope', null, 10000],
  ])('couponId: %s', (_n, couponId, chosen, payable) => {
    const q = run({
      couponId,
      coupons: [coupon({ id: 'small', value: 100 }), coupon({ id: 'big', value: 1000 }), coupon({ id: 'old', value: 5000, validTo: '2025-01-02T00:00:00+08:00' })],
    });
    expect(q.coupon).toEqual({ chosen, best: 'big' });
    expect(q.payable).toBe(payable);
    expect(q.coupons.find((c) => c.id === 'old')).toMatchObject({ applicable: false, reason: 'EXPIRED' });
  });

  it('splits its saving over the eligible lines only, by their amounts after campaigns', () => {
    const q = run({
      lines: [line({ skuId: 'a', productId: 'p1', price: 3000 }), line({ skuId: 'b', productId: 'p2', price: 1000 }), line({ skuId: 'c', productId: 'p3', price: 7000 })],
      campaigns: [campaign(reduction([[1000, 1000]]), { productIds: ['p1'] })],
      coupons: [coupon({ value: 1000, productIds: ['p1', 'p2'] })],
    });
    // after the campaign: a 20.00, b 10.00 → 10.00 off splits 6.67 / 3.33
    expect(q.lines.map((l) => l.couponOff)).toEqual([667, 333, 0]);
  });
});

describe('member level', () => {
  it.each<[string, number, Coupon[], number | null, string | null]>([
    ['9 折 after the coupon (on 80.00, not 100.00)', 900, [coupon({ value: 2000 })], 800, '会员 9.0 折（80.00）'],
    ['8.5 折 half up', 850, [coupon({ value: 3 })], 1500, '会员 8.5 折（99.97）'],
    ['no discount at 1000', 1000, [], null, null],
  ])('%s', (_n, discountRate, coupons, off, rule) => {
    const q = run({ coupons, customer: { levelId: 'gold', levelName: '金会员', discountRate } });
    const steps = stepsOf(q, 'member');
    if (off === null) expect(steps).toEqual([]);
    else expect(steps).toEqual([{ kind: 'member', id: 'gold', name: '金会员', rule, off, freightOff: 0, amountAfter: q.payable }]);
  });

  it('never takes freight into its base', () => {
    const q = run({ customer: { discountRate: 500 }, delivery: { freight: 1000 } });
    expect(q).toMatchObject({ totalOff: 5000, freightPayable: 1000, payable: 6000 });
  });
});

describe('points', () => {
  type Points = NonNullable<QuoteInput['points']>;
  it.each<[string, Points, number, { used: number; max: number; off: number }, number]>([
    ['disabled', { enabled: false, balance: 1000, use: 'max' }, 0, { used: 0, max: 0, off: 0 }, 10000],
    ['capped by the percentage', { enabled: true, balance: 100000, use: 'max', maxPercent: 50 }, 0, { used: 5000, max: 5000, off: 5000 }, 5000],
    ['percentage floors the cap', { enabled: true, balance: 100000, use: 'max', maxPercent: 33 }, 1, { used: 3300, max: 3300, off: 3300 }, 6701],
    ['limited by the balance', { enabled: true, balance: 30, use: 'max' }, 0, { used: 30, max: 30, off: 30 }, 9970],
    ['a number below the max', { enabled: true, balance: 1000, use: 7, fenPerPoint: 100 }, 0, { used: 7, max: 100, off: 700 }, 9300],
    ['a number above the max is clamped', { enabled: true, balance: 1000, use: 5000, fenPerPoint: 100, maxPercent: 10 }, 0, { used: 10, max: 10, off: 1000 }, 9000],
    ['whole points only: 99.99 at 1.00 a point', { enabled: true, balance: 1000, use: 'max', fenPerPoint: 100 }, -1, { used: 99, max: 99, off: 9900 }, 99],
    ['0 points used', { enabled: true, balance: 1000, use: 0 }, 0, { used: 0, max: 1000, off: 0 }, 10000],
  ])('%s', (_n, points, priceDelta, expected, payable) => {
    const q = run({ lines: [line({ price: 10000 + priceDelta })], points });
    expect(q.points).toMatchObject(expected);
    expect(q.payable).toBe(payable);
    expect(stepsOf(q, 'points')).toHaveLength(expected.off > 0 ? 1 : 0);
  });

  it('may pay the freight', () => {
    const q = run({ lines: [line({ price: 100 })], points: { enabled: true, balance: 10000, use: 'max' }, delivery: { freight: 1000 } });
    expect(q.points).toMatchObject({ max: 1100, used: 1100, off: 1100 });
    expect(q).toMatchObject({ freightPayable: 0, payable: 0 });
    expect(q.lines[0].pointsOff).toBe(100);
    expect(stepsOf(q, 'points')[0]).toMatchObject({ off: 1100, freightOff: 1000, amountAfter: 0 });
  });

  it('splits over the lines and the freight by amount', () => {
    const q = run({
      lines: [line({ skuId: 'a', price: 3000 }), line({ skuId: 'b', price: 1000 })],
      points: { enabled: true, balance: 10000, use: 1000 },
      delivery: { freight: 1000 },
    });
    expect(q.lines.map((l) => l.pointsOff)).toEqual([600, 200]);
    expect(q.freightPayable).toBe(800);
  });

  it.each<[string, number, number, number, number]>([
    ['9.99 × 1 × 1 → 9', 999, 1, 1, 9],
    ['10.50 × 3 × 0.5 → 15', 1050, 3, 0.5, 15],
    ['10.00 × 3 × 0.1 → 3 (no float drift)', 1000, 3, 0.1, 3],
    ['0.99 × 1 × 1 → 0', 99, 1, 1, 0],
    ['coefficient 0', 10000, 1, 0, 0],
  ])('earns on the sale price, rounded down: %s', (_n, price, quantity, pointsCoefficient, earned) => {
    const q = run({
      lines: [line({ price, quantity, pointsCoefficient })],
      coupons: [coupon({ value: 1 })],
      points: { enabled: true },
    });
    expect(q.points.earned).toBe(earned);
    expect(q.lines[0].pointsEarned).toBe(earned);
  });

  it('earns on the sale price even on a discounted activity line, and sums the lines', () => {
    const q = run({
      lines: [
        line({ skuId: 'a', price: 1999, pointsCoefficient: 1, activity: { kind: 'flash', id: 'f', price: 999 } }),
        line({ skuId: 'b', price: 1999, pointsCoefficient: 1 }),
      ],
      points: { enabled: true },
    });
    expect(q.lines.map((l) => l.pointsEarned)).toEqual([19, 19]);
    expect(q.points.earned).toBe(38);
  });
});

describe('input validation', () => {
  it.each<[string, unknown]>([
    ['no lines', { now: NOW, lines: [] }],
    ['a bad instant', { now: 'yesterday', lines: [line()] }],
    ['an unknown field', { now: NOW, lines: [line()], discount: 5 }],
    ['a fractional price', { now: NOW, lines: [line({ price: 10.5 })] }],
    ['a discount coupon above 1000 per mille', { now: NOW, lines: [line()], coupons: [coupon({ type: 'discount', value: 1200 })] }],
    ['a discount campaign tier above 1000 per mille', { now: NOW, lines: [line()], campaigns: [campaign({ kind: 'discount', basis: 'amount', tiers: [{ threshold: 1, value: 1001 }] })] }],
    ['an order beyond 10,000,000,000.00', { now: NOW, lines: [line({ price: 1_000_000_000, quantity: 1001 })] }],
  ])('throws a ZodError on %s', (_n, input) => {
    expect(() => quote(input as QuoteInput)).toThrow(ZodError);
  });

  it('applies the defaults', () => {
    const q = quote({ now: NOW, lines: [line()] });
    expect(q).toMatchObject({ payable: 10000, freight: 0, coupons: [], giftCoupons: [], points: { used: 0, max: 0, off: 0, earned: 0 } });
  });
});

describe('properties over random carts, campaigns, coupons and points', () => {
  const PRODUCTS = ['p1', 'p2', 'p3', 'p4'];
  const INSTANTS = ['2025-05-01T00:00:00+08:00', NOW, '2025-06-01T12:00:01+08:00', '2025-07-01T00:00:00Z'];
  const productIdsArb = fc.option(fc.subarray(PRODUCTS, { minLength: 1 }), { nil: null });
  const rateArb = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(1000, 950, 900, 850, 800));
  const fenArb = (max: number) => fc.integer({ min: 0, max });
  const thresholdArb = fc.integer({ min: 1, max: 40000 });

  const lineArb = fc.record({
    productId: fc.constantFrom(...PRODUCTS),
    quantity: fc.integer({ min: 1, max: 20 }),
    price: fenArb(30000),
    pointsCoefficient: fc.constantFrom(0, 0.1, 0.5, 1, 2.3),
    activity: fc.oneof(
      { arbitrary: fc.constant(null), weight: 3 },
      { arbitrary: fc.record({ kind: fc.constantFrom('flash' as const, 'limited' as const), id: fc.constantFrom('a1', 'a2'), price: fenArb(30000) }), weight: 1 },
    ),
  });
  const ruleArb: fc.Arbitrary<Campaign['rule']> = fc.oneof(
    fc.record({ kind: fc.constant('reduction' as const), mode: fc.constant('tiered' as const), tiers: fc.array(fc.record({ threshold: thresholdArb, value: fenArb(20000) }), { minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('reduction' as const), mode: fc.constant('every' as const), every: fc.integer({ min: 1, max: 20000 }), off: fenArb(5000), cap: fenArb(10000) }),
    fc.record({ kind: fc.constant('discount' as const), basis: fc.constantFrom('amount' as const, 'count' as const), tiers: fc.array(fc.record({ threshold: fc.integer({ min: 1, max: 30000 }), value: rateArb }), { minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('giftCoupon' as const), tiers: fc.array(fc.record({ threshold: thresholdArb, couponId: fc.constantFrom('g1', 'g2'), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }) }),
    fc.record({
      kind: fc.constant('freeShipping' as const),
      threshold: fenArb(30000),
      excludedRegions: fc.subarray(['新疆', '西藏']),
      deliveryMethods: fc.subarray(['express', 'pickup', 'local'] as ('express' | 'pickup' | 'local')[], { minLength: 1 }),
    }),
  );
  const audienceArb: fc.Arbitrary<NonNullable<Campaign['audience']>> = fc.oneof(
    fc.constant({ kind: 'all' as const }),
    fc.record({ kind: fc.constant('levels' as const), levelIds: fc.subarray(['gold', 'silver'], { minLength: 1 }) }),
    fc.record({ kind: fc.constant('customers' as const), openids: fc.subarray(['o1', 'o2'], { minLength: 1 }) }),
    fc.constant({ kind: 'firstOrder' as const }),
  );
  // windows and audiences lean towards 'running' and 'all' so that most runs stack several rules
  const campaignArb = fc.record({
    rule: ruleArb,
    productIds: productIdsArb,
    audience: fc.oneof({ arbitrary: fc.constant({ kind: 'all' as const }), weight: 3 }, { arbitrary: audienceArb, weight: 1 }),
    startsAt: fc.constantFrom(INSTANTS[0], INSTANTS[0], INSTANTS[0], NOW, INSTANTS[2]),
    endsAt: fc.constantFrom(null, null, INSTANTS[3], INSTANTS[2], NOW, INSTANTS[0]),
  });
  const couponArb = fc.record({
    type: fc.constantFrom('cash' as const, 'discount' as const),
    cash: fenArb(20000),
    rate: rateArb,
    maxOff: fenArb(5000),
    threshold: fenArb(40000),
    productIds: productIdsArb,
    validFrom: fc.constantFrom(INSTANTS[0], INSTANTS[0], NOW, INSTANTS[2]),
    validTo: fc.constantFrom(INSTANTS[3], INSTANTS[3], INSTANTS[2], NOW, INSTANTS[0]),
    state: fc.constantFrom('available' as const, 'available' as const, 'available' as const, 'used' as const, 'void' as const),
  });
  const inputArb: fc.Arbitrary<QuoteInput> = fc
    .record({
      lines: fc.array(lineArb, { minLength: 1, maxLength: 8 }),
      campaigns: fc.array(campaignArb, { maxLength: 6 }),
      coupons: fc.array(couponArb, { maxLength: 6 }),
      couponId: fc.constantFrom<string | null>('best', null, 'h0', 'h1', 'h-unknown'),
      customer: fc.record({ openid: fc.constantFrom('o1', 'o3'), levelId: fc.option(fc.constantFrom('gold', 'silver'), { nil: null }), discountRate: rateArb, isFirstOrder: fc.boolean() }),
      points: fc.record({
        enabled: fc.boolean(),
        balance: fenArb(200000),
        use: fc.oneof(fc.constant('max' as const), fenArb(200000)),
        fenPerPoint: fc.integer({ min: 1, max: 200 }),
        maxPercent: fc.integer({ min: 0, max: 100 }),
      }),
      delivery: fc.record({ method: fc.constantFrom('express' as const, 'pickup' as const, 'local' as const), region: fc.constantFrom('', '广东', '新疆'), freight: fenArb(2000) }),
    })
    .map((r) => ({
      now: NOW,
      ...r,
      lines: r.lines.map((l, i) => ({ skuId: `s${i}`, ...l })),
      campaigns: r.campaigns.map((c, i) => ({ id: `c${i}`, name: `campaign ${i}`, ...c })),
      coupons: r.coupons.map(({ cash, rate, ...c }, i) => ({ id: `h${i}`, couponId: `k${i}`, name: `coupon ${i}`, value: c.type === 'cash' ? cash : rate, ...c })),
    }));

  const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
  const ORDER: Record<string, number> = { goods: 0, activity: 1, campaign: 2, coupon: 3, member: 4, points: 5 };

  /** Every broken invariant, in words (plain comparisons: thousands of runs stay fast). */
  function violations(input: QuoteInput, q: Quote): string[] {
    const bad: string[] = [];
    const must = (ok: boolean, what: string) => {
      if (!ok) bad.push(what);
    };
    q.lines.forEach((l, i) => {
      const parts = [l.activityOff, l.campaignOff, l.couponOff, l.memberOff, l.pointsOff, l.payable];
      must(parts.every((p) => Number.isSafeInteger(p) && p >= 0), `line ${i}: a share or payable is negative or not whole`);
      must(sum(parts) === l.listAmount, `line ${i}: shares + payable != listAmount`);
      must(l.unitPrice * l.quantity === l.listAmount - l.activityOff, `line ${i}: unitPrice × quantity != list − activity`);
      if (l.activity) must(l.campaignOff === 0 && l.couponOff === 0 && l.campaignId === null, `line ${i}: an activity line took a campaign or coupon`);
      if (l.activity?.kind === 'flash') must(l.memberOff === 0 && l.pointsOff === 0, `line ${i}: a flash line took member discount or points`);
    });
    // each kind of step took off exactly what its shares on the lines (and the freight) say
    const stepOff = (kind: string) => sum(q.steps.filter((s) => s.kind === kind).map((s) => s.off - s.freightOff));
    for (const [kind, field] of [
      ['activity', 'activityOff'],
      ['campaign', 'campaignOff'],
      ['coupon', 'couponOff'],
      ['member', 'memberOff'],
      ['points', 'pointsOff'],
    ] as const)
      must(sum(q.lines.map((l) => l[field])) === stepOff(kind), `${field} on lines != ${kind} steps' off`);
    must(sum(q.lines.map((l) => l.payable)) + q.freightPayable === q.payable, 'lines payable + freightPayable != payable');
    must(q.payable === q.goodsAmount + q.freight - q.totalOff, 'payable != goods + freight − totalOff');
    must(sum(q.steps.map((s) => s.off)) === q.totalOff, "steps' off != totalOff");
    must(sum(q.steps.map((s) => s.freightOff)) === q.freight - q.freightPayable, "steps' freightOff != freight − freightPayable");
    must(q.goodsAmount === sum(q.lines.map((l) => l.listAmount)), 'goodsAmount != Σ listAmount');
    must([q.payable, q.freightPayable, q.totalOff, ...q.steps.flatMap((s) => [s.off, s.freightOff, s.amountAfter])].every((n) => n >= 0), 'a negative amount');
    // goods first, then the stacking order, each amountAfter = the previous minus its off
    must(q.steps[0].kind === 'goods' && q.steps[0].off === 0 && q.steps[0].amountAfter === q.goodsAmount + q.freight, 'the goods step');
    q.steps.slice(1).forEach((s, i) => {
      must(s.amountAfter === q.steps[i].amountAfter - s.off, `step ${i + 1}: amountAfter is not the previous minus off`);
      must(ORDER[s.kind] >= ORDER[q.steps[i].kind], `step ${i + 1}: out of the stacking order`);
      must(s.freightOff <= s.off, `step ${i + 1}: freightOff > off`);
    });
    must(q.steps.at(-1)!.amountAfter === q.payable, 'the last amountAfter != payable');
    // coupon bookkeeping
    const couponSteps = q.steps.filter((s) => s.kind === 'coupon');
    must(couponSteps.length <= 1, 'more than one coupon');
    must((couponSteps[0]?.id ?? null) === q.coupon.chosen, 'the coupon step is not the chosen coupon');
    if (q.coupon.chosen) {
      const v = q.coupons.find((c) => c.id === q.coupon.chosen);
      must(!!v && v.applicable && v.off === couponSteps[0].off, "the chosen coupon's verdict does not match its step");
    }
    if (input.couponId === 'best') must(q.coupon.chosen === q.coupon.best, "'best' did not take the best");
    if (input.couponId === null) must(q.coupon.chosen === null, 'null took a coupon');
    if (q.coupon.best) must(q.coupons[0].id === q.coupon.best && q.coupons[0].off === Math.max(...q.coupons.map((c) => c.off)), 'best is not the largest saving');
    must(q.coupons.length === input.coupons!.length, 'a coupon has no verdict');
    must(q.coupons.every((c) => (c.applicable ? c.off > 0 && c.reason === null : c.off === 0 && c.reason !== null)), 'a verdict contradicts itself');
    // points bookkeeping
    const p = input.points!;
    must(q.points.used <= q.points.max && q.points.max <= p.balance!, 'points used > max or max > balance');
    must(q.points.off === q.points.used * p.fenPerPoint!, 'points off != used × fenPerPoint');
    must(q.points.earned === sum(q.lines.map((l) => l.pointsEarned)), 'points earned != Σ lines');
    if (!p.enabled) must(q.points.used === 0 && q.points.earned === 0, 'points used or earned while disabled');
    return bad;
  }

  it('balances: shares sum to their steps, lines + freight sum to payable, nothing negative', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(violations(input, quote(input))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic and leaves its input alone', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const copy = structuredClone(input);
        expect(quote(input)).toEqual(quote(copy));
        expect(input).toEqual(copy);
      }),
      { numRuns: 200 },
    );
  });
});
