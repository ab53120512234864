import { distinctPayers, gapKey, type PayerGaps } from './payers';

describe('payer gaps', () => {
  it.each([
    [null, '2026-12-07', 'gx'],
    ['2026-12-06', '2026-12-07', 'g1'],
    ['2026-11-30', '2026-12-07', 'g7'],
    ['2026-11-06', '2026-12-07', 'g31'],
    ['2026-11-05', '2026-12-07', 'gx'],
    ['2026-12-31', '2027-01-01', 'g1'],
  ])('last paid %s, paying %s: %s', (last, day, key) => expect(gapKey(last, day)).toBe(key));

  // alice pays on the 1st, 3rd and 9th; bob on the 2nd and the 3rd; carol on the 5th (first time)
  const pays: Record<string, string[]> = { alice: ['2026-11-25', '2026-12-01', '2026-12-03', '2026-12-09'], bob: ['2026-12-02', '2026-12-03'], carol: ['2026-12-05'] };
  const gaps = new Map<string, PayerGaps>();
  for (const days of Object.values(pays)) {
    days.forEach((day, i) => {
      const g = gaps.get(day) ?? {};
      const k = gapKey(i ? days[i - 1] : null, day);
      g[k] = (g[k] ?? 0) + 1;
      gaps.set(day, g);
    });
  }
  const brute = (from: string, to: string) => Object.values(pays).filter((days) => days.some((d) => d >= from && d <= to)).length;
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026-12-01', '2026-12-03'],
    ['2026-12-03', '2026-12-03'],
    ['2026-12-02', '2026-12-08'],
    ['2026-12-04', '2026-12-10'],
    ['2026-11-20', '2026-12-19'],
    ['2026-12-10', '2026-12-20'],
  ])('distinct payers from %s to %s equal a count of the shoppers', (from, to) => expect(distinctPayers(gaps, from, to)).toBe(brute(from, to)));

  it('refuses spans it cannot count exactly', () => expect(() => distinctPayers(gaps, '2026-10-01', '2026-12-01')).toThrow(RangeError));
});
