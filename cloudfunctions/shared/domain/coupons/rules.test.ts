import fc from 'fast-check';
import { CouponInput, CouponCodeText, CouponPrefix, RegistrationGiftInput } from '@shop/types';
import {
  CODE_ALPHABET,
  CODE_RANDOM_LENGTH,
  canDo,
  codeCan,
  csvField,
  csvLine,
  describeCoupon,
  generateCode,
  newToken,
  normaliseCode,
  overlaps,
  pickRandom,
  shopperState,
  withinValidity,
  type CouponAction,
} from './rules';

describe('code generation', () => {
  test('the alphabet has 32 symbols and none of the look-alikes 0 O 1 I', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    for (const c of '0O1I') expect(CODE_ALPHABET).not.toContain(c);
  });
  test('prefix + 12 symbols from the alphabet; every byte value maps without bias', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.stringMatching(/^[A-Z0-9]{0,12}$/), (bytes, prefix) => {
        const code = generateCode(prefix, () => Buffer.from(bytes));
        expect(code.startsWith(prefix)).toBe(true);
        expect(code).toHaveLength(prefix.length + CODE_RANDOM_LENGTH);
        expect([...code.slice(prefix.length)].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
        expect(CouponCodeText.safeParse(code).success || code.length > 32).toBe(true);
      }),
    );
    // 256 byte values, 8 per symbol
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const c = generateCode('', () => Buffer.alloc(12, b))[0];
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.values()].every((n) => n === 8)).toBe(true);
  });
  test('real codes differ (60 random bits)', () => {
    const codes = new Set(Array.from({ length: 5000 }, () => generateCode('X')));
    expect(codes.size).toBe(5000);
  });
  test('claim tokens are 128-bit base64url', () => {
    expect(newToken()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newToken()).not.toBe(newToken());
  });
  test.each([
    [' abc-12 ', 'ABC-12'],
    ['Summer2026', 'SUMMER2026'],
  ])('normaliseCode(%p) = %p', (a, b) => expect(normaliseCode(a)).toBe(b));
  test.each([
    ['ABCD', true],
    ['abcd', true],
    ['AB', false],
    ['A B C D', false],
    ['码码码码', false],
    ['x'.repeat(33), false],
  ])('CouponCodeText %p → %p', (code, ok) => expect(CouponCodeText.safeParse(code).success).toBe(ok));
  test.each([
    ['', true],
    ['vip', true],
    ['VIP-', false],
    ['ABCDEFGHIJKLM', false],
  ])('CouponPrefix %p → %p', (p, ok) => expect(CouponPrefix.safeParse(p).success).toBe(ok));
});

describe('state transitions', () => {
  const table: [CouponAction, string, boolean][] = [
    ['update', 'draft', true],
    ['update', 'published', false],
    ['update', 'void', false],
    ['importCodes', 'draft', true],
    ['importCodes', 'published', false],
    ['publish', 'draft', true],
    ['publish', 'published', false],
    ['publish', 'void', false],
    ['void', 'draft', false],
    ['void', 'published', true],
    ['void', 'void', false],
    ['distribute', 'draft', false],
    ['distribute', 'published', true],
    ['distribute', 'void', false],
    ['claim', 'published', true],
    ['claim', 'void', false],
  ];
  test.each(table)('%s on a %s coupon: %p', (action, status, ok) => expect(canDo(action, status as never)).toBe(ok));

  test.each([
    ['assign', 'available', true],
    ['assign', 'held', false],
    ['consume', 'held', true],
    ['consume', 'used', false],
    ['consume', 'void', false],
    ['consume', 'available', false],
    ['release', 'used', true],
    ['release', 'held', false],
    ['void', 'available', true],
    ['void', 'held', false],
    ['void', 'used', false],
  ] as const)('code %s from %s: %p', (step, status, ok) => expect(codeCan(step, status)).toBe(ok));
});

describe('validity', () => {
  const c = { validFrom: '2026-11-01T00:00:00.000Z', validTo: '2026-11-30T15:59:59.999Z' };
  test.each([
    ['2026-10-31T23:59:59.999Z', false, 'not_started'],
    ['2026-11-01T00:00:00.000Z', true, 'usable'],
    ['2026-11-30T15:59:59.999Z', true, 'usable'],
    ['2026-11-30T16:00:00.000Z', false, 'expired'],
  ])('at %s: within %p, shopper sees %s', (at, within, state) => {
    expect(withinValidity(c, new Date(at))).toBe(within);
    expect(shopperState({ status: 'held' }, c, new Date(at))).toBe(state);
  });
  test('used and void win over dates', () => {
    expect(shopperState({ status: 'used' }, c, new Date('2027-01-01'))).toBe('used');
    expect(shopperState({ status: 'void' }, c, new Date('2026-11-05'))).toBe('void');
  });
  test.each([
    [undefined, undefined, true],
    ['2026-11-30T00:00:00Z', undefined, true],
    ['2026-12-01T00:00:00Z', undefined, false],
    [undefined, '2026-11-01T00:00:00Z', true],
    [undefined, '2026-10-31T00:00:00Z', false],
    ['2026-10-01T00:00:00Z', '2026-10-15T00:00:00Z', false],
    ['2026-10-01T00:00:00Z', '2026-12-15T00:00:00Z', true],
  ])('overlaps window %p – %p: %p', (from, to, ok) => expect(overlaps(c, from, to)).toBe(ok));
});

describe('definition schema', () => {
  const base = { kind: 'normal', name: 'x', type: 'cash', value: 100, validFrom: '2026-11-01T00:00:00Z', validTo: '2026-11-02T00:00:00Z', quantity: 1 };
  test.each([
    [{}, true],
    [{ type: 'discount', value: 800, maxOff: 500 }, true],
    [{ type: 'discount', value: 999 }, true],
    [{ type: 'discount', value: 1 }, true],
    [{ type: 'discount', value: 1000 }, false],
    [{ maxOff: 1 }, false],
    [{ value: 0 }, false],
    [{ validTo: '2026-11-01T00:00:00Z' }, false],
    [{ threshold: -1 }, false],
    [{ productIds: [] }, false],
    [{ productIds: null }, true],
    [{ perShopperLimit: 0 }, false],
    [{ code: 'ABCD' }, false],
  ])('%j → %p', (over, ok) => expect(CouponInput.safeParse({ ...base, ...over }).success).toBe(ok));
  test('reusable: code normalised, quantity at least 1', () => {
    const r = CouponInput.parse({ ...base, kind: 'reusable', code: ' wx-01 ', quantity: 1 });
    expect(r).toMatchObject({ code: 'WX-01', maxOff: 0, threshold: 0, productIds: null });
    expect(CouponInput.safeParse({ ...base, kind: 'reusable', code: 'WX01', quantity: 0 }).success).toBe(false);
    expect(CouponInput.safeParse({ ...base, kind: 'reusable', code: 'WX01', prefix: 'A' }).success).toBe(false);
  });
  test('registration gift: a coupon when enabled, an end after the start', () => {
    expect(RegistrationGiftInput.safeParse({ enabled: true, startsAt: '2026-11-01T00:00:00Z' }).success).toBe(false);
    expect(RegistrationGiftInput.safeParse({ enabled: false, startsAt: '2026-11-01T00:00:00Z' }).success).toBe(true);
    expect(RegistrationGiftInput.safeParse({ enabled: true, couponId: 'c', startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-10-01T00:00:00Z' }).success).toBe(false);
  });
});

describe('helpers', () => {
  test('pickRandom takes n distinct items', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { maxLength: 50 }), fc.nat(60), (items, n) => {
        const got = pickRandom(items, n);
        expect(got).toHaveLength(Math.min(n, items.length));
        expect(new Set(got).size).toBe(got.length);
        expect(got.every((x) => items.includes(x))).toBe(true);
      }),
    );
  });
  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['-1', "'-1"],
    [null, ''],
  ])('csvField(%p) = %p', (v, out) => expect(csvField(v)).toBe(out));
  test('csvLine', () => expect(csvLine(['a', 1, 'b,c'])).toBe('a,1,"b,c"'));
  test.each([
    [{ type: 'cash', value: 1500, maxOff: 0, threshold: 10000 }, '满100.00减15.00'],
    [{ type: 'cash', value: 500, maxOff: 0, threshold: 0 }, '无门槛减5.00'],
    [{ type: 'discount', value: 850, maxOff: 2000, threshold: 5000 }, '满50.00打8.5折，最多减20.00'],
    [{ type: 'discount', value: 800, maxOff: 0, threshold: 0 }, '无门槛打8折'],
  ] as const)('describeCoupon %#', (c, text) => expect(describeCoupon(c)).toBe(text));
});
