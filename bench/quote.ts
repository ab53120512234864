/**
 * `npm run -s bench:quote`: the price engine in process, no I/O, on the case: a 20-line cart, 10 campaigns and
 * 20 held coupons (every coupon gets a verdict). Measures the path the cart and the checkout take (`quoteTrusted`:
 * the input is built from validated parts, no parsing; target ≥ 20,000 quotes/s) and the edge (`quote`: parses the
 * input first), prints quotes/s and p50/p99 in microseconds, and writes artifacts/bench/quote-<engine>.json for
 * `npm run bench`. BENCH_SECONDS (default 3) sets the measuring time per path.
 */
import type { QuoteInput } from '@shop/types';
import { quote, quoteTrusted } from '../cloudfunctions/shared/domain/pricing/engine';
import { percentile, writeBenchReport } from './report';

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
  /** quotes per second of this process's CPU time: what one unshared core would give (the machine is shared) */
  perCpuSecond: number;
  p50: number;
  p99: number;
}

function measure(price: (input: QuoteInput) => unknown, input: QuoteInput): Result {
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) price(input);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + SECONDS * 1000;
  let t = start;
  while (t < end) {
    const t0 = t;
    price(input);
    t = performance.now();
    times.push((t - t0) * 1000);
  }
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: times.length / ((t - start) / 1000), perCpuSecond: times.length / ((cpu.user + cpu.system) / 1e6), p50: percentile(times, 50), p99: percentile(times, 99) };
}

const CASE = '20 lines, 10 campaigns, 20 coupons';
const input = cart(20, 10, 20);
const q = quoteTrusted(input);
console.log(`price engine, ${CASE}, ${SECONDS} s per path, Node ${process.version}`);
console.log(`${q.steps.length} steps, ${q.coupons.filter((c) => c.applicable).length}/${q.coupons.length} coupons applicable, payable ${(q.payable / 100).toFixed(2)}\n`);
console.log(`${'path'.padEnd(44)}${'quotes/s'.padStart(10)}${'per CPU-s'.padStart(11)}${'p50 µs'.padStart(9)}${'p99 µs'.padStart(9)}`);
const paths: [string, (i: QuoteInput) => unknown][] = [
  ['cart / checkout (trusted, no parsing)', quoteTrusted],
  ['edge (parses the input first)', quote],
];
const [trusted, edge] = paths.map(([name, price]) => {
  const r = measure(price, input);
  console.log(`${name.padEnd(44)}${r.perSecond.toFixed(0).padStart(10)}${r.perCpuSecond.toFixed(0).padStart(11)}${r.p50.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}`);
  return r;
});
writeBenchReport('quote', [
  { scenario: `quote, ${CASE}: quotes/s`, value: Math.round(trusted.perSecond), unit: 'quotes/s', target: { op: '>=', value: 20000 }, opsPerRequest: 0 },
  { scenario: 'quote: quotes per CPU-second (one unshared core)', value: Math.round(trusted.perCpuSecond), unit: 'quotes/s' },
  { scenario: 'quote: p50', value: trusted.p50, unit: 'µs' },
  { scenario: 'quote: p99', value: trusted.p99, unit: 'µs' },
  { scenario: 'quote at the edge (parsing): quotes/s', value: Math.round(edge.perSecond), unit: 'quotes/s' },
]);
