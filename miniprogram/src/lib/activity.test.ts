import type { ActivitySkuView, ProductActivity } from '@shop/types';
import {
  activityMaxQuantity,
  beijingDate,
  beijingShort,
  buyBlock,
  countdownLine,
  countdownText,
  limitText,
  presaleShipLine,
  shipText,
  upcomingText,
} from './activity';

const sku = (over: Partial<ActivitySkuView> = {}): ActivitySkuView => ({ skuId: 's1', price: 990, left: 5, limit: 1, taken: 0, ...over });
const act = (over: Partial<ProductActivity> = {}): ProductActivity => ({
  id: 'a1',
  kind: 'flash',
  name: '双十二秒杀',
  tag: '秒杀',
  status: 'running',
  startsAt: '2026-12-01T02:00:00.000Z',
  endsAt: '2026-12-01T04:00:00.000Z',
  periodStart: '2026-12-01T02:00:00.000Z',
  periodEnd: '2026-12-01T04:00:00.000Z',
  priceMin: 990,
  soldOut: false,
  description: '',
  limitMode: 'flash',
  skus: [sku()],
  ship: null,
  share: { title: '', image: null },
  reminded: false,
  ...over,
});

test('times are Beijing time', () => {
  expect(beijingShort('2026-12-01T02:00:00.000Z')).toBe('12-01 10:00');
  expect(beijingDate('2026-11-30T16:30:00.000Z')).toBe('2026-12-01');
  expect(upcomingText(act())).toBe('秒杀 12-01 10:00 开始');
});

test.each([
  [0, '00:00:00'],
  [-5000, '00:00:00'],
  [61_000, '00:01:01'],
  [3 * 3600e3 + 4 * 60e3 + 5e3, '03:04:05'],
  [2 * 86400e3 + 3600e3, '2天 01:00:00'],
])('countdown %d ms -> %s', (ms, text) => expect(countdownText(ms)).toBe(text));

test('counts down to the start while upcoming, to the end while running', () => {
  const start = Date.parse('2026-12-01T02:00:00.000Z');
  expect(countdownLine(act({ status: 'upcoming' }), start - 90_000)).toBe('距开始 00:01:30');
  expect(countdownLine(act(), start + 3600e3)).toBe('距结束 01:00:00');
});

test.each([
  ['upcoming flash', act({ status: 'upcoming' }), sku(), 'upcoming'],
  ['flash sold out', act({ soldOut: true }), sku({ left: 0 }), 'soldOut'],
  ['flash SKU sold out', act(), sku({ left: 0 }), 'soldOut'],
  ['flash limit reached', act(), sku({ taken: 1 }), 'limit'],
  ['flash fine', act(), sku(), null],
  ['flash without limit', act(), sku({ limit: 0, taken: 7 }), null],
  ['limited block at limit', act({ kind: 'limited', limitMode: 'block' }), sku({ limit: 2, taken: 2 }), 'limit'],
  ['limited first_n at limit', act({ kind: 'limited', limitMode: 'first_n' }), sku({ limit: 2, taken: 2 }), null],
  ['limited upcoming', act({ kind: 'limited', status: 'upcoming', limitMode: 'block' }), sku(), null],
  ['presale', act({ kind: 'presale', priceMin: null }), sku({ left: 0, limit: 0 }), null],
] as const)('%s', (_, a, v, block) => expect(buyBlock(a, v)).toBe(block));

test('the quantity cap is the smaller of what is left and what the limit allows', () => {
  expect(activityMaxQuantity(act(), sku({ left: 5, limit: 3, taken: 1 }))).toBe(2);
  expect(activityMaxQuantity(act(), sku({ left: 1, limit: 3, taken: 0 }))).toBe(1);
  expect(activityMaxQuantity(act({ kind: 'limited', limitMode: 'first_n' }), sku({ left: 1, limit: 3 }))).toBeNull();
  expect(activityMaxQuantity(act({ status: 'upcoming' }), sku())).toBeNull();
});

test('limit and ship texts', () => {
  expect(limitText(sku({ limit: 2 }))).toBe('每人限购2件');
  expect(limitText(sku({ limit: 2, taken: 1 }))).toBe('每人限购2件，已购1件');
  expect(limitText(sku({ limit: 0 }))).toBeNull();
  expect(shipText({ mode: 'afterPayment', days: 7 })).toBe('付款后7天内发货');
  expect(shipText({ mode: 'date', date: '2026-12-20' })).toBe('2026-12-20 开始发货');
  expect(presaleShipLine({ ship: { mode: 'afterPayment', days: 7 }, shipFrom: null })).toBe('付款后7天内发货');
  expect(presaleShipLine({ ship: { mode: 'afterPayment', days: 7 }, shipFrom: '2026-12-07T16:10:00.000Z' })).toBe('付款后7天内发货（2026-12-08 起发货）');
  expect(presaleShipLine({ ship: { mode: 'date', date: '2026-12-20' }, shipFrom: '2026-12-19T16:00:00.000Z' })).toBe('2026-12-20 开始发货');
});
