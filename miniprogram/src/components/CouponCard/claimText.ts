import Taro from '@tarojs/taro';
import { ApiError, call } from '../../api/client';

/** The claim's refusals in Chinese by error code (the server's messages are English). */
const CLAIM_REFUSALS = new Map<string, string>(
  Object.entries({
    COUPON_ALREADY_CLAIMED: '您已经领取过这张优惠券了',
    COUPON_SOLD_OUT: '优惠券已被抢光了',
    COUPON_NEW_CUSTOMERS_ONLY: '新人专享：仅限还没有下过单的新顾客领取',
    COUPON_UNAVAILABLE: '该优惠券活动已结束', // voided or deleted by the shop
    NOT_FOUND: '优惠券不存在或活动已结束',
    UNAUTHENTICATED: '请先登录',
  }),
);

/** The claim's refusal in Chinese; an error it does not know keeps its own message. */
export const claimErrorText = (e: unknown): string => {
  if (!(e instanceof ApiError)) return e instanceof Error && e.message ? e.message : '出错了，请稍后重试';
  if (e.code === 'INVALID_STATE') return /expired/.test(e.message) ? '优惠券已过期' : '该优惠券活动已结束';
  return CLAIM_REFUSALS.get(e.code) ?? (e.message || '出错了，请稍后重试');
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
