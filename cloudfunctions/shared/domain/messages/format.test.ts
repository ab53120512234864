import { fitValue, goodsSummary, shorten, templateData, yuan } from './format';
import { checkSubscribeMessage } from '../../../../local/src/wxapi-sim/rules';
import { MESSAGE_FIELDS, SUBSCRIBE_EVENTS } from '@shop/types';

describe('shorten', () => {
  it.each([
    ['短名', 20, '短名'],
    ['一二三四五六七八九十一二三四五六七八九十', 20, '一二三四五六七八九十一二三四五六七八九十'],
    ['一二三四五六七八九十一二三四五六七八九十一', 20, '一二三四五六七八九十一二三四五六七八九…'],
    // outside the BMP: one character each, never split into a lone surrogate
    ['😀'.repeat(25), 20, '😀'.repeat(19) + '…'],
    ['𠀀𠀁𠀂𠀃𠀄𠀅', 5, '𠀀𠀁𠀂𠀃…'],
    ['  多余   空白  ', 20, '多余 空白'],
    ['Apple iPhone 16 Pro Max 256GB', 20, 'Apple iPhone 16 Pro…'],
  ])('%s (max %i) → %s', (text, max, out) => {
    const r = shorten(text, max);
    expect(r).toBe(out);
    expect(Array.from(r).length).toBeLessThanOrEqual(max);
    expect(r).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('fitValue', () => {
  it.each<[string, string | number, string]>([
    ['thing', '', '-'],
    ['thing', '玻尿酸保湿精华液 50ml 两瓶装 限时特惠套餐', '玻尿酸保湿精华液 50ml 两瓶装 限…'],
    ['phrase', '退款成功', '退款成功'],
    ['phrase', '已同意（部分退款）', '已同意部分'],
    ['phrase', 'OK', '无'],
    ['character_string', 'O20261212000123', 'O20261212000123'],
    ['character_string', '订单 AB-12_3', 'AB-12_3'],
    ['character_string', 'X'.repeat(40), 'X'.repeat(32)],
    ['amount', 1250, '¥12.50'],
    ['amount', 0, '¥0.00'],
    ['amount', 199900, '¥1999.00'],
    ['date', '2026-12-12T02:00:00.000Z', '2026-12-12 10:00'],
    ['date', '2026-12-31T16:30:00Z', '2027-01-01 00:30'],
    ['time', '2026-06-01T00:05:00+08:00', '2026-06-01 00:05'],
    ['date', 'not a date', 'not a date'],
    ['name', '欧阳上官司马诸葛慕容', '欧阳上官司马诸葛慕容'],
    ['name', '欧阳上官司马诸葛慕容张', '欧阳上官司马诸葛慕…'],
  ])('%s %j → %s', (type, raw, out) => expect(fitValue(type, raw)).toBe(out));

  it('yuan rounds fen to two decimals', () => expect([yuan(1), yuan(10), yuan(100)]).toEqual(['¥0.01', '¥0.10', '¥1.00']));
});

describe('goodsSummary', () => {
  it.each([
    [[{ name: '苹果', quantity: 2 }], '苹果'],
    [[{ name: '苹果', quantity: 2 }, { name: '梨', quantity: 1 }], '苹果等3件'],
    [[{ name: '一二三四五六七八九十一二三四五六七八九十', quantity: 1 }, { name: '梨', quantity: 10 }], '一二三四五六七八九十一二三四五…等11件'],
    [[], ''],
  ])('%j → %s', (lines, out) => {
    expect(goodsSummary(lines)).toBe(out);
    expect(Array.from(goodsSummary(lines)).length).toBeLessThanOrEqual(20);
  });
});

describe('templateData', () => {
  it.each(SUBSCRIBE_EVENTS)('%s: long, odd and missing values still pass WeChat’s checks', (event) => {
    const values = Object.fromEntries(MESSAGE_FIELDS[event].map(({ key }, i) => [key, key.startsWith('amount') ? 123456 : key.startsWith('date') || key.startsWith('time') ? '2026-12-12T02:00:00Z' : i % 2 ? '' : '超长的商品名称😀'.repeat(5)]));
    const data = templateData(event, values);
    expect(Object.keys(data)).toEqual(MESSAGE_FIELDS[event].map((f) => f.key));
    const body = { touser: 'oShopper_0001', template_id: 'T', data: Object.fromEntries(Object.entries(data).map(([k, value]) => [k, { value }])) };
    expect(checkSubscribeMessage(body, () => MESSAGE_FIELDS[event].map((f) => f.key))).toEqual({ touser: 'oShopper_0001', template_id: 'T' });
  });
});
