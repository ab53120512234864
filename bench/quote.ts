/**
 * `npm run -s bench:quote`: the price engine in process, no I/O.
 * (a) a 3-line cart, 2 campaigns, 5 held coupons; (b) a 50-line cart, 20 campaigns, 100 held coupons (every coupon
 * gets a verdict). Prints quotes/s and p50/p95/p99 in microseconds per scenario, and the b/a ratio. No assertions.
 * BENCH_SECONDS (default 3) sets the measuring time per scenario.
 */
import type { QuoteInput } from '@shop/types';
import { quote } from '../cloudfunctions/shared/domain/pricing/engine';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const NOW = '2025-06-01T12:00:00+08:00';
const PAST = '2025-01-01T00:00:00+08:00';
const LATER = '2026-01-01T00:00:00+08:00';

type Campaign = NonNullable<QuoteInput['campaigns']>[number];
type Coupon = NonNullable<QuoteInput['coupons']>[number];

function cart(lineCount: number, campaignCount: number, couponCount: number): QuoteInput {
  const products = Math.max(1, Math.ceil(lineCount / 2));
  const lines = Array.from({ length: lineCount }, (_, i) => ({
    skuId: `sku-${i}`,
    productId: `p-${i % products}`,
    name: `item ${i}`,
    quantity: 1 + (i % 3),
    price: 1990 + ((i * 3737) % 20000),
    pointsCoefficient: 1,
    activity: lineCount > 3 && i % 10 === 9 ? { kind: (i % 20 === 9 ? 'flash' : 'limited') as 'flash' | 'limited', id: `act-${i % 20}`, price: 990 } : null,
  }));
  const rules: Campaign['rule'][] = [
    { kind: 'reduction', mode: 'tiered', tiers: [{ threshold: 5000, value: 500 }, { threshold: 10000, value: 1500 }, { threshold: 30000, value: 5000 }] },
    { kind: 'freeShipping', threshold: 5000, excludedRegions: ['新疆', '西藏'] },
    { kind: 'discount', basis: 'amount', tiers: [{ threshold: 10000, value: 900 }, { threshold: 20000, value: 850 }] },
    { kind: 'reduction', mode: 'every', every: 10000, off: 1000, cap: 5000 },
    { kind: 'discount', basis: 'count', tiers: [{ threshold: 2, value: 950 }, { threshold: 4, value: 880 }] },
    { kind: 'giftCoupon', tiers: [{ threshold: 8000, couponId: 'gift-1', quantity: 1 }] },
  ];
  const campaigns: Campaign[] = Array.from({ length: campaignCount }, (_, i) => ({
    id: `camp-${i}`,
    name: `campaign ${i}`,
    rule: rules[i % rules.length],
    // each campaign covers its own slice of the products (the admin keeps them apart); free shipping covers all
    productIds: rules[i % rules.length].kind === 'freeShipping' ? null : Array.from({ length: products }, (_, k) => `p-${k}`).filter((_, k) => k % campaignCount === i),
    audience: i % 7 === 6 ? { kind: 'levels', levelIds: ['gold'] } : { kind: 'all' },
    startsAt: i % 9 === 8 ? LATER : PAST,
    endsAt: i % 4 === 3 ? null : LATER,
  }));
  const coupons: Coupon[] = Array.from({ length: couponCount }, (_, i) => ({
    id: `held-${i}`,
    couponId: `cpn-${i % 12}`,
    name: `coupon ${i}`,
    type: i % 3 === 0 ? 'discount' : 'cash',
    value: i % 3 === 0 ? 800 + (i % 5) * 20 : 200 + (i % 17) * 100,
    maxOff: i % 6 === 0 ? 3000 : 0,
    threshold: (i % 8) * 5000,
    productIds: i % 4 === 1 ? [`p-${i % products}`, `p-${(i + 1) % products}`] : null,
    validFrom: i % 11 === 10 ? LATER : PAST,
    validTo: i % 13 === 12 ? PAST : LATER,
    state: i % 19 === 18 ? 'used' : 'available',
  }));
  return {
    now: NOW,
    lines,
    campaigns,
    coupons,
    couponId: 'best',
    customer: { openid: 'o-1', levelId: 'gold', levelName: '金会员', discountRate: 950 },
    points: { enabled: true, balance: 5000, use: 'max', fenPerPoint: 10, maxPercent: 50 },
    delivery: { method: 'express', region: '广东', freight: 800 },
  };
}

interface Result {
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

function measure(input: QuoteInput): Result {
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) quote(input);
  const times: number[] = [];
  const start = performance.now();
  const end = start + SECONDS * 1000;
  let t = start;
  while (t < end) {
    const t0 = t;
    quote(input);
    t = performance.now();
    times.push((t - t0) * 1000);
  }
  const elapsed = (t - start) / 1000;
  times.sort((x, y) => x - y);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return { perSecond: times.length / elapsed, p50: pct(50), p95: pct(95), p99: pct(99), mean: (elapsed * 1e6) / times.length };
}

const scenarios: [string, QuoteInput][] = [
  ['(a) 3 lines, 2 campaigns, 5 coupons', cart(3, 2, 5)],
  ['(b) 50 lines, 20 campaigns, 100 coupons', cart(50, 20, 100)],
];

console.log(`price engine, ${SECONDS} s per scenario, Node ${process.version}\n`);
console.log(`${'scenario'.padEnd(42)}${'quotes/s'.padStart(10)}${'p50 µs'.padStart(9)}${'p95 µs'.padStart(9)}${'p99 µs'.padStart(9)}`);
const results = scenarios.map(([name, input]) => {
  const q = quote(input);
  const r = measure(input);
  console.log(`${name.padEnd(42)}${r.perSecond.toFixed(0).padStart(10)}${r.p50.toFixed(1).padStart(9)}${r.p95.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}`);
  console.log(`${''.padEnd(4)}${q.steps.length} steps, ${q.coupons.filter((c) => c.applicable).length}/${q.coupons.length} coupons applicable, payable ${(q.payable / 100).toFixed(2)}`);
  return r;
});
const [a, b] = results;
console.log(`\nb/a: ${(b.mean / a.mean).toFixed(1)}× the time per quote (p50 ${(b.p50 / a.p50).toFixed(1)}×, p99 ${(b.p99 / a.p99).toFixed(1)}×)`);
