/**
 * `npm run bench:flash`: a storm of buyers on one flash-sale SKU, over loopback through the gateway
 * (`POST /api/fn/order` action create), on the embedded database (PGlite in memory) or, with DATABASE_URL, on a
 * PostgreSQL server.
 *   storm: BENCH_BUYERS (5,000) shoppers, BENCH_CONCURRENCY (300) at a time, for BENCH_UNITS (100) units, limit 1;
 *   everyone wins: BENCH_WIN_ORDERS (1,000) shoppers, BENCH_WIN_CONCURRENCY (50) at a time, for more units than buyers.
 * Each run prints first whether anything was oversold or anybody bought over the limit (both must be 0), then
 * decisions/s, p50/p99 of accepted and refused requests, and the database operations per accepted and per refused
 * order (the gateway's `x-db-ops` header, counted at the database seam). Load generator and server share this process.
 *
 * `-- --procs N` (scale-out): N gateway processes on one PostgreSQL server (DATABASE_URL, else a throwaway cluster
 * started here) share the storm; buyers go round-robin over them, each process with its own caches and sold-out
 * markers. Prints the same checks first, then decisions/s per process and in total.
 *
 * No assertions: figures only; they go to `artifacts/bench/flash-<engine>.json` for `npm run bench`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { opsTotal, parseOpsHeader, type OpCount } from '@shop/functions/shared/db/counting';
import type { Database } from '@shop/functions/shared/db/types';
import { createAdmin } from '@shop/functions/shared/domain/auth/service';
import { buildGateway, OPS_HEADER } from '../local/src/gateway';
import { openDatabase } from '../local/src/stack';
import { createLocalStorage } from '../local/src/storage';
import { startTestGateway } from '../local/src/testing';
import { startPgCluster } from '../local/src/db/pg-cluster';
import { percentile, writeBenchReport, type BenchRow } from './report';

const BUYERS = Number(process.env.BENCH_BUYERS ?? 5000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 300);
const UNITS = Number(process.env.BENCH_UNITS ?? 100);
const WIN = Number(process.env.BENCH_WIN_ORDERS ?? 1000);
const WIN_C = Number(process.env.BENCH_WIN_CONCURRENCY ?? 50);
const argv = process.argv.slice(2);
const procsArg = argv.indexOf('--procs');
const PROCS = procsArg >= 0 ? Number(argv[procsArg + 1]) : 0;

const ms = (n: number) => (Number.isNaN(n) ? '—' : `${n.toFixed(0)} ms`);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const opsText = (xs: OpCount[]) => {
  if (!xs.length) return '—';
  const t = xs.map(opsTotal);
  const avg = (k: keyof OpCount) => mean(xs.map((x) => x[k])).toFixed(1);
  return `median ${percentile(t, 50)}, mean ${mean(t).toFixed(1)}, max ${Math.max(...t)} (reads ${avg('reads')}, writes ${avg('writes')}, transactions ${avg('transactions')} of ${avg('statements')} statements)`;
};

async function pool<T>(items: T[], c: number, fn: (t: T, i: number) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (i < items.length) {
        const n = i++;
        await fn(items[n], n);
      }
    }),
  );
}

interface Answer {
  ok: boolean;
  data?: any;
  error?: { code: string };
  ops: OpCount | null;
}
async function post(base: string, fn: string, action: string, data: unknown, token: string): Promise<Answer> {
  const r = await fetch(`${base}/api/fn/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ action, data }) });
  const body = (await r.json()) as Omit<Answer, 'ops'>;
  return { ...body, ops: parseOpsHeader(r.headers.get(OPS_HEADER)) };
}

/** Buyers' tokens (logged in through the gateways in turn; not timed). */
async function logIn(urls: string[], n: number, tag: string): Promise<string[]> {
  const tokens: string[] = new Array(n);
  await pool(Array.from({ length: n }, (_, i) => i), 32, async (i) => {
    const r = await post(urls[i % urls.length], 'auth', 'shopperLogin', { code: `${tag}-${i}` }, '');
    if (!r.ok) throw new Error(`login: ${JSON.stringify(r.error)}`);
    tokens[i] = r.data.token;
  });
  return tokens;
}

async function ownerToken(db: Database, url: string): Promise<string> {
  const username = 'bench-owner';
  await createAdmin(db, { _id: username, username, displayName: 'bench', password: 'pw-bench-owner', role: 'owner', storeId: null }, new Date()).catch(() => undefined);
  const r = await post(url, 'auth', 'merchantLogin', { username, password: 'pw-bench-owner' }, '');
  if (!r.ok) throw new Error(`owner login: ${JSON.stringify(r.error)}`);
  return r.data.token;
}

/** A product with one SKU in a running flash sale of `units` units, limit 1. */
async function flashSale(url: string, owner: string, units: number) {
  const tag = `${units}-${Date.now().toString(36)}`;
  const p = await post(url, 'productAdmin', 'create', { name: `秒杀压测${tag}`, code: `STORM${tag}`, specs: [], skus: [{ specValues: [], price: 9900, stock: 10 }], onShelf: true }, owner);
  if (!p.ok) throw new Error(JSON.stringify(p.error));
  const skuId = p.data.skus[0]._id as string;
  const t = Date.now();
  const a = await post(url, 'activityAdmin', 'create', { kind: 'flash', name: `压测${tag}`, startsAt: new Date(t - 60_000).toISOString(), endsAt: new Date(t + 3600_000).toISOString(), limitPerShopper: 1, items: [{ skuId, price: 990, stock: units }] }, owner);
  if (!a.ok) throw new Error(JSON.stringify(a.error));
  return { skuId, activityId: a.data._id as string };
}

interface Storm {
  units: number;
  buyers: number;
  concurrency: number;
  secs: number;
  accepted: number[];
  refused: number[];
  acceptedOps: OpCount[];
  refusedOps: OpCount[];
  codes: Map<string, number>;
  perUrl: number[];
  oversell: number;
  overLimit: number;
  orders: number;
  left: number;
  sold: number;
}

/** Sends the storm (buyer i to urls[i % n]) and checks the outcome in the database. */
async function storm(db: Database, urls: string[], owner: string, tokens: string[], units: number, concurrency: number, tag: string): Promise<Storm> {
  const { skuId, activityId } = await flashSale(urls[0], owner, units);
  const s: Storm = { units, buyers: tokens.length, concurrency, secs: 0, accepted: [], refused: [], acceptedOps: [], refusedOps: [], codes: new Map(), perUrl: urls.map(() => 0), oversell: 0, overLimit: 0, orders: 0, left: 0, sold: 0 };
  const order = { source: { items: [{ skuId, quantity: 1 }] }, couponId: null, usePoints: false, delivery: { method: 'pickup' }, expectedPayable: 990, remark: '' };
  const start = performance.now();
  await pool(tokens, concurrency, async (tk, i) => {
    const url = urls[i % urls.length];
    const t0 = performance.now();
    const r = await post(url, 'order', 'create', { ...order, clientRequestId: `storm-${tag}-${i}` }, tk);
    const d = performance.now() - t0;
    s.perUrl[i % urls.length]++;
    if (r.ok) {
      s.accepted.push(d);
      if (r.ops) s.acceptedOps.push(r.ops);
    } else {
      s.refused.push(d);
      if (r.ops) s.refusedOps.push(r.ops);
      s.codes.set(r.error!.code, (s.codes.get(r.error!.code) ?? 0) + 1);
    }
  });
  s.secs = (performance.now() - start) / 1000;
  const counter = (await db.collection('activity_stock').doc(`${activityId}:${skuId}`).get()).data[0] as unknown as { left: number; sold: number };
  s.left = counter.left;
  s.sold = counter.sold;
  s.orders = (await db.collection('orders').where({ activityIds: activityId }).count()).total;
  s.oversell = Math.max(0, s.orders - units, s.sold - units, -s.left);
  s.overLimit = (await db.collection('activity_quota').where({ activityId, taken: db.command.gt(1) }).count()).total;
  return s;
}

function print(s: Storm, title: string) {
  // the first line: nothing oversold, nobody over the limit
  console.log(`\n${s.oversell === 0 && s.overLimit === 0 ? 'OK' : 'FAILED'}: oversell ${s.oversell}, shoppers over the limit ${s.overLimit} (${title})`);
  console.log(`  ${s.buyers} buyers, ${s.concurrency} at a time, for ${s.units} units (limit 1 each)`);
  console.log(`  accepted ${s.accepted.length} orders (${s.orders} in the database), refused ${s.refused.length} ${JSON.stringify(Object.fromEntries(s.codes))}; flash stock left ${s.left}, sold ${s.sold}`);
  console.log(`  ${s.secs.toFixed(1)} s: ${(s.buyers / s.secs).toFixed(0)} decisions/s; accept p50 ${ms(percentile(s.accepted, 50))} p99 ${ms(percentile(s.accepted, 99))}; refuse p50 ${ms(percentile(s.refused, 50))} p99 ${ms(percentile(s.refused, 99))}`);
  console.log(`  database operations per accepted order ${opsText(s.acceptedOps)}`);
  console.log(`  database operations per refused order ${opsText(s.refusedOps)}`);
}

// the median: a few requests also refill the instance's caches (every 2 s) or meet a cold instance
const medianOps = (xs: OpCount[]) => percentile(xs.map(opsTotal), 50);
const stormRows = (s: Storm, prefix: string): BenchRow[] => [
  { scenario: `${prefix}: oversell + shoppers over the limit`, value: s.oversell + s.overLimit, unit: 'units', target: { op: '<=', value: 0 } },
  { scenario: `${prefix}: decisions/s`, value: Math.round(s.buyers / s.secs), unit: 'req/s', target: { op: '>=', value: 1000 }, opsPerRequest: mean([...s.acceptedOps, ...s.refusedOps].map(opsTotal)) },
  { scenario: `${prefix}: refuse p99`, value: Math.round(percentile(s.refused, 99)), unit: 'ms', target: { op: '<', value: 200 }, opsPerRequest: mean(s.refusedOps.map(opsTotal)) },
  { scenario: `${prefix}: accept p99`, value: Math.round(percentile(s.accepted, 99)), unit: 'ms', target: { op: '<', value: 1000 }, opsPerRequest: mean(s.acceptedOps.map(opsTotal)) },
  { scenario: `${prefix}: ops per accepted order (median)`, value: medianOps(s.acceptedOps), unit: 'ops', target: { op: '<=', value: 10 } },
  { scenario: `${prefix}: ops per refused order (median; the session read)`, value: medianOps(s.refusedOps), unit: 'ops', target: { op: '<=', value: 1 } },
];

/** One process: the gateway and the load generator together (PGlite in memory, or DATABASE_URL). */
async function single() {
  const url0 = process.env.DATABASE_URL;
  const gw = await startTestGateway({ listen: true, databaseUrl: url0 });
  // the test gateway's clock stands still unless moved: keep it on real time, as in production
  gw.clock.now = new Date();
  const ticking = setInterval(() => (gw.clock.now = new Date()), 50);
  await gw.db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
  const owner = await ownerToken(gw.db, gw.url);
  const t0 = performance.now();
  const run = Date.now().toString(36);
  const tokens = await logIn([gw.url], Math.max(BUYERS, WIN), `storm-${run}`);
  console.log(`${tokens.length} shoppers logged in (${((performance.now() - t0) / 1000).toFixed(1)} s, not counted)`);

  const a = await storm(gw.db, [gw.url], owner, tokens.slice(0, BUYERS), UNITS, C, `a-${run}`);
  print(a, `flash storm, ${UNITS} units`);
  const w = await storm(gw.db, [gw.url], owner, tokens.slice(0, WIN), WIN * 2, WIN_C, `w-${run}`);
  print(w, 'orders where everyone wins');
  const pg = !!url0;
  const rows: BenchRow[] = [
    ...stormRows(a, 'flash storm'),
    { scenario: 'everyone wins: oversell + over the limit', value: w.oversell + w.overLimit, unit: 'units', target: { op: '<=', value: 0 } },
    { scenario: `everyone wins: orders/s (${WIN_C} concurrent)`, value: Math.round(w.accepted.length / w.secs), unit: 'orders/s', target: { op: '>=', value: pg ? 300 : 150 }, opsPerRequest: mean(w.acceptedOps.map(opsTotal)) },
    { scenario: 'everyone wins: accept p99', value: Math.round(percentile(w.accepted, 99)), unit: 'ms', target: { op: '<', value: 500 } },
  ];
  console.log(`\nresults: ${writeBenchReport('flash', rows)}`);
  clearInterval(ticking);
  await gw.close();
}

/** `--serve`: one gateway of the scale-out run on DATABASE_URL; prints `READY <url>` and serves until stdin closes. */
async function serve() {
  const admin = await openDatabase({ dataDir: '', databaseUrl: process.env.DATABASE_URL });
  const assetsDir = mkdtempSync(join(tmpdir(), 'flash-assets-'));
  const app = await buildGateway({ db: admin.db, assetsDir, storage: createLocalStorage(assetsDir) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`READY ${url}`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await app.close();
    await admin.close();
    process.exit(0);
  });
}

function startServer(databaseUrl: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [...process.execArgv, __filename, '--serve'], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (l) => {
      if (l.startsWith('READY ')) resolve({ url: l.slice(6).trim(), proc });
    });
    proc.once('exit', (code) => reject(new Error(`gateway process exited (${code})`)));
  });
}

/** N gateway processes on one PostgreSQL server share the storm. */
async function scaleOut(n: number) {
  const cluster = process.env.DATABASE_URL ? null : await startPgCluster();
  const databaseUrl = process.env.DATABASE_URL ?? cluster!.connectionString;
  process.env.DATABASE_URL = databaseUrl; // the results file names the engine by it
  const admin = await openDatabase({ dataDir: '', databaseUrl });
  const db = admin.db;
  await db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
  const servers = await Promise.all(Array.from({ length: n }, () => startServer(databaseUrl)));
  const urls = servers.map((s) => s.url);
  try {
    const owner = await ownerToken(db, urls[0]);
    const run = Date.now().toString(36);
    const t0 = performance.now();
    const tokens = await logIn(urls, BUYERS, `scale-${run}`);
    console.log(`${n} gateway processes on one PostgreSQL server; ${tokens.length} shoppers logged in (${((performance.now() - t0) / 1000).toFixed(1)} s, not counted)`);
    const s = await storm(db, urls, owner, tokens, UNITS, C, `p${n}-${run}`);
    print(s, `${n} processes, flash storm, ${UNITS} units`);
    urls.forEach((u, i) => console.log(`  process ${i + 1} (${u}): ${s.perUrl[i]} decisions, ${(s.perUrl[i] / s.secs).toFixed(0)} decisions/s`));
    console.log(`  total: ${(s.buyers / s.secs).toFixed(0)} decisions/s`);
    const rows = stormRows(s, `flash storm, ${n} processes`);
    console.log(`\nresults: ${writeBenchReport(`flash-procs${n}`, rows)}`);
  } finally {
    for (const s of servers) s.proc.stdin!.end();
    await Promise.all(servers.map((s) => new Promise((r) => (s.proc.exitCode !== null ? r(null) : s.proc.once('exit', r)))));
    await admin.close();
    await cluster?.stop();
  }
}

const main = argv.includes('--serve') ? serve : PROCS > 0 ? () => scaleOut(PROCS) : single;
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
