import fc from 'fast-check';
import { apportion, discountByRate, experienceFor, pointsFloor, timesRate } from './money';

describe('apportion (largest remainder)', () => {
  test.each([
    ['three equal lines, 10.00 off', 1000, [1000, 1000, 1000], undefined, [334, 333, 333]],
    ['the seed-style 15.00 over 60 + 40', 1500, [6000, 4000], undefined, [900, 600]],
    ['a zero-weight line gets nothing', 100, [0, 50, 50], undefined, [0, 50, 50]],
    ['nothing to split', 0, [10, 20], undefined, [0, 0]],
    ['one fen over three lines goes to the first of the tied', 1, [5, 5, 5], undefined, [1, 0, 0]],
    ['the largest remainder wins the spare fen', 10, [1, 2, 4], undefined, [1, 3, 6]],
    ['caps move the excess to other lines', 300, [100, 100, 100], [50, 500, 500], [50, 125, 125]],
  ])('%s', (_n, total, weights, caps, out) => {
    expect(apportion(total, weights, caps)).toEqual(out);
  });

  test('refuses what cannot be split honestly', () => {
    expect(() => apportion(10, [0, 0])).toThrow(RangeError);
    expect(() => apportion(10, [1, 1], [3, 3])).toThrow(RangeError);
    expect(() => apportion(-1, [1])).toThrow(RangeError);
    expect(() => apportion(1.5, [1])).toThrow(RangeError);
    expect(() => apportion(10, [1, 0], [5, 100])).toThrow(RangeError); // only the weighted line may take it
  });

  test('property: shares are whole, sum to the total, within a fen of exact, zero weight gets zero', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 10_000_000 }), (weights, total) => {
        fc.pre(weights.some((w) => w > 0));
        const shares = apportion(total, weights);
        const sum = weights.reduce((a, w) => a + w, 0);
        expect(shares.reduce((a, s) => a + s, 0)).toBe(total);
        shares.forEach((s, i) => {
          expect(Number.isInteger(s)).toBe(true);
          expect(Math.abs(s - (total * weights[i]) / sum)).toBeLessThan(1);
          if (weights[i] === 0) expect(s).toBe(0);
        });
      }),
      { numRuns: 500 },
    );
  });

  test('property: with caps (total within their sum), no share exceeds its cap and the sum is exact', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 100_000 })), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pairs, f) => {
          const weights = pairs.map(([w]) => w);
          const caps = pairs.map(([, c]) => c);
          const total = Math.floor(caps.reduce((a, c) => a + c, 0) * f);
          const shares = apportion(total, weights, caps);
          expect(shares.reduce((a, s) => a + s, 0)).toBe(total);
          shares.forEach((s, i) => expect(s).toBeLessThanOrEqual(caps[i]));
        },
      ),
      { numRuns: 500 },
    );
  });
});

test.each([
  [10000, 900, 9000],
  [8300, 900, 7470], // the seed's member discount: 83.00 x 90% = 74.70
  [1, 500, 1], // 0.005 rounds half up
  [3, 333, 1],
  [999, 1000, 999],
  [999, 0, 0],
])('timesRate(%i, %i‰) = %i', (amount, rate, out) => expect(timesRate(amount, rate)).toBe(out));

test('a rate discount multiplies, never subtracts the percentage', () => {
  expect(discountByRate(10000, 900)).toBe(1000); // 100.00 at 9 折 saves 10.00
  expect(discountByRate(8300, 900)).toBe(830);
  expect(() => timesRate(100, 1001)).toThrow(RangeError);
  expect(() => timesRate(100, 0.9)).toThrow(RangeError);
});

test.each([
  [0, 0],
  [1.9999, 1],
  [2.9999999999, 3], // float noise below a whole point is not lost
  [-3, 0],
])('pointsFloor(%p) = %i', (x, out) => expect(pointsFloor(x)).toBe(out));

test.each([
  [0, 0],
  [1, 1], // at least 1 for any paid order
  [100, 1],
  [101, 2], // rounded up
  [6470, 65],
])('experienceFor(%i fen) = %i', (fen, out) => expect(experienceFor(fen)).toBe(out));

test.each([
  [2, 10, 1], // the seed: ￥0.02 at 10 per yuan gives 0.2, rounded up to 1
  [0, 10, 0], // nothing paid, nothing earned
  [1, 1000, 10],
  [100, 10, 10],
  [101, 10, 11], // 10.1 rounds up
  [6470, 3, 195], // 194.1 rounds up
  [1_000_000_000, 1000, 10_000_000_000], // the largest amount stays exact
])('experienceFor(%i fen, %i per yuan) = %i', (fen, perYuan, out) => expect(experienceFor(fen, perYuan)).toBe(out));

test('experienceFor refuses a rate that is not a whole number ≥ 1', () => {
  expect(() => experienceFor(100, 0)).toThrow(RangeError);
  expect(() => experienceFor(100, 1.5)).toThrow(RangeError);
  expect(() => experienceFor(-1, 1)).toThrow(RangeError);
});

test('property: experience is ceil(paid yuan × rate), at least 1 when anything is paid', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 1, max: 1000 }), (fen, perYuan) => {
      const xp = experienceFor(fen, perYuan);
      if (fen === 0) return expect(xp).toBe(0);
      expect(xp).toBeGreaterThanOrEqual(1);
      // xp is the least whole number with xp × 100 ≥ fen × perYuan
      expect(xp * 100).toBeGreaterThanOrEqual(fen * perYuan);
      expect((xp - 1) * 100).toBeLessThan(fen * perYuan);
    }),
    { numRuns: 500 },
  );
});
