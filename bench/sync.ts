/**
 * `npm run bench:sync`: orders from payment to the sales outbound document in the (simulated) Jingdou Cloud.
 * The shop is bound to the simulator's demo account set, with the ERP's rate limit as it is (500 calls a minute per
 * account set; the client paces itself at 450). BENCH_ORDERS (1,000) unpaid orders are made first (not timed), then
 * paid at BENCH_PAY_RATE (20) per second; each payment queues its outbox item and kicks the worker, as in production.
 * Printed: time from payment to the document's create_time in the ERP (p50 / p95 / p99), orders per second pushed,
 * ERP calls made, and a check that every order arrived exactly once. Run 2 does the same with 10 % of the calls
 * failing (half before reaching the ERP, half after it applied them: answers lost), so retries, backoff and the
 * look-up-before-resend are measured too. No assertions: figures only; they are also written to
 * artifacts/bench/sync-<engine>.json for `npm run bench`'s table.
 */
import { createOrder } from '@shop/functions/shared/domain/orders/create';
import { payOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { bind, saveCredentials } from '@shop/functions/shared/domain/sync/binding';
import { pullMaterials, pullStock } from '@shop/functions/shared/domain/sync/inbound';
import { setSyncKicker, singleFlight } from '@shop/functions/shared/domain/sync/kick';
import { DEFAULTS } from '@shop/functions/shared/domain/sync/mapping';
import { runSync } from '@shop/functions/shared/domain/sync/run';
import { clientFor } from '@shop/functions/shared/domain/sync/binding';
import type { Sku } from '@shop/types';
import { DEMO_ACCOUNTS, DEMO_JDY_CLIENT, DEMO_OUTER_INSTANCE_ID, demoJdyOptions } from '../local/src/jdy-sim/demo';
import { createJdySimulator } from '../local/src/jdy-sim/sim';
import { startTestGateway } from '../local/src/testing';
import { type BenchRow, writeBenchReport } from './report';

const N = Number(process.env.BENCH_ORDERS ?? 1000);
const PAY_RATE = Number(process.env.BENCH_PAY_RATE ?? 20);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const gw = await startTestGateway();
  const ticking = setInterval(() => (gw.clock.now = new Date()), 20);
  gw.clock.now = new Date();
  const now = () => new Date();
  await gw.db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
  const sim = createJdySimulator(demoJdyOptions({ config: { tokenCallsPerMinute: 0 } }));
  const url = await sim.listen();
  await saveCredentials(gw.db, { baseUrl: url, clientId: DEMO_JDY_CLIENT.clientId, clientSecret: DEMO_JDY_CLIENT.clientSecret, outerInstanceId: DEMO_OUTER_INSTANCE_ID }, now());
  await bind(gw.db, DEMO_ACCOUNTS[0].accountId, now());
  const setup = await clientFor(gw.db);
  await pullMaterials(gw.db, setup, now());
  await pullStock(gw.db, setup, DEFAULTS);
  const { data: ps } = await gw.db.collection('products').where({ code: 'DG006' }).limit(1).get();
  await gw.db.collection('products').doc(ps[0]._id).update({ onShelf: true });
  const { data: skus } = await gw.db.collection('skus').where({ productId: ps[0]._id }).limit(1).get();
  const sku = skus[0] as unknown as Sku;
  await gw.db.collection('skus').doc(sku._id).update({ stock: 1_000_000 });

  // a flaky network in front of the ERP: some calls never arrive, some arrive and their answer is lost (one function
  // for both runs: the sync keeps one client per binding, as a function instance does)
  let failing = 0;
  let calls = 0;
  let failed = 0;
  const flaky: typeof fetch = async (input, init) => {
    calls++;
    const r = Math.random();
    if (r < failing / 2) {
      failed++;
      throw new TypeError('fetch failed (bench: dropped before the ERP)');
    }
    const res = await fetch(input, init);
    if (r < failing) {
      failed++;
      throw new TypeError('fetch failed (bench: answer lost)');
    }
    return res;
  };
  const rows: BenchRow[] = [];
  for (const rate of [0, 0.1]) {
    failing = rate;
    calls = 0;
    failed = 0;
    setSyncKicker(singleFlight(() => runSync(gw.db, now, { inbound: false, client: { fetch: flaky } })));

    const made = [];
    for (let i = 0; i < N; i++) {
      made.push(
        await createOrder(
          gw.db,
          `bench-${rate}-${i % 50}`,
          { source: { items: [{ skuId: sku._id, quantity: 1 }] }, couponId: null, usePoints: false, delivery: { method: 'pickup' }, clientRequestId: `bench-sync-${rate}-${i}`, expectedPayable: sku.price, remark: '' },
          now(),
        ),
      );
    }
    const paidAt = new Map<string, number>();
    const t0 = Date.now();
    for (const [i, o] of made.entries()) {
      const due = t0 + (i * 1000) / PAY_RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const at = new Date();
      await payOrder(gw.db, o._id, { transactionId: `tx-${o._id}`, amount: o.amounts.payable, outTradeNo: o._id }, at);
      paidAt.set(o._id, at.getTime());
    }
    // until every order is in the ERP (the timer's part is played by this loop's kicks every 5 s)
    const wanted = new Set(made.map((o) => o._id));
    let docs: { bill_no: string; create_time?: string }[] = [];
    for (;;) {
      const res = await fetch(`${url}/_sim/documents?kind=out`);
      docs = ((await res.json()) as { bill_no: string; create_time?: string }[]).filter((d) => wanted.has(d.bill_no));
      if (new Set(docs.map((d) => d.bill_no)).size === wanted.size) break;
      if (Date.now() - t0 > 30 * 60_000) break;
      runSync(gw.db, now, { inbound: false, client: { fetch: flaky } }).catch(() => undefined);
      await sleep(5000);
    }
    const lat = docs.map((d) => Number(d.create_time) - paidAt.get(d.bill_no)!);
    const lastDoc = Math.max(...docs.map((d) => Number(d.create_time)));
    const per = new Map<string, number>();
    for (const d of docs) per.set(d.bill_no, (per.get(d.bill_no) ?? 0) + 1);
    console.log(`\n${N} orders paid at ${PAY_RATE}/s, ${rate * 100}% of ERP calls failing (rate limit 500/min, client paced at 450/min)`);
    console.log(`  in the ERP: ${per.size}/${N} orders, ${[...per.values()].filter((n) => n > 1).length} with more than one document`);
    console.log(`  payment → document: p50 ${secs(pct(lat, 50))}, p95 ${secs(pct(lat, 95))}, p99 ${secs(pct(lat, 99))}, max ${secs(Math.max(...lat))}`);
    console.log(`  pushed ${(N / ((lastDoc - t0) / 1000)).toFixed(2)} orders/s over ${secs(lastDoc - t0)}; ${calls} ERP calls (${failed} failed on purpose), ${(calls / ((lastDoc - t0) / 60000)).toFixed(0)} calls/min`);
    const run = `sync, ${rate * 100}% of ERP calls failing`;
    rows.push(
      { scenario: `${run}: orders in the ERP`, value: per.size, unit: 'orders', target: { op: '>=', value: N } },
      { scenario: `${run}: orders with more than one document`, value: [...per.values()].filter((n) => n > 1).length, unit: 'orders', target: { op: '<=', value: 0 } },
      { scenario: `${run}: payment → document p99`, value: pct(lat, 99) / 1000, unit: 's' },
      { scenario: `${run}: orders/s pushed`, value: N / ((lastDoc - t0) / 1000), unit: 'orders/s' },
    );
  }
  writeBenchReport('sync', rows);
  setSyncKicker(null);
  clearInterval(ticking);
  await sim.close();
  await gw.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
