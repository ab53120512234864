import Taro from '@tarojs/taro';
import { ApiError, call } from '../../api/client';

/** The claim's refusals in Chinese (the server's messages are English). */
export const claimErrorText = (e: unknown): string => {
  if (!(e instanceof ApiError)) return e instanceof Error && e.message ? e.message : '出错了，请稍后重试';
  switch (e.code) {
    case 'COUPON_ALREADY_CLAIMED':
      return '您已经领取过这张优惠券了';
    case 'COUPON_SOLD_OUT':
      return '优惠券已被抢光了';
    case 'COUPON_NEW_CUSTOMERS_ONLY':
      return '新人专享：仅限还没有下过单的新顾客领取';
    case 'COUPON_UNAVAILABLE': // voided or deleted by the shop
      return '该优惠券活动已结束';
    case 'INVALID_STATE':
      return /expired/.test(e.message) ? '优惠券已过期' : '该优惠券活动已结束';
    case 'NOT_FOUND':
      return '优惠券不存在或活动已结束';
    case 'UNAUTHENTICATED':
      return '请先登录';
    default:
      return e.message || '出错了，请稍后重试';
  }
};

/** Claims the coupon behind a claim token and says how it went in a toast: the coupon claimed, or null. */
export const claimWithToast = async (token: string) => {
  try {
    const claimed = await call('coupon', 'claim', { c: token });
    void Taro.showToast({ title: '领取成功', icon: 'success' });
    return claimed;
  } catch (e) {
    void Taro.showToast({ title: claimErrorText(e), icon: 'none', duration: 2500 });
    return null;
  }
};
