/**
 * `npm run bench:db`: the document engine's single operations, one at a time, on every local engine in one run:
 * PGlite in memory, PGlite on disk (a temp dir) and a PostgreSQL server (DATABASE_URL, else a throwaway cluster
 * from /usr/lib/postgresql/<v>/bin; skipped with the reason printed when neither is there).
 *
 * Operations: `doc().get()`; the conditional update a flash sale makes
 * (`where({_id, stock: _.gte(1)}).update({stock: _.inc(-1)})`); `add()`; a transaction of 3 writes (two updates
 * and an add). Prints ops/s, p50 and p99 per engine and operation, and writes them to artifacts/bench/db-*.json.
 * BENCH_SECONDS (default 2) is the time per operation and engine.
 */
import { pgliteDisk, pgliteMemory, pgServer, stopSharedCluster, type AdapterCase } from '../local/src/db/testkit';
import { percentile, writeBenchReport, type BenchRow } from './report';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const DOCS = 1000;
const COLL = 'bench_items';

// the contract tests' adapter cases: PGlite in memory, on disk (a temp dir), a PostgreSQL server (TEST_DATABASE_URL,
// here DATABASE_URL, else a throwaway cluster)
if (process.env.DATABASE_URL) process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL;
const engines: [string, AdapterCase][] = [
  ['pglite-memory', pgliteMemory],
  ['pglite-disk', pgliteDisk],
  ['pg', pgServer],
];

/** Runs `op` one call at a time for SECONDS (after a short warm-up); returns ops/s and latencies in ms. */
async function measure(op: (i: number) => Promise<unknown>): Promise<{ opsPerSec: number; p50: number; p99: number; n: number }> {
  for (let i = 0; i < 50; i++) await op(i);
  const lat: number[] = [];
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  let i = 50;
  for (let now = t0; now < end; ) {
    const s = performance.now();
    await op(i++);
    now = performance.now();
    lat.push(now - s);
  }
  const total = (performance.now() - t0) / 1000;
  return { opsPerSec: lat.length / total, p50: percentile(lat, 50), p99: percentile(lat, 99), n: lat.length };
}

async function benchEngine(name: string, c: AdapterCase, rows: BenchRow[]): Promise<void> {
  if (c.skip) throw new Error(c.skip);
  const { admin, teardown } = await c.setup();
  const e = { name };
  try {
    await admin.ensureCollection(COLL, [{ name: 'sku', keys: { sku: 1 } }]);
    const { db } = admin;
    const col = db.collection(COLL);
    const _ = db.command;
    const doc = (i: number) => ({ _id: `d${i}`, sku: `S${i}`, name: `商品 ${i}`, stock: 1e9, price: 1000 + i, tags: ['a', `t${i % 10}`], spec: { color: 'red', size: i % 5 } });
    for (let i = 0; i < DOCS; i += 500) await col.add(Array.from({ length: 500 }, (_x, k) => doc(i + k)));
    const id = (i: number) => `d${(i * 7919) % DOCS}`;
    let added = 0;
    const ops: [string, (i: number) => Promise<unknown>][] = [
      ['get', (i) => col.doc(id(i)).get()],
      ['conditional update', (i) => col.where({ _id: id(i), stock: _.gte(1) }).update({ stock: _.inc(-1) })],
      ['add', () => col.add({ sku: `N${++added}`, name: 'new', stock: 5, price: 100, tags: ['n'] })],
      [
        '3-write transaction',
        (i) =>
          db.runTransaction(async (t) => {
            const c = t.collection(COLL);
            await c.doc(id(i)).update({ stock: _.inc(-1) });
            await c.doc(id(i + 1)).update({ stock: _.inc(-1) });
            await c.add({ sku: `T${++added}`, name: 'tx', stock: 1, price: 1 });
          }),
      ],
    ];
    // the same conditional update on a collection without the whole-document index (documentIndex: false, as
    // the collections read only by _id have): what that index costs a write
    await admin.ensureCollection(`${COLL}_nodoc`, [{ name: 'sku', keys: { sku: 1 } }], { documentIndex: false });
    const bare = db.collection(`${COLL}_nodoc`);
    for (let i = 0; i < DOCS; i += 500) await bare.add(Array.from({ length: 500 }, (_x, k) => doc(i + k)));
    ops.push(['cond. update, no doc index', (i) => bare.where({ _id: id(i), stock: _.gte(1) }).update({ stock: _.inc(-1) })]);
    for (const [name, op] of ops) {
      const r = await measure(op);
      console.log(`  ${e.name.padEnd(14)} ${name.padEnd(27)} ${r.opsPerSec.toFixed(0).padStart(6)} ops/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   (${r.n} calls)`);
      const target = e.name === 'pglite-memory' && name === 'conditional update' ? { op: '<=' as const, value: 1 } : undefined;
      rows.push({ scenario: `db ${e.name} ${name}: ops/s`, value: Math.round(r.opsPerSec), unit: 'ops/s' });
      rows.push({ scenario: `db ${e.name} ${name} p50`, value: Number(r.p50.toFixed(3)), unit: 'ms', ...(target ? { target } : {}) });
      rows.push({ scenario: `db ${e.name} ${name} p99`, value: Number(r.p99.toFixed(3)), unit: 'ms' });
    }
  } finally {
    await teardown();
  }
}

async function main() {
  const only = process.env.BENCH_ENGINES?.split(',');
  const rows: BenchRow[] = [];
  console.log(`bench:db: one call at a time, ${SECONDS} s per operation, ${DOCS} documents in one collection`);
  for (const [name, c] of engines) {
    if (only && !only.includes(name)) continue;
    try {
      await benchEngine(name, c, rows);
    } catch (err) {
      console.log(`  ${name.padEnd(14)} skipped: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  await stopSharedCluster();
  writeBenchReport('db', rows);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
