import * as server from '@shop/types';
import {
  AFTERSALE_REASONS,
  AFTERSALE_STATUS_TEXT,
  AFTERSALE_TYPE_TEXT,
  REFUND_STATUS_TEXT,
  actionText,
  cancelRequestText,
  fenToYuanInput,
  isPayOutcome,
  isTrackingNo,
  lineShare,
  maxRefund,
  withoutWxpayParam,
  yuanInputToFen,
} from './aftersales';

describe('texts', () => {
  it('are the server’s after-sales texts', () => {
    expect(AFTERSALE_TYPE_TEXT).toEqual(server.AFTERSALE_TYPE_TEXT);
    expect(AFTERSALE_STATUS_TEXT).toEqual(server.AFTERSALE_STATUS_TEXT);
    expect([...AFTERSALE_REASONS]).toEqual([...server.AFTERSALE_REASONS]);
  });
  it('names every history action in Chinese, and passes unknown ones through', () => {
    const actions = ['apply', 'agreeRefund', 'agreeReturn', 'reject', 'shipBack', 'receive', 'refunded', 'shipExchange', 'confirmExchange', 'cancel'];
    for (const a of actions) expect(actionText(a)).not.toBe(a);
    expect(actionText('agreeRefund')).toBe('商家同意退款');
    expect(actionText('somethingNew')).toBe('somethingNew');
  });
  it('says where a refund is', () => {
    expect(REFUND_STATUS_TEXT.PROCESSING).toBe('退款处理中');
    expect(REFUND_STATUS_TEXT.SUCCESS).toBe('已退款');
    expect(REFUND_STATUS_TEXT.ABNORMAL).toBe('退款异常，商家处理中');
  });
  it('describes a cancellation request', () => {
    expect(cancelRequestText({ status: 'pending', rejectReason: null })).toContain('待商家处理');
    expect(cancelRequestText({ status: 'rejected', rejectReason: '已打包' })).toBe('商家拒绝：已打包');
    expect(cancelRequestText({ status: 'agreed', rejectReason: null })).toContain('已同意');
  });
});

describe('coming back from the cashier page', () => {
  it('knows the outcomes', () => {
    expect(isPayOutcome('ok')).toBe(true);
    expect(isPayOutcome('cancel')).toBe(true);
    expect(isPayOutcome('maybe')).toBe(false);
    expect(isPayOutcome(undefined)).toBe(false);
  });
  it('drops an earlier wxpay parameter from the return URL', () => {
    expect(withoutWxpayParam('http://h/h5/#/pages/order-detail/index?id=1&wxpay=ok')).toBe('http://h/h5/#/pages/order-detail/index?id=1');
    expect(withoutWxpayParam('http://h/h5/#/pages/order-detail/index?wxpay=fail&id=1')).toBe('http://h/h5/#/pages/order-detail/index?id=1');
    expect(withoutWxpayParam('http://h/h5/?wxpay=ok#/pages/order-detail/index?id=1')).toBe('http://h/h5/#/pages/order-detail/index?id=1');
    expect(withoutWxpayParam('http://h/h5/#/pages/order-detail/index?id=1')).toBe('http://h/h5/#/pages/order-detail/index?id=1');
    expect(withoutWxpayParam('http://h/h5/#/pages/x/index?wxpay=ok')).toBe('http://h/h5/#/pages/x/index');
    expect(withoutWxpayParam('http://h/a?wxpayx=1')).toBe('http://h/a?wxpayx=1');
  });
  it('drops the pay=1 of 提交订单 too, so that coming back from the cashier does not pay again', () => {
    expect(withoutWxpayParam('http://h/h5/#/pages/order-detail/index?id=1&pay=1')).toBe('http://h/h5/#/pages/order-detail/index?id=1');
    expect(withoutWxpayParam('http://h/h5/#/pages/order-detail/index?id=1&payx=1')).toBe('http://h/h5/#/pages/order-detail/index?id=1&payx=1');
  });
});

describe('amounts', () => {
  it('reads yuan as fen', () => {
    expect(yuanInputToFen('183.35')).toBe(18335);
    expect(yuanInputToFen(' 12.3 ')).toBe(1230);
    expect(yuanInputToFen('¥5')).toBe(500);
    expect(yuanInputToFen('0.01')).toBe(1);
    expect(yuanInputToFen('1.234')).toBeNull();
    expect(yuanInputToFen('-1')).toBeNull();
    expect(yuanInputToFen('')).toBeNull();
    expect(yuanInputToFen('abc')).toBeNull();
    expect(fenToYuanInput(18335)).toBe('183.35');
    expect(yuanInputToFen(fenToYuanInput(7))).toBe(7);
  });
  it('shares a line like the server: rounded down, the last units take the rest', () => {
    const line = { quantity: 3, payable: 1000 };
    const none = { quantity: 0, amount: 0 };
    expect(lineShare(line, none, 1)).toBe(333);
    expect(lineShare(line, none, 2)).toBe(666);
    expect(lineShare(line, none, 3)).toBe(1000);
    // one unit already claimed for 333: the last two take 667
    expect(lineShare(line, { quantity: 1, amount: 333 }, 2)).toBe(667);
    expect(lineShare(line, { quantity: 3, amount: 1000 }, 1)).toBe(0);
    expect(lineShare(line, none, 0)).toBe(0);
  });
  it('whole lines always add up to what they cost', () => {
    for (let q = 1; q <= 7; q++)
      for (const payable of [1, 99, 1000, 18335]) {
        const line = { quantity: q, payable };
        let claimed = { quantity: 0, amount: 0 };
        for (let i = 0; i < q; i++) {
          const s = lineShare(line, claimed, 1);
          claimed = { quantity: claimed.quantity + 1, amount: claimed.amount + s };
        }
        expect(claimed.amount).toBe(payable);
      }
  });
  it('caps the sum of the chosen lines by what is still refundable', () => {
    const order = { lines: [{ skuId: 'a', quantity: 2, payable: 18335 }, { skuId: 'b', quantity: 1, payable: 500 }], aftersaleClaims: {} };
    expect(maxRefund([{ skuId: 'a', quantity: 2, shareEach: 9167 }], 100000, order)).toBe(18335);
    expect(maxRefund([{ skuId: 'a', quantity: 1, shareEach: 9167 }, { skuId: 'b', quantity: 1, shareEach: 500 }], 100000, order)).toBe(9667);
    expect(maxRefund([{ skuId: 'a', quantity: 2, shareEach: 9167 }], 10000, order)).toBe(10000);
    // without the order: the quote's per-unit share
    expect(maxRefund([{ skuId: 'a', quantity: 2, shareEach: 9167 }], 100000)).toBe(18334);
    expect(maxRefund([], 100000, order)).toBe(0);
  });
  it('checks a tracking number as the server does', () => {
    expect(isTrackingNo('SF1234567890')).toBe(true);
    expect(isTrackingNo('YT-12345')).toBe(true);
    expect(isTrackingNo('12345')).toBe(false);
    expect(isTrackingNo('SF 123456')).toBe(false);
  });
});
