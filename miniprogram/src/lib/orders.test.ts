import { LINE_MAX_QUANTITY as SERVER_LINE_MAX } from '@shop/types';
import { LINE_MAX_QUANTITY, addressLine, formatCountdown, parseItemsParam, checkoutUrlForItems, ruleText, stepTitle, newRequestId } from './orders';

describe('checkout items in the URL', () => {
  it('round-trips through the URL, encoded or already decoded', () => {
    const items = [{ skuId: 'abc', quantity: 2 }];
    const raw = checkoutUrlForItems(items).split('items=')[1];
    expect(parseItemsParam(raw)).toEqual(items);
    expect(parseItemsParam(decodeURIComponent(raw))).toEqual(items);
  });
  it('refuses malformed items', () => {
    expect(parseItemsParam(undefined)).toBeNull();
    expect(parseItemsParam('[]')).toBeNull();
    expect(parseItemsParam('not json')).toBeNull();
    expect(parseItemsParam(JSON.stringify([{ skuId: 'a', quantity: 0 }]))).toBeNull();
    expect(parseItemsParam(JSON.stringify([{ skuId: 'a', quantity: 1.5 }]))).toBeNull();
  });
});

describe('breakdown words', () => {
  it('puts the engine rule texts in Chinese', () => {
    expect(ruleText('227.00 of goods + 10.00 freight')).toBe('商品 ¥227.00 + 运费 ¥10.00');
    expect(ruleText('5000 points × 0.01, at most 50% of 237.00')).toBe('5000 积分 × ¥0.01，最多抵 ¥237.00 的 50%');
    expect(ruleText('满100.00减15.00 on 120.00 of goods')).toBe('满¥100.00减¥15.00（商品 ¥120.00）');
    expect(ruleText('每满100.00减10.00 (× 2, at most 15.00) on 230.00 of goods')).toBe('每满¥100.00减¥10.00（×2，最多减 ¥15.00）（商品 ¥230.00）');
    expect(ruleText('8.50 折 on 100.00')).toBe('8.50 折（¥100.00）');
    expect(ruleText('满50.00包邮 on 80.00 of goods: freight 10.00 off')).toBe('满¥50.00包邮（商品 ¥80.00），减免运费 ¥10.00');
    expect(ruleText('5.00 off, no threshold, on 30.00 of eligible goods')).toBe('无门槛减 ¥5.00（适用商品 ¥30.00）');
    expect(ruleText('something new')).toBe('something new');
  });
  it('titles each kind of step', () => {
    expect(stepTitle('goods', 'Goods')).toBe('商品金额');
    expect(stepTitle('coupon', '新人券')).toBe('优惠券 · 新人券');
    expect(stepTitle('member', '金卡会员')).toBe('会员折扣 · 金卡会员');
  });
});

describe('small helpers', () => {
  it('counts down in minutes and seconds', () => {
    expect(formatCountdown(29 * 60_000 + 58_000)).toBe('29:58');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5)).toBe('00:00');
  });
  it('writes an address on one line', () => {
    expect(addressLine({ province: '上海市', city: '上海市', district: '黄浦区', detail: '人民路 1 号' })).toBe('上海市 黄浦区 人民路 1 号');
    expect(addressLine({ province: '浙江省', city: '杭州市', district: '', detail: '文三路 2 号' })).toBe('浙江省 杭州市 文三路 2 号');
  });
  it('keeps the line quantity limit the server has', () => {
    expect(LINE_MAX_QUANTITY).toBe(SERVER_LINE_MAX);
  });
  it('makes request ids the server accepts (8-64 characters), different each time', () => {
    const a = newRequestId();
    expect(a.length).toBeGreaterThanOrEqual(8);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(newRequestId()).not.toBe(a);
  });
});
