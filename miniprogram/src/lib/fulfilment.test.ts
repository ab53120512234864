import { PICKUP_CODE_DIGITS as SERVER_DIGITS, PickupCodeText } from '@shop/types';
import { PICKUP_CODE_DIGITS, formatCodeInput, groupPickupCode, itemText, parcelItems, parsePickupCode, unshippedItems } from './fulfilment';

describe('pickup codes', () => {
  it('are as long as the server’s', () => {
    expect(PICKUP_CODE_DIGITS).toBe(SERVER_DIGITS);
  });
  it('are shown 4-4-4', () => {
    expect(groupPickupCode('123456789012')).toBe('1234 5678 9012');
    expect(groupPickupCode('123456789012', '-')).toBe('1234-5678-9012');
    expect(groupPickupCode('1234 5678-9012')).toBe('1234 5678 9012');
    expect(groupPickupCode('123456')).toBe('1234 56');
    expect(groupPickupCode('')).toBe('');
  });
  it('are read from what a clerk typed, with spaces and dashes', () => {
    for (const typed of ['123456789012', '1234 5678 9012', ' 1234-5678-9012 ', '1234\u30005678\uff0d9012', '１２３４５６７８９０１２', '12 34 56 78 90 12'])
      expect(parsePickupCode(typed)).toBe('123456789012');
  });
  it('refuse what is not 12 digits', () => {
    for (const typed of ['', '12345678901', '1234567890123', '1234 5678 901a', 'abcd-efgh-ijkl', '1234_5678_9012', '+23456789012'])
      expect(parsePickupCode(typed)).toBeNull();
  });
  it('parse as the server parses (what one accepts, so does the other)', () => {
    for (const typed of ['123456789012', '1234 5678 9012', '1234-5678-9012', '12345678901', '1234 5678 901x', ' 1234 5678 9012 ']) {
      const server = PickupCodeText.safeParse(typed);
      expect(parsePickupCode(typed)).toBe(server.success ? server.data : null);
    }
  });
  it('are grouped while typing, 12 digits at most', () => {
    expect(formatCodeInput('12345')).toBe('1234 5');
    expect(formatCodeInput('1234-5678-9012')).toBe('1234 5678 9012');
    expect(formatCodeInput('1234 5678 9012 345')).toBe('1234 5678 9012');
    expect(formatCodeInput('ab12')).toBe('12');
    expect(formatCodeInput('')).toBe('');
  });
});

describe('parcels', () => {
  const lines = [
    { skuId: 'a', name: '每日坚果', specValues: [], quantity: 3 },
    { skuId: 'b', name: 'T恤', specValues: ['黑色', 'XL'], quantity: 1 },
  ];
  it('name their items as the order does', () => {
    expect(parcelItems({ lines: [{ skuId: 'b', quantity: 1 }, { skuId: 'zz', quantity: 2 }] }, lines)).toEqual([
      { skuId: 'b', name: 'T恤', specValues: ['黑色', 'XL'], quantity: 1 },
      { skuId: 'zz', name: 'zz', specValues: [], quantity: 2 },
    ]);
    expect(itemText({ name: 'T恤', specValues: ['黑色', 'XL'], quantity: 1 })).toBe('T恤（黑色/XL） ×1');
    expect(itemText({ name: '每日坚果', specValues: [], quantity: 2 })).toBe('每日坚果 ×2');
  });
  it('leave the rest of a partly shipped order unshipped', () => {
    expect(unshippedItems(lines, [])).toEqual(lines);
    expect(unshippedItems(lines, [{ lines: [{ skuId: 'a', quantity: 1 }] }, { lines: [{ skuId: 'a', quantity: 1 }, { skuId: 'b', quantity: 1 }] }])).toEqual([
      { skuId: 'a', name: '每日坚果', specValues: [], quantity: 1 },
    ]);
    expect(unshippedItems(lines, [{ lines: [{ skuId: 'a', quantity: 3 }, { skuId: 'b', quantity: 1 }] }])).toEqual([]);
  });
});
