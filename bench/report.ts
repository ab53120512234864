/**
 * What every bench shares: percentiles, and the figures it hands to `npm run bench`'s table.
 *
 * A bench calls `writeBenchReport(name, rows)` at its end. That prints nothing; it writes
 * `artifacts/bench/<name>-<engine>.json` (engine: `pg` when DATABASE_URL names a PostgreSQL server, else `pglite`),
 * which `npm run bench` reads to print one table of figure, target and ratio.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A target the figure must meet: `{ op: '>=', value: 1000 }` reads "at least 1,000". */
export interface BenchTarget {
  op: '>=' | '>' | '<=' | '<';
  value: number;
}

export interface BenchRow {
  /** What was measured, e.g. 'flash storm: decisions/s'. */
  scenario: string;
  value: number;
  /** 'req/s', 'ms', 'ops', ... */
  unit: string;
  target?: BenchTarget;
  /** Database operations per request, where the bench counts them. */
  opsPerRequest?: number;
}

export interface BenchReport {
  bench: string;
  engine: 'pglite' | 'pg';
  at: string;
  rows: BenchRow[];
}

/** The p-th percentile (0–100) of xs by the nearest-rank method; NaN when empty. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** How far a figure is from its target: ≥ 1 when met (figure/target for "at least", target/figure for "under"). */
export function targetRatio(value: number, target: BenchTarget): number {
  if (target.op === '>=' || target.op === '>') return target.value === 0 ? Infinity : value / target.value;
  if (value === 0) return Infinity;
  return target.value / value;
}

export function meetsTarget(value: number, target: BenchTarget): boolean {
  switch (target.op) {
    case '>=': return value >= target.value;
    case '>': return value > target.value;
    case '<=': return value <= target.value;
    case '<': return value < target.value;
  }
}

export function benchEngine(): 'pglite' | 'pg' {
  return process.env.DATABASE_URL ? 'pg' : 'pglite';
}

export function writeBenchReport(bench: string, rows: BenchRow[], dir = join(__dirname, '..', 'artifacts', 'bench')): string {
  mkdirSync(dir, { recursive: true });
  const report: BenchReport = { bench, engine: benchEngine(), at: new Date().toISOString(), rows };
  const file = join(dir, `${bench}-${report.engine}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}
