import { addDays, beijingDay, beijingHour, change, dayEnd, dayStart, daysFrom, hoursOf, periodRange, previousRange } from './periods';

describe('Beijing days and hours', () => {
  it.each([
    ['2026-12-06T15:59:59.999Z', '2026-12-06', '2026-12-06T23'],
    ['2026-12-06T16:00:00.000Z', '2026-12-07', '2026-12-07T00'],
    ['2026-12-31T16:30:00.000Z', '2027-01-01', '2027-01-01T00'],
    ['2028-02-28T16:00:00.000Z', '2028-02-29', '2028-02-29T00'],
    ['2026-12-07T04:05:00.000Z', '2026-12-07', '2026-12-07T12'],
  ])('%s is day %s, hour %s', (t, day, hour) => {
    expect(beijingDay(t)).toBe(day);
    expect(beijingHour(new Date(t))).toBe(hour);
  });

  it.each([
    ['2026-12-07', '2026-12-06T16:00:00.000Z', '2026-12-07T16:00:00.000Z'],
    ['2027-01-01', '2026-12-31T16:00:00.000Z', '2027-01-01T16:00:00.000Z'],
  ])('day %s runs from %s to %s', (day, start, end) => {
    expect(dayStart(day).toISOString()).toBe(start);
    expect(dayEnd(day).toISOString()).toBe(end);
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-12-07', -29, '2026-11-08'],
  ])('%s + %i days = %s', (day, n, out) => expect(addDays(day, n)).toBe(out));

  it('lists days and hours', () => {
    expect(daysFrom('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(daysFrom('2026-12-02', '2026-12-01')).toEqual([]);
    expect(hoursOf('2026-12-07')).toHaveLength(24);
    expect(hoursOf('2026-12-07')[9]).toBe('2026-12-07T09');
  });
});

describe('periods and the period before', () => {
  // 00:30 on 7 December in Beijing is still 6 December in UTC
  const now = new Date('2026-12-06T16:30:00.000Z');
  it.each([
    ['today', { from: '2026-12-07', to: '2026-12-07' }, { from: '2026-12-06', to: '2026-12-06' }],
    ['yesterday', { from: '2026-12-06', to: '2026-12-06' }, { from: '2026-12-05', to: '2026-12-05' }],
    ['7d', { from: '2026-12-01', to: '2026-12-07' }, { from: '2026-11-24', to: '2026-11-30' }],
    ['30d', { from: '2026-11-08', to: '2026-12-07' }, { from: '2026-10-09', to: '2026-11-07' }],
  ] as const)('%s', (period, range, previous) => {
    expect(periodRange(period, now)).toEqual(range);
    expect(previousRange(range)).toEqual(previous);
  });

  it.each([
    [150, 100, 0.5],
    [50, 100, -0.5],
    [0, 100, -1],
    [100, 100, 0],
    [100, 0, null],
    [0, 0, null],
  ])('change from %i to %i is %p', (value, previous, out) => expect(change(value, previous)).toBe(out));
});
