import { expiringThisYear, hasLapsed, lapse, lapseInstant, putBack, readAccount, takeOldest, yearOf } from './points';
import { levelFor, nextLevelFor } from './levels';

describe('business year and lapse instant (Asia/Shanghai)', () => {
  test.each([
    ['2018-01-01T00:00:00+08:00', 2018],
    ['2017-12-31T15:59:59Z', 2017],
    ['2017-12-31T16:00:00Z', 2018], // midnight in Shanghai
    ['2019-12-31T23:59:59+08:00', 2019],
  ])('yearOf(%s) = %i', (iso, y) => expect(yearOf(new Date(iso))).toBe(y));

  test('points earned in 2018 lapse when 2020 begins in Shanghai (the seed: cleared 2019-12-31 23:59:59)', () => {
    expect(lapseInstant(2018).toISOString()).toBe('2019-12-31T16:00:00.000Z');
    expect(hasLapsed(2018, new Date('2019-12-31T15:59:59Z'))).toBe(false);
    expect(hasLapsed(2018, new Date('2019-12-31T16:00:00Z'))).toBe(true);
    expect(hasLapsed(2019, new Date('2019-12-31T16:00:00Z'))).toBe(false);
  });
});

describe('buckets', () => {
  const now = new Date('2020-06-01T00:00:00Z');
  test('the balance is authoritative: missing points go to the current year, a surplus leaves from the oldest', () => {
    expect(readAccount({ points: 30 }, now)).toEqual({ points: 30, experience: 0, buckets: { '2020': 30 } });
    expect(readAccount({ points: 30, pointBuckets: { '2019': 10 } }, now).buckets).toEqual({ '2019': 10, '2020': 20 });
    expect(readAccount({ points: 5, pointBuckets: { '2018': 10, '2019': 10 } }, now).buckets).toEqual({ '2019': 5 });
    expect(readAccount(null, now)).toEqual({ points: 0, experience: 0, buckets: {} });
    expect(readAccount({ points: -3, experience: 2.7, pointBuckets: { x: 4, '2019': -1 } }, now)).toEqual({ points: 0, experience: 2, buckets: {} });
  });

  test('spending takes the oldest year first; putting back restores the same years', () => {
    const b = { '2019': 30, '2018': 20, '2020': 5 };
    const { buckets, taken } = takeOldest(b, 35);
    expect(taken).toEqual({ '2018': 20, '2019': 15 });
    expect(buckets).toEqual({ '2019': 15, '2020': 5 });
    expect(putBack(buckets, taken)).toEqual({ '2018': 20, '2019': 30, '2020': 5 });
    expect(() => takeOldest(b, 56)).toThrow(RangeError);
    expect(() => takeOldest(b, 1.5)).toThrow(RangeError);
  });

  test('lapse drops lapsed years with one entry each, only when expiry is on', () => {
    const acc = { points: 60, experience: 7, buckets: { '2017': 10, '2018': 20, '2019': 30 } };
    const at = new Date('2019-12-31T16:00:00Z');
    expect(lapse(acc, at, false)).toEqual({ account: acc, drafts: [] });
    const { account, drafts } = lapse(acc, at, true);
    expect(account).toEqual({ points: 30, experience: 7, buckets: { '2019': 30 } });
    expect(drafts.map((d) => [d.kind, d.delta, d.balanceAfter, d.buckets])).toEqual([
      ['expire', -10, 50, { '2017': 10 }],
      ['expire', -20, 30, { '2018': 20 }],
    ]);
    expect(lapse(account, at, true).drafts).toEqual([]); // idempotent
  });

  test('what lapses at the end of this year', () => {
    const acc = { points: 50, experience: 0, buckets: { '2019': 20, '2020': 30 } };
    expect(expiringThisYear(acc, new Date('2020-06-01T00:00:00Z'))).toEqual({ points: 20, at: '2020-12-31T16:00:00.000Z' });
    expect(expiringThisYear({ ...acc, buckets: { '2020': 30 } }, new Date('2020-06-01T00:00:00Z'))).toBeNull();
  });
});

describe('level for experience', () => {
  const levels = [
    { _id: 'default', threshold: 0 },
    { _id: 'silver', threshold: 500 },
    { _id: 'gold', threshold: 2000 },
  ];
  test.each([
    [0, 'default', 'silver'],
    [499, 'default', 'silver'],
    [500, 'silver', 'gold'],
    [1999, 'silver', 'gold'],
    [2000, 'gold', null],
    [1e9, 'gold', null],
  ])('%i experience → %s (next %s)', (xp, level, next) => {
    expect(levelFor(levels, xp)._id).toBe(level);
    expect(nextLevelFor(levels, xp)?._id ?? null).toBe(next);
  });
});
