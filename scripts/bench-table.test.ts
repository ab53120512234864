import { benchSummary, benchTable, formatNumber, type BenchRun } from '../bench/table';

const at = '2026-12-07T22:00:00.000Z';
const runs: BenchRun[] = [
  {
    bench: 'quote',
    exitCode: 0,
    seconds: 8,
    report: {
      bench: 'quote',
      engine: 'pglite',
      at,
      rows: [
        { scenario: 'quote: quotes/s', value: 25000.4, unit: 'quotes/s', target: { op: '>=', value: 20000 }, opsPerRequest: 0 },
        { scenario: 'quote: p99', value: 61.234, unit: 'µs' },
      ],
    },
  },
  {
    bench: 'flash',
    exitCode: 0,
    seconds: 60,
    report: {
      bench: 'flash',
      engine: 'pglite',
      at,
      rows: [
        { scenario: 'flash: refuse p99', value: 250, unit: 'ms', target: { op: '<', value: 200 }, opsPerRequest: 1 },
        { scenario: 'flash: oversold', value: 0, unit: 'units', target: { op: '<=', value: 0 } },
      ],
    },
  },
  { bench: 'sync', exitCode: 1, seconds: 3 },
  { bench: 'pay', exitCode: 0, seconds: 30 },
];

describe('npm run bench: the table', () => {
  test('one row per figure, its target, the ratio and whether it is met; a bench without a report says so', () => {
    expect(benchTable(runs).split('\n')).toEqual([
      '| scenario                                                     | figure          | target            | ratio | met? | ops/request |',
      '|--------------------------------------------------------------|-----------------|-------------------|-------|------|-------------|',
      '| quote: quotes/s                                              | 25,000 quotes/s | ≥ 20,000 quotes/s | 1.25× | yes  | 0           |',
      '| quote: p99                                                   | 61.2 µs         |                   |       |      |             |',
      '| flash: refuse p99                                            | 250 ms          | < 200 ms          | 0.8×  | NO   | 1           |',
      '| flash: oversold                                              | 0 units         | ≤ 0 units         | ∞×    | yes  |             |',
      '| sync: no report — bench:sync failed (exit 1)                 | —               | —                 | —     | —    | —           |',
      '| pay: no report — bench:pay finished without writing a report | —               | —                 | —     | —    | —           |',
    ]);
  });

  test('the summary counts the targets met and names the benches without a report', () => {
    expect(benchSummary(runs)).toBe('2 of 3 targets met; no report from sync, pay');
  });

  test('numbers: whole from 100 up, three significant digits below', () => {
    expect([20000, 1234.5, 99.94, 5.972, 0.91234, 0, NaN, Infinity].map(formatNumber)).toEqual(['20,000', '1,235', '99.9', '5.97', '0.912', '0', '—', '∞']);
  });
});
