import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QuoteInput } from '@shop/types';
import { quote, quoteTrusted } from './engine';
import { completeQuoteInput } from './trusted';

const NOW = '2025-06-01T12:00:00+08:00';
const FROM = '2025-01-01T00:00:00+08:00';
const TO = '2026-01-01T00:00:00+08:00';
const line = { skuId: 's1', productId: 'p1', quantity: 2, price: 10000 };

/** Inputs that leave out every optional field somewhere, and give it somewhere else. */
const inputs: [string, QuoteInput][] = [
  ['the least input', { now: NOW, lines: [line] }],
  ['the README example', JSON.parse(readFileSync(join(__dirname, '../../../../scripts/quote-example.json'), 'utf8'))],
  [
    'every line field and both activity forms',
    {
      now: NOW,
      lines: [
        { ...line, categoryIds: ['c1'], name: 'tea', originalPrice: 12000, pointsCoefficient: 1.5, activity: { kind: 'flash', id: 'a1', price: 5000 } },
        { ...line, skuId: 's2', activity: { kind: 'limited', id: 'a2', name: '限时折扣', price: 8000, units: 1 } },
        { ...line, skuId: 's3', activity: null },
      ],
    },
  ],
  [
    'every campaign rule, with and without its defaults',
    {
      now: NOW,
      lines: [line],
      campaigns: [
        { id: 'c1', name: 'a', rule: { kind: 'reduction', mode: 'tiered', tiers: [{ threshold: 100, value: 10 }] }, startsAt: FROM },
        { id: 'c2', name: 'b', rule: { kind: 'reduction', mode: 'every', every: 100, off: 10 }, startsAt: FROM, endsAt: TO, productIds: ['p1'] },
        { id: 'c3', name: 'c', rule: { kind: 'reduction', mode: 'every', every: 100, off: 10, cap: 50 }, startsAt: FROM, endsAt: null, productIds: null },
        { id: 'c4', name: 'd', rule: { kind: 'discount', basis: 'count', tiers: [{ threshold: 2, value: 900 }] }, startsAt: FROM, audience: { kind: 'levels', levelIds: ['gold'] } },
        { id: 'c5', name: 'e', rule: { kind: 'giftCoupon', tiers: [{ threshold: 100, couponId: 'k', quantity: 1 }] }, startsAt: FROM, audience: { kind: 'firstOrder' } },
        { id: 'c6', name: 'f', rule: { kind: 'freeShipping' }, startsAt: FROM },
        { id: 'c7', name: 'g', rule: { kind: 'freeShipping', threshold: 100, excludedRegions: ['西藏'], deliveryMethods: ['local'] }, startsAt: FROM, audience: { kind: 'all' } },
      ],
    },
  ],
  [
    'coupons, customer, points and delivery in part and in full',
    {
      now: NOW,
      lines: [line],
      coupons: [
        { id: 'h1', couponId: 'k1', name: 'a', type: 'cash', value: 200, validFrom: FROM, validTo: TO },
        { id: 'h2', couponId: 'k2', name: 'b', type: 'discount', value: 800, maxOff: 500, threshold: 1000, productIds: ['p1'], validFrom: FROM, validTo: TO, state: 'used', audience: 'new' },
      ],
      couponId: null,
      customer: { levelId: 'gold' },
      points: { enabled: true, use: 'max' },
      delivery: { region: '广东' },
    },
  ],
  [
    'a chosen coupon and every customer, points and delivery field',
    {
      now: NOW,
      lines: [line],
      coupons: [{ id: 'h1', couponId: 'k1', name: 'a', type: 'cash', value: 200, validFrom: FROM, validTo: TO }],
      couponId: 'h1',
      customer: { openid: 'o1', levelId: null, levelName: '', discountRate: 950, isFirstOrder: true },
      points: { enabled: true, balance: 100, use: 20, fenPerPoint: 10, maxPercent: 50 },
      delivery: { method: 'pickup', region: '', freight: 0 },
    },
  ],
];

describe('a trusted quote input', () => {
  test.each(inputs)('%s: completed as the schema parses it', (_, input) => {
    expect(completeQuoteInput(input)).toStrictEqual(QuoteInput.parse(input));
  });

  test.each(inputs)('%s: priced as the edge prices it', (_, input) => {
    expect(quoteTrusted(input)).toStrictEqual(quote(input));
  });

  test('a cart over the largest order is refused on the trusted path too', () => {
    expect(() => quoteTrusted({ now: NOW, lines: [{ ...line, quantity: 9999, price: 200_000_000 }] })).toThrow(/at most/);
  });
});
