/**
 * `npm run bench:catalog`: catalog list and search through the gateway on the embedded database,
 * with 1,000 and 10,000 products. The server runs in a child process; autocannon loads it from this one.
 * Prints requests/s, p50/p99 latency per scenario and the 10k/1k ratios, and writes the keyword search at 10,000
 * products (req/s, target ≥ 200; p99, target < 100 ms) to artifacts/bench/catalog-*.json. No assertions: figures only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { writeBenchReport, type BenchRow } from './report';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

const scenarios: Record<string, unknown> = {
  'list: default sort, page 1': { action: 'list', data: {} },
  'list: page 20 by price': { action: 'list', data: { sort: 'price_asc', page: 20 } },
  'list: category + price range': { action: 'list', data: { categoryId: 'c3', minPrice: 5000, maxPrice: 30000, sort: 'sales' } },
  'search: keyword': { action: 'list', data: { keyword: '耳机' } },
  'search: keyword, no hits': { action: 'list', data: { keyword: 'zzzz-none' } },
};

function startServer(n: number): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, '../node_modules/tsx/dist/cli.mjs'), join(__dirname, 'catalog-server.ts'), String(n)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /READY (\S+)/.exec(buf);
      if (m) resolve({ url: m[1], child });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function run(url: string, body: unknown, duration = DURATION) {
  const r = await autocannon({
    url: `${url}/api/fn/catalog`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration,
  });
  if (r.non2xx) throw new Error(`${r.non2xx} non-2xx answers`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

/** The database operations one request of the scenario costs on the warm server (the gateway's x-db-ops header). */
async function opsOf(url: string, body: unknown): Promise<string> {
  const r = await fetch(`${url}/api/fn/catalog`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await r.arrayBuffer();
  return r.headers.get('x-db-ops')?.split(';')[0] ?? '?';
}

async function main() {
  const results: Record<string, Record<number, { rps: number; p50: number; p99: number }>> = {};
  for (const n of SIZES) {
    const t0 = Date.now();
    const { url, child } = await startServer(n);
    console.log(`\n${n} products (loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s), ${CONNECTIONS} connections, ${DURATION} s each`);
    for (const [name, body] of Object.entries(scenarios)) {
      await run(url, body, 2); // warm-up
      const r = await run(url, body);
      (results[name] ??= {})[n] = r;
      const ops = await opsOf(url, body);
      console.log(`  ${name.padEnd(32)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   ${ops} db ops/request`);
    }
    child.kill();
  }
  const rows: BenchRow[] = [];
  for (const [name, r] of Object.entries(results)) {
    for (const [n, f] of Object.entries(r)) {
      const search = name === 'search: keyword' && Number(n) === 10_000;
      const label = search ? 'search at 10k products' : `catalog ${name} at ${Number(n) / 1000}k products`;
      rows.push({ scenario: `${label}: req/s`, value: Math.round(f.rps), unit: 'req/s', ...(search ? { target: { op: '>=' as const, value: 200 } } : {}) });
      rows.push({ scenario: `${label} p99`, value: f.p99, unit: 'ms', ...(search ? { target: { op: '<' as const, value: 100 } } : {}) });
    }
  }
  writeBenchReport('catalog', rows);
  if (SIZES.length === 2) {
    const [a, b] = SIZES;
    console.log(`\nratio ${b}/${a} (throughput; p99 latency)`);
    for (const [name, r] of Object.entries(results)) {
      console.log(`  ${name.padEnd(32)} ${(r[b].rps / r[a].rps).toFixed(2)}x   ${(r[b].p99 / Math.max(1, r[a].p99)).toFixed(2)}x`);
    }
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
