import { limitedItemProblem, limitedPrice } from '@shop/types';
import { activityStatus, currentPeriod, findActivityConflict, planFlash, planLimited, planPresale, presaleShipFrom } from './rules';

describe('limitedPrice: the mode, half up to the fen, then the rounding (never below 1.00 yuan)', () => {
  test.each([
    // sale, mode, value, rounding, price
    [10000, 'discount', 700, 'none', 7000],
    [9990, 'discount', 750, 'none', 7493], // 74.925 → 74.93
    [1, 'discount', 500, 'none', 1], // 0.005 → 0.01
    [1, 'discount', 400, 'none', 0], // 0.004 → 0.00
    [9990, 'discount', 750, 'jiao', 7490],
    [9990, 'discount', 750, 'yuan', 7400],
    [10000, 'reduction', 3000, 'none', 7000],
    [20000, 'reduction', 3000, 'none', 17000],
    [10000, 'reduction', 10000, 'yuan', 0],
    [10000, 'fixed', 99, 'yuan', 99], // below 1.00: rounding does nothing
    [10000, 'fixed', 199, 'yuan', 100],
    [10000, 'fixed', 105, 'jiao', 100],
  ] as const)('%i fen, %s %i, %s → %i', (sale, mode, value, rounding, want) => {
    expect(limitedPrice(sale, { mode, value }, rounding)).toBe(want);
  });
  test.each([
    [1000, 'discount', 100, false],
    [1000, 'discount', 101, true],
    [1000, 'discount', 1000, true],
    [1000, 'discount', 1001, false],
    [1000, 'reduction', 0, false],
    [1000, 'reduction', 1000, true],
    [1000, 'reduction', 1001, false],
    [1000, 'fixed', 1000, true],
    [1000, 'fixed', 1001, false],
  ] as const)('%i fen, %s %i allowed: %s', (sale, mode, value, ok) => {
    expect(limitedItemProblem(sale, { mode, value }) === null).toBe(ok);
  });
});

describe('status and periods', () => {
  const w = { startsAt: '2026-11-23T02:00:00.000Z', endsAt: '2026-11-30T02:00:00.000Z' }; // Mon 10:00 – next Mon 10:00 Beijing
  test.each([
    ['2026-11-23T01:59:59.000Z', null, 'upcoming'],
    ['2026-11-23T02:00:00.000Z', null, 'running'],
    ['2026-11-30T02:00:00.000Z', null, 'ended'],
    ['2026-11-24T00:00:00.000Z', '2026-11-23T12:00:00.000Z', 'ended'],
  ])('at %s (ended early %s): %s', (now, endedAt, want) => {
    expect(activityStatus({ ...w, endedAt }, new Date(now))).toBe(want);
  });
  test.each([
    // repeat, now, [start, end, active] or null
    [{ kind: 'daily', from: '12:00', to: '14:00' }, '2026-11-23T03:00:00.000Z', ['2026-11-23T04:00:00.000Z', '2026-11-23T06:00:00.000Z', false]],
    [{ kind: 'daily', from: '12:00', to: '14:00' }, '2026-11-23T05:00:00.000Z', ['2026-11-23T04:00:00.000Z', '2026-11-23T06:00:00.000Z', true]],
    [{ kind: 'daily', from: '08:00', to: '11:00' }, '2026-11-23T01:00:00.000Z', ['2026-11-23T02:00:00.000Z', '2026-11-23T03:00:00.000Z', false]], // clipped to the start
    [{ kind: 'weekly', days: [3, 5], from: '20:00', to: '22:00' }, '2026-11-23T05:00:00.000Z', ['2026-11-25T12:00:00.000Z', '2026-11-25T14:00:00.000Z', false]], // Wednesday
    [{ kind: 'daily', from: '23:00', to: '01:00' }, '2026-11-24T16:30:00.000Z', ['2026-11-24T15:00:00.000Z', '2026-11-24T17:00:00.000Z', true]], // past midnight
    [{ kind: 'monthly', days: [31], from: '10:00', to: '12:00' }, '2026-11-23T05:00:00.000Z', null], // no 31st inside the window
    [{ kind: 'none' }, '2026-11-23T05:00:00.000Z', ['2026-11-23T02:00:00.000Z', '2026-11-30T02:00:00.000Z', true]],
  ] as const)('%j at %s', (repeat, now, want) => {
    const p = currentPeriod({ ...w, repeat: repeat as never }, new Date(now));
    expect(p && [p.start, p.end, p.active]).toEqual(want);
  });
});

describe('overlaps', () => {
  const a = (id: string, kind: 'flash' | 'limited' | 'presale', startsAt: string, endsAt: string, items: { skuId: string | null; productId: string }[], endedAt: string | null = null) => ({ _id: id, kind, startsAt, endsAt, endedAt, items });
  const others = [a('f1', 'flash', '2026-12-01', '2026-12-05', [{ skuId: 's1', productId: 'p1' }]), a('e1', 'flash', '2026-12-01', '2026-12-05', [{ skuId: 's9', productId: 'p9' }], '2026-11-20')];
  test.each([
    ['same SKU, overlapping', a('x', 'limited', '2026-12-04', '2026-12-10', [{ skuId: 's1', productId: 'p1' }]), 'f1'],
    ['same SKU, touching windows', a('x', 'limited', '2026-12-05', '2026-12-10', [{ skuId: 's1', productId: 'p1' }]), null],
    ['other SKU of the product', a('x', 'flash', '2026-12-02', '2026-12-03', [{ skuId: 's2', productId: 'p1' }]), null],
    ['a presale of the product', a('x', 'presale', '2026-12-02', '2026-12-03', [{ skuId: null, productId: 'p1' }]), 'f1'],
    ['an activity ended early', a('x', 'flash', '2026-12-02', '2026-12-03', [{ skuId: 's9', productId: 'p9' }]), null],
  ] as const)('%s', (_n, cand, want) => {
    expect(findActivityConflict(cand, others)?.other._id ?? null).toBe(want);
  });
});

describe('what a line gets', () => {
  const flash = { id: 'f', kind: 'flash' as const, name: '秒杀', price: 100, limitPerShopper: 2 };
  test.each([
    // quantity, left, taken → ok / code
    [1, 10, 0, 'ok'],
    [2, 10, 0, 'ok'],
    [2, 10, 1, 'ACTIVITY_LIMIT_REACHED'],
    [2, 1, 0, 'OUT_OF_STOCK'],
    [1, 0, 0, 'OUT_OF_STOCK'],
  ])('flash: %i wanted, %i left, %i taken → %s', (quantity, left, taken, want) => {
    const p = planFlash(flash, { quantity, salePrice: 500, left, taken });
    expect(p.ok ? 'ok' : p.code).toBe(want);
  });
  const lim = (mode: 'none' | 'all_or_none' | 'first_n' | 'block') => ({ id: 'l', kind: 'limited' as const, name: '限时', price: 80, limit: mode === 'none' ? { mode } : { mode, quantity: 2 } });
  test.each([
    // mode, quantity, left, taken → units discounted (or refusal), quota taken
    ['none', 3, 10, 0, 3, 0],
    ['none', 3, 2, 0, 2, 0],
    ['all_or_none', 2, 10, 0, 2, 2],
    ['all_or_none', 3, 10, 0, 0, 0],
    ['all_or_none', 1, 10, 2, 0, 0],
    ['first_n', 3, 10, 0, 2, 2],
    ['first_n', 3, 10, 1, 1, 1],
    ['first_n', 3, 10, 2, 0, 0],
    ['first_n', 3, 1, 0, 1, 1],
    ['block', 2, 10, 0, 2, 2],
    ['block', 3, 10, 0, 'ACTIVITY_LIMIT_REACHED', 0],
    ['block', 1, 10, 2, 'ACTIVITY_LIMIT_REACHED', 0],
  ] as const)('limited %s: %i wanted, %i left, %i taken → %s units, quota %i', (mode, quantity, left, taken, units, quota) => {
    const p = planLimited(lim(mode), { quantity, salePrice: 100, left, taken });
    if (!p.ok) return expect(p.code).toBe(units);
    expect([p.units, p.quota]).toEqual([units, quota]);
    expect(p.activity?.units ?? 0).toBe(units);
  });
  test('presale: oversell takes below zero unconditionally; without it the virtual stock is a limit', () => {
    const pre = { id: 'p', kind: 'presale' as const, name: '预售', price: null };
    expect(planPresale({ ...pre, oversell: true }, { quantity: 5, salePrice: 100, left: null, taken: 0 })).toMatchObject({ ok: true, stock: 5, stockConditional: false });
    expect(planPresale({ ...pre, oversell: false }, { quantity: 5, salePrice: 100, left: 4, taken: 0 })).toMatchObject({ ok: false, code: 'OUT_OF_STOCK' });
  });
  test('presale ship dates', () => {
    expect(presaleShipFrom({ mode: 'date', date: '2026-12-20' }, null)).toBe('2026-12-19T16:00:00.000Z');
    expect(presaleShipFrom({ mode: 'afterPayment', days: 3 }, null)).toBeNull();
    expect(presaleShipFrom({ mode: 'afterPayment', days: 3 }, '2026-11-23T08:00:00.000Z')).toBe('2026-11-26T08:00:00.000Z');
  });
});
