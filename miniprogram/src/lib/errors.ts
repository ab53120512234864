/**
 * Error texts for the cart, checkout and order screens. The server's messages are written for developers (in
 * English); the shopper sees a Chinese text chosen by the error code, with the server's details where they help.
 */
import Taro from '@tarojs/taro';
import { formatYuan } from '@shop/types/src/money';
import { ApiError } from '../api/client';
import { couponCodeThrottledText, formatTime } from './orders';

const numberIn = (details: unknown, key: string): number | null => {
  const v = (details as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'number' ? v : null;
};
const stockOf = (details: unknown): number | null => numberIn(details, 'stock');
const stringIn = (details: unknown, key: string): string | null => {
  const v = (details as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' && v ? v : null;
};
/** The server's own message when it is written for the shopper (in Chinese), else the fallback. */
const chineseOr = (message: string, fallback: string): string => (/[\u4e00-\u9fff]/.test(message) ? message : fallback);

/** A Chinese sentence for an error from `call` (or anything else thrown). */
export const errorText = (e: unknown): string => {
  if (!(e instanceof ApiError)) return e instanceof Error && e.message ? e.message : '出错了，请稍后重试';
  switch (e.code) {
    case 'UNAUTHENTICATED':
      return '请先登录';
    case 'FORBIDDEN':
      return '当前身份不能进行此操作';
    case 'OUT_OF_STOCK': {
      // a flash sale's own stock is gone (details.activityId), whatever the SKU's stock says
      if (stringIn(e.details, 'activityId')) return chineseOr(e.message, '手慢了，活动商品已抢光');
      const stock = stockOf(e.details);
      return stock !== null && stock > 0 ? `库存不足，仅剩 ${stock} 件` : '商品已售罄';
    }
    case 'OFF_SHELF':
      return '商品已下架';
    case 'ACTIVITY_LIMIT_REACHED': {
      const limit = numberIn(e.details, 'limit');
      const taken = numberIn(e.details, 'taken');
      // the server names the product and the numbers in Chinese; otherwise say it from the details
      if (limit === null) return chineseOr(e.message, '已达活动限购数量');
      return chineseOr(e.message, `活动商品每人限购 ${limit} 件${taken !== null && taken > 0 ? `，你已购买 ${taken} 件` : ''}`);
    }
    case 'NOT_FOUND':
      return '内容不存在或已失效';
    case 'CART_LIMIT':
      return '购物车最多放 100 种商品';
    case 'NOTHING_SELECTED':
      return '请先选择要结算的商品';
    case 'COUPON_NOT_APPLICABLE':
      return '该优惠券当前不可用';
    case 'DELIVERY_NOT_AVAILABLE':
      return '该配送方式暂不可用';
    case 'POINTS_DISABLED':
      return '积分抵扣暂未开放';
    case 'POINTS_INSUFFICIENT':
      return '积分不足';
    case 'ILLEGAL_TRANSITION':
      return '订单状态已变化，请刷新后重试';
    case 'CONFLICT':
      return '操作太频繁，请稍后重试';
    case 'PRICE_CHANGED':
      return '价格有变化，请确认后重新提交';
    case 'VALIDATION_FAILED':
      return '填写的内容有误，请检查';
    case 'INVALID_STATE':
      return chineseOr(e.message, '当前状态不能进行此操作，请刷新后重试');
    case 'PAYMENT_NOT_CONFIGURED':
      return '商家暂未开通微信支付';
    case 'PAYMENT_UNAVAILABLE':
      return '微信支付暂时不可用，请稍后重试';
    case 'REFUND_EXCEEDS_PAID':
      return '退款金额超过了可退金额';
    case 'AFTERSALE_AMOUNT_TOO_HIGH': {
      const max = numberIn(e.details, 'max');
      return max !== null ? `退款金额过高，最多可退 ¥${formatYuan(max)}` : '退款金额超过了可退金额';
    }
    case 'PAYLOAD_TOO_LARGE':
      return '图片太大，请选择 2 MB 以内的图片';
    case 'INVALID_CREDENTIALS':
      return '用户名或密码错误';
    case 'LOGIN_THROTTLED': {
      const wait = numberIn(e.details, 'retryAfterSeconds');
      return wait !== null ? `登录失败次数过多，请 ${wait} 秒后再试` : '登录失败次数过多，请稍后再试';
    }
    case 'ACCOUNT_DISABLED':
      return '账号已停用';
    case 'PICKUP_CODE_INVALID':
      return '提货码无效：输入有误，或订单已退款';
    case 'MIXED_PRODUCT_TYPES':
      return '虚拟商品无需物流，请与实物商品分开结算';
    case 'PICKUP_CODE_USED': {
      const at = stringIn(e.details, 'usedAt');
      const by = stringIn(e.details, 'usedBy');
      return at ? `该提货码已于 ${formatTime(at)}${by ? ` 由 ${by}` : ''} 核销` : '该提货码已核销';
    }
    case 'PICKUP_WRONG_STORE':
      return '该提货码不属于本门店，请到下单时选择的门店提货';
    case 'COUPON_CODE_THROTTLED':
      return couponCodeThrottledText(numberIn(e.details, 'retryAfterSeconds'));
    case 'PICKUP_THROTTLED': {
      const until = stringIn(e.details, 'lockedUntil');
      if (until) return `错误次数过多，已锁定至 ${formatTime(until)}`;
      const wait = numberIn(e.details, 'retryAfterSeconds');
      return `尝试过于频繁，请 ${wait ?? 60} 秒后再试`;
    }
    case 'NETWORK':
      return '网络异常，请稍后重试';
    case 'INTERNAL':
      return '服务器开小差了，请稍后重试';
    default:
      return e.message || '出错了，请稍后重试';
  }
};

export const showErrorText = (e: unknown): void => {
  void Taro.showToast({ title: errorText(e), icon: 'none', duration: 2500 });
};

export const isUnauthenticated = (e: unknown): boolean => e instanceof ApiError && e.code === 'UNAUTHENTICATED';

/** Send the shopper to the 我的 tab to log in (H5: pick a demo shopper; weapp logs in by itself). */
export const goLogin = (): void => {
  void Taro.showToast({ title: '请先登录', icon: 'none' });
  void Taro.switchTab({ url: '/pages/me/index' });
};

/** Handles UNAUTHENTICATED by going to the login page; shows any other error. */
export const handleError = (e: unknown): void => {
  if (isUnauthenticated(e)) goLogin();
  else showErrorText(e);
};

/**
 * A detail page (order, after-sale) failed to load: the message to show in its place, after sending the shopper to
 * log in, or `keep` when a page already shown should stay (the error goes to a toast).
 */
export const detailLoadFailure = (e: unknown, notFound: string): { message: string; keep: boolean } => {
  if (isUnauthenticated(e)) {
    goLogin();
    return { message: '请先登录', keep: false };
  }
  if (e instanceof ApiError && e.code === 'NOT_FOUND') return { message: notFound, keep: false };
  handleError(e);
  return { message: errorText(e), keep: true };
};

/** VALIDATION_FAILED details (`[{path, code, message}]`) by field path. */
export const fieldErrors = (e: unknown): Record<string, string> => {
  if (!(e instanceof ApiError) || e.code !== 'VALIDATION_FAILED' || !Array.isArray(e.details)) return {};
  const out: Record<string, string> = {};
  for (const d of e.details as { path?: unknown; message?: unknown }[]) {
    const path = typeof d.path === 'string' ? d.path : Array.isArray(d.path) ? d.path.join('.') : '';
    if (path && !out[path]) out[path] = typeof d.message === 'string' ? d.message : '格式不正确';
  }
  return out;
};

/** An item activity refused the purchase: the shopper's limit is used up, or the flash sale's own stock is gone. */
export const isActivityRefusal = (e: unknown): e is ApiError =>
  e instanceof ApiError &&
  (e.code === 'ACTIVITY_LIMIT_REACHED' || (e.code === 'OUT_OF_STOCK' && !!stringIn(e.details, 'activityId')));

/** Says why in a modal (it needs the shopper to change the order, not just to tap again). */
export const showActivityRefusal = async (e: ApiError): Promise<void> => {
  await Taro.showModal({
    title: e.code === 'ACTIVITY_LIMIT_REACHED' ? '已达限购' : '已抢光',
    content: errorText(e),
    showCancel: false,
    confirmText: '知道了',
    confirmColor: '#e93b3d',
  });
};
