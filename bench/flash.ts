/**
 * `npm run bench:flash`: a storm of buyers on one flash-sale SKU, over loopback through the gateway
 * (`POST /api/fn/order` action create) on the embedded database.
 *   run 1: BENCH_BUYERS (5,000) shoppers, BENCH_CONCURRENCY (300) at a time, for 100 units, limit 1 per shopper;
 *   run 2: the same shoppers for 10,000 units (everyone can win).
 * Prints orders accepted, oversell (units sold beyond the flash stock: must be 0), shoppers over the limit (must
 * be 0), orders/s, and p50/p99 of accepted and refused requests. Load generator and server share this process.
 * No assertions: figures only.
 */
import { startTestGateway } from '../local/src/testing';

const BUYERS = Number(process.env.BENCH_BUYERS ?? 5000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 300);

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n: number) => (Number.isNaN(n) ? '—' : `${n.toFixed(0)} ms`);

async function pool<T>(items: T[], c: number, fn: (t: T) => Promise<void>) {
  let i = 0;
  await Promise.all(Array.from({ length: c }, async () => {
    while (i < items.length) await fn(items[i++]);
  }));
}

async function main() {
  const gw = await startTestGateway({ listen: true });
  // the test gateway's clock stands still unless moved: keep it on real time, as in production
  gw.clock.now = new Date();
  const ticking = setInterval(() => (gw.clock.now = new Date()), 50);
  const owner = await gw.merchantToken('owner');
  await gw.db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
  const post = async (fn: string, action: string, data: unknown, token: string) => {
    const r = await fetch(`${gw.url}/api/fn/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ action, data }) });
    return (await r.json()) as { ok: boolean; data?: any; error?: { code: string } };
  };

  const t0 = performance.now();
  const tokens: string[] = new Array(BUYERS);
  await pool(Array.from({ length: BUYERS }, (_, i) => i), 32, async (i) => {
    tokens[i] = (await post('auth', 'shopperLogin', { code: `storm-${i}` }, '')).data.token;
  });
  console.log(`${BUYERS} shoppers logged in (${((performance.now() - t0) / 1000).toFixed(1)} s, not counted)`);

  for (const units of [100, 10_000]) {
    const t = gw.clock.now.getTime();
    const p = await post('productAdmin', 'create', { name: `秒杀压测${units}`, code: `STORM${units}`, specs: [], skus: [{ specValues: [], price: 9900, stock: 10 }], onShelf: true }, owner);
    const skuId = p.data.skus[0]._id as string;
    const a = await post(
      'activityAdmin',
      'create',
      { kind: 'flash', name: `压测${units}`, startsAt: new Date(t - 60_000).toISOString(), endsAt: new Date(t + 3600_000).toISOString(), limitPerShopper: 1, items: [{ skuId, price: 990, stock: units }] },
      owner,
    );
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    const accepted: number[] = [];
    let lastAccept = 0;
    const refused: number[] = [];
    const codes = new Map<string, number>();
    const order = { source: { items: [{ skuId, quantity: 1 }] }, couponId: null, usePoints: false, delivery: { method: 'pickup' }, expectedPayable: 990, remark: '' };
    const start = performance.now();
    await pool(tokens.map((tk, i) => [tk, i] as const), C, async ([tk, i]) => {
      const s = performance.now();
      const r = await post('order', 'create', { ...order, clientRequestId: `storm-${units}-${i}` }, tk);
      const d = performance.now() - s;
      if (r.ok) {
        accepted.push(d);
        lastAccept = performance.now();
      }
      else {
        refused.push(d);
        codes.set(r.error!.code, (codes.get(r.error!.code) ?? 0) + 1);
      }
    });
    const secs = (performance.now() - start) / 1000;
    const counter = (await gw.db.collection('activity_stock').doc(`${a.data._id}:${skuId}`).get()).data[0] as unknown as { left: number; sold: number };
    const { total: orders } = await gw.db.collection('orders').where({ activityIds: a.data._id }).count();
    const { data: quotas } = await gw.db.collection('activity_quota').where({ activityId: a.data._id, taken: gw.db.command.gt(1) }).limit(10).get();
    console.log(`\n${BUYERS} buyers, ${C} at a time, for ${units} units (limit 1 each)`);
    console.log(`  accepted ${accepted.length} orders (${orders} in the database), refused ${refused.length} ${JSON.stringify(Object.fromEntries(codes))}`);
    console.log(`  flash stock left ${counter.left}, sold ${counter.sold}; oversell ${Math.max(0, orders - units)}; shoppers over the limit ${quotas.length}`);
    const selling = (lastAccept - start) / 1000;
    console.log(`  ${secs.toFixed(1)} s: ${(BUYERS / secs).toFixed(0)} requests/s; ${accepted.length} orders in the first ${selling.toFixed(1)} s (${(accepted.length / selling).toFixed(1)} orders/s while stock lasted)`);
    console.log(`  accept p50 ${ms(pct(accepted, 50))} p99 ${ms(pct(accepted, 99))}; refuse p50 ${ms(pct(refused, 50))} p99 ${ms(pct(refused, 99))}`);
  }
  clearInterval(ticking);
  await gw.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
