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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseAdmin } from '../cloudfunctions/shared/db/types';
import { createPgDatabase, createPgliteDatabase, startPgCluster, type PgCluster } from '../local/src/db';
import { percentile, writeBenchReport, type BenchRow } from './report';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const DOCS = 1000;
const COLL = 'bench_items';

interface Engine {
  name: string;
  open(): Promise<{ admin: DatabaseAdmin; done(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'pglite-memory',
    async open() {
      const admin = await createPgliteDatabase({});
      return { admin, done: () => admin.close() };
    },
  },
  {
    name: 'pglite-disk',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'bench-db-'));
      const admin = await createPgliteDatabase({ dataDir: dir });
      return {
        admin,
        async done() {
          await admin.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'pg',
    async open() {
      let cluster: PgCluster | undefined;
      const url = process.env.DATABASE_URL ?? (cluster = await startPgCluster()).connectionString;
      const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
      const admin = await createPgDatabase({ connectionString: url, schema });
      return {
        admin,
        async done() {
          await admin.close();
          if (cluster) await cluster.stop();
          else {
            const { Client } = await import('pg');
            const c = new Client({ connectionString: url });
            await c.connect();
            await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
            await c.end();
          }
        },
      };
    },
  },
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

async function benchEngine(e: Engine, rows: BenchRow[]): Promise<void> {
  const { admin, done } = await e.open();
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
    for (const [name, op] of ops) {
      const r = await measure(op);
      console.log(`  ${e.name.padEnd(14)} ${name.padEnd(20)} ${r.opsPerSec.toFixed(0).padStart(6)} ops/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   (${r.n} calls)`);
      const target = e.name === 'pglite-memory' && name === 'conditional update' ? { op: '<=' as const, value: 1 } : undefined;
      rows.push({ scenario: `db ${e.name} ${name}: ops/s`, value: Math.round(r.opsPerSec), unit: 'ops/s' });
      rows.push({ scenario: `db ${e.name} ${name} p50`, value: Number(r.p50.toFixed(3)), unit: 'ms', ...(target ? { target } : {}) });
      rows.push({ scenario: `db ${e.name} ${name} p99`, value: Number(r.p99.toFixed(3)), unit: 'ms' });
    }
  } finally {
    await done();
  }
}

async function main() {
  const only = process.env.BENCH_ENGINES?.split(',');
  const rows: BenchRow[] = [];
  console.log(`bench:db: one call at a time, ${SECONDS} s per operation, ${DOCS} documents in one collection`);
  for (const e of engines) {
    if (only && !only.includes(e.name)) continue;
    try {
      await benchEngine(e, rows);
    } catch (err) {
      console.log(`  ${e.name.padEnd(14)} skipped: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  writeBenchReport('db', rows);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
