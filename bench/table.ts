/**
 * The one table `npm run bench` prints: every bench's figures beside their targets, from the reports the benches
 * wrote (report.ts). Pure: given the reports and how each bench ran, it returns the text.
 */
import { meetsTarget, targetRatio, type BenchReport, type BenchTarget } from './report';

/** How one bench process ended, as the runner saw it. */
export interface BenchRun {
  bench: string;
  /** the process's exit code; null when it was killed by a signal */
  exitCode: number | null;
  seconds: number;
  /** its report, when it wrote one during this run */
  report?: BenchReport;
}

const OP_TEXT: Record<BenchTarget['op'], string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

/** 20000 → "20,000"; 0.91234 → "0.912"; 5.97 → "5.97": whole numbers from 100 up, three significant digits below. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '—' : n > 0 ? '∞' : '-∞';
  if (Math.abs(n) >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('en-US');
  return String(Number(n.toPrecision(3)));
}

const withUnit = (n: number, unit: string) => (unit ? `${formatNumber(n)} ${unit}` : formatNumber(n));

type Cell = string;

/** Markdown-style rows padded to equal columns; the second row is the separator. */
function pad(rows: Cell[][]): string[] {
  // the CJK and symbol characters in scenarios are wide in a terminal: count them as two columns
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => width(r[c]))));
  const line = (r: Cell[]) => `| ${r.map((cell, c) => cell + ' '.repeat(widths[c] - width(cell))).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)];
}

/**
 * The table: scenario | figure | target | ratio | met? | ops/request, one row per figure a bench reported, in the
 * order the benches ran; a bench that wrote no report gets one row saying so (and how its process ended).
 */
export function benchTable(runs: BenchRun[]): string {
  const head: Cell[] = ['scenario', 'figure', 'target', 'ratio', 'met?', 'ops/request'];
  const rows: Cell[][] = [head];
  for (const run of runs) {
    if (!run.report) {
      const why = run.exitCode === 0 ? 'finished without writing a report' : run.exitCode === null ? 'was killed' : `failed (exit ${run.exitCode})`;
      rows.push([`${run.bench}: no report — bench:${run.bench} ${why}`, '—', '—', '—', '—', '—']);
      continue;
    }
    for (const r of run.report.rows) {
      const t = r.target;
      rows.push([
        r.scenario,
        withUnit(r.value, r.unit),
        t ? `${OP_TEXT[t.op]} ${withUnit(t.value, r.unit)}` : '',
        t ? `${formatNumber(targetRatio(r.value, t))}×` : '',
        t ? (meetsTarget(r.value, t) ? 'yes' : 'NO') : '',
        r.opsPerRequest === undefined ? '' : formatNumber(r.opsPerRequest),
      ]);
    }
  }
  return pad(rows).join('\n');
}

/** "12 of 14 targets met" over the runs' reports. */
export function benchSummary(runs: BenchRun[]): string {
  const targeted = runs.flatMap((r) => r.report?.rows ?? []).filter((r) => r.target);
  const met = targeted.filter((r) => meetsTarget(r.value, r.target!)).length;
  const missing = runs.filter((r) => !r.report).map((r) => r.bench);
  return `${met} of ${targeted.length} targets met${missing.length ? `; no report from ${missing.join(', ')}` : ''}`;
}
