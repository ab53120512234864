import { afterFailure, lockSecondsAfter, retryAfterSeconds } from './throttle';

test.each([
  [1, 0],
  [4, 0],
  [5, 2],
  [6, 4],
  [7, 8],
  [20, 900],
])('after %i failures the lock is %i s', (n, s) => expect(lockSecondsAfter(n)).toBe(s));

test('failures accumulate and lock; the lock expires', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  let s = null as ReturnType<typeof afterFailure> | null;
  for (let i = 0; i < 4; i++) s = afterFailure(s, t0);
  expect(retryAfterSeconds(s, t0)).toBe(0);
  s = afterFailure(s, t0);
  expect(retryAfterSeconds(s, t0)).toBe(2);
  expect(retryAfterSeconds(s, new Date(t0.getTime() + 2000))).toBe(0);
});
