/**
 * `npm run bench`: every bench, each in its own process, one after the other, then ONE table of every figure beside
 * its target (table.ts), read from the reports the benches wrote (artifacts/bench/<bench>-<engine>.json).
 *
 *   npm run bench                      on the embedded default (PGlite)
 *   npm run bench -- --pg              on a PostgreSQL server: a throwaway cluster (local/src/db/pg-cluster.ts), or
 *                                      the one DATABASE_URL names; the benches get DATABASE_URL
 *   npm run bench -- --only flash,quote
 *   npm run bench -- --quick           smaller sizes (the env vars each bench reads), a smoke run of a few minutes
 *
 * A bench's own output goes to artifacts/bench/<bench>-<engine>.log (its last lines are shown when it fails).
 * The machine's load average is printed with the table: the figures are wall-clock on a shared machine.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { BenchReport } from './report';
import { benchSummary, benchTable, type BenchRun } from './table';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'artifacts', 'bench');

/** The benches in the order they run, with the sizes `--quick` gives them (a variable already set wins). */
const BENCHES: { name: string; quick: Record<string, string> }[] = [
  { name: 'db', quick: { BENCH_SECONDS: '1' } },
  { name: 'quote', quick: { BENCH_SECONDS: '1' } },
  { name: 'catalog', quick: { BENCH_SIZES: '1000', BENCH_SECONDS: '2' } },
  { name: 'flash', quick: { BENCH_BUYERS: '300' } },
  { name: 'pay', quick: { BENCH_NOTIFICATIONS: '100', BENCH_REFUNDS: '20' } },
  { name: 'dashboard', quick: { BENCH_ORDERS: '1000', BENCH_ROUNDS: '10', BENCH_SCAN_ROUNDS: '1' } },
  { name: 'sync', quick: { BENCH_ORDERS: '30', BENCH_PAY_RATE: '30' } },
];

function parseArgs(argv: string[]) {
  const args = { pg: false, quick: false, only: null as string[] | null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pg') args.pg = true;
    else if (a === '--quick') args.quick = true;
    else if (a === '--only') args.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a.startsWith('--only=')) args.only = a.slice('--only='.length).split(',').filter(Boolean);
    else throw new Error(`npm run bench: unknown argument ${a} (use --pg, --quick, --only a,b)`);
  }
  const unknown = (args.only ?? []).filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) throw new Error(`npm run bench: no bench named ${unknown.join(', ')} (benches: ${BENCHES.map((b) => b.name).join(', ')})`);
  return args;
}

/** Runs bench/<name>.ts in its own process; resolves with its exit code (null: killed by a signal). */
function runOne(name: string, env: NodeJS.ProcessEnv, log: string): Promise<number | null> {
  return new Promise((resolve) => {
    const out = createWriteStream(log);
    // as `npm run bench:<name>` runs it
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join('bench', `${name}.ts`)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', (code) => out.end(() => resolve(code)));
  });
}

function freshReport(name: string, engine: string, since: number): BenchReport | undefined {
  const file = join(OUT, `${name}-${engine}.json`);
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
  // a report left by an earlier run is not this run's figure
  return Date.parse(report.at) >= since ? report : undefined;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const benches = BENCHES.filter((b) => !args.only || args.only.includes(b.name));
  mkdirSync(OUT, { recursive: true });

  let cluster: { connectionString: string; stop(): Promise<void> } | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (args.pg) {
    if (!env.DATABASE_URL) {
      const { startPgCluster } = await import('../local/src/db/pg-cluster');
      cluster = await startPgCluster();
      env.DATABASE_URL = cluster.connectionString;
    }
  } else delete env.DATABASE_URL;
  const engine = env.DATABASE_URL ? 'pg' : 'pglite';

  const runs: BenchRun[] = [];
  try {
    for (const b of benches) {
      const benchEnv = { ...env };
      if (args.quick) for (const [k, v] of Object.entries(b.quick)) benchEnv[k] ??= v;
      const log = join(OUT, `${b.name}-${engine}.log`);
      const started = Date.now();
      process.stdout.write(`bench:${b.name} on ${engine}${args.quick ? ' (quick)' : ''} … `);
      const exitCode = await runOne(b.name, benchEnv, log);
      const seconds = (Date.now() - started) / 1000;
      const report = freshReport(b.name, engine, started);
      console.log(`${exitCode === 0 ? 'done' : `exit ${exitCode}`} in ${seconds.toFixed(0)} s${report ? '' : ', no report'} (output: ${join('artifacts', 'bench', `${b.name}-${engine}.log`)})`);
      if (exitCode !== 0) console.log(readFileSync(log, 'utf8').trimEnd().split('\n').slice(-8).map((l) => `    ${l}`).join('\n'));
      runs.push({ bench: b.name, exitCode, seconds, report });
    }
  } finally {
    await cluster?.stop();
  }

  const load = loadavg().map((x) => x.toFixed(2)).join(', ');
  console.log(`\n${engine === 'pg' ? 'PostgreSQL server' : 'PGlite (embedded)'}${args.quick ? ', quick sizes' : ''}; ${new Date().toISOString()}; load average ${load}\n`);
  console.log(benchTable(runs));
  console.log(`\n${benchSummary(runs)}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
