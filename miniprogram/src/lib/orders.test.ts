import { LINE_MAX_QUANTITY as SERVER_LINE_MAX } from '@shop/types';
import { LINE_MAX_QUANTITY, ORDER_TABS, STATUS_TEXT, addressLine, couponCodeThrottledText, freightShown, orderListFilter, orderStatusText, formatCountdown, parseItemsParam, checkoutUrlForItems, stepTitle, newRequestId } from './orders';

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
  it('titles each kind of step', () => {
    expect(stepTitle('goods', '商品金额')).toBe('商品金额');
    expect(stepTitle('campaign', '满100减15')).toBe('营销活动 · 满100减15');
    expect(stepTitle('member', '会员折扣')).toBe('会员折扣');
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

describe('order status words', () => {
  it.each([
    ['paid', 'pickup', '待自提'],
    ['paid', 'express', '待发货'],
    ['paid', 'local', '待发货'],
    ['completed', 'pickup', '已完成'],
    ['unpaid', 'pickup', '待付款'],
  ] as const)('a %s %s order reads %s', (status, method, text) => {
    expect(orderStatusText({ status, delivery: { method } })).toBe(text);
  });
  it('names every state', () => {
    expect(Object.keys(STATUS_TEXT).sort()).toEqual(['closed', 'completed', 'paid', 'partly_shipped', 'shipped', 'unpaid']);
  });
});

describe('the orders tabs', () => {
  it('has 待自提 next to 待发货, and each tab asks order.list for its own orders', () => {
    expect(ORDER_TABS.map((t) => t.label)).toEqual(['全部', '待付款', '待发货', '待自提', '已发货', '已完成', '已关闭']);
    expect(orderListFilter('all')).toEqual({});
    expect(orderListFilter('paid')).toEqual({ tab: 'to_ship' }); // paid pickup orders are not 待发货
    expect(orderListFilter('pickup')).toEqual({ tab: 'to_pickup' });
    expect(orderListFilter('shipped')).toEqual({ status: 'shipped' });
  });
  it('labels each tab the way its orders read', () => {
    const paid = (method: string) => orderStatusText({ status: 'paid', delivery: { method } });
    expect(ORDER_TABS.find((t) => t.status === 'paid')?.label).toBe(paid('express'));
    expect(ORDER_TABS.find((t) => t.status === 'pickup')?.label).toBe(paid('pickup'));
  });
});

describe('the breakdown’s freight row', () => {
  it('is left out for virtual goods (no logistics), shown otherwise, free or not', () => {
    expect(freightShown('virtual', 0)).toBeNull();
    expect(freightShown('express', 0)).toBe(0);
    expect(freightShown('express', 800)).toBe(800);
    expect(freightShown('pickup', 0)).toBe(0);
  });
});

describe('a throttled coupon code', () => {
  it.each([
    [300, '优惠码尝试次数过多，请 5 分钟后再试'],
    [61, '优惠码尝试次数过多，请 2 分钟后再试'],
    [8, '优惠码尝试次数过多，请 8 秒后再试'],
    [null, '优惠码尝试次数过多，请稍后再试'],
  ])('%s s to wait reads %s', (s, text) => expect(couponCodeThrottledText(s)).toBe(text));
});
