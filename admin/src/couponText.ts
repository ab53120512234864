/** Coupon words for the panel: labels, the offer in words, and the server's coupon errors in Chinese. */
import { formatYuan, type Coupon, type CouponStatus } from '@shop/types';
import { ApiError } from './api';
import { errorText } from './errors';

export const KIND_TEXT: Record<string, string> = { normal: '普通券', reusable: '复用券' };
export const TYPE_TEXT: Record<string, string> = { cash: '现金券', discount: '折扣券' };
export const STATUS_TEXT: Record<CouponStatus, string> = { draft: '未发布', published: '已发布', void: '已废弃' };
export const STATUS_COLOR: Record<CouponStatus, string> = { draft: 'default', published: 'green', void: 'red' };
export const CODE_STATUS_TEXT: Record<string, string> = { available: '未发放', held: '已发放', used: '已使用', void: '已作废' };
export const CODE_STATUS_COLOR: Record<string, string> = { available: 'default', held: 'blue', used: 'green', void: 'red' };
export const VIA_TEXT: Record<string, string> = { distribute: '商家派发', claim: '顾客领取', registration: '注册送券', gift: '满赠' };

/** 800 per mille -> "8", 850 -> "8.5", 855 -> "8.55" (折) */
export const zhe = (perMille: number) => String(perMille / 100);

/** "满100.00减15.00" / "无门槛 8.5折，最多减20.00" */
export function offerText(c: Pick<Coupon, 'type' | 'value' | 'maxOff' | 'threshold'>): string {
  const cond = c.threshold > 0 ? `满${formatYuan(c.threshold)}元` : '无门槛';
  if (c.type === 'cash') return `${cond}减${formatYuan(c.value)}元`;
  return `${cond}打${zhe(c.value)}折${c.maxOff > 0 ? `，最多减${formatYuan(c.maxOff)}元` : ''}`;
}

/** The server's coupon refusals in words a merchant understands (falls back to the shared error text). */
export function couponError(e: unknown): string {
  if (!(e instanceof ApiError)) return errorText(e);
  const m = e.message;
  switch (e.code) {
    case 'COUPON_SOLD_OUT': {
      const d = e.details as { available?: number; requested?: number } | undefined;
      return d && typeof d.available === 'number' ? `优惠券不足以派发：剩余 ${d.available} 张，需要 ${d.requested} 张` : '优惠券已发完';
    }
    case 'CODE_TAKEN':
      return '这个优惠码已被其他优惠券使用，请换一个';
    case 'COUPON_GIFT_CONFLICT':
    case 'COUPON_NEW_CUSTOMERS_ONLY':
      return m; // the server names the campaign / says why, in Chinese
    case 'IMPORT_INVALID':
      if (/at most/.test(m)) return '文件最多 10,000 个优惠码';
      if (/no codes/.test(m)) return '文件里没有优惠码';
      return '无法读取文件，请上传 CSV 或 XLSX 文件';
    case 'INVALID_STATE':
      if (/cannot be edited|cannot change/.test(m)) return '优惠券发布后不能再修改';
      if (/no codes/.test(m)) return '还没有优惠码：请先生成或导入优惠码';
      if (/validity period has ended|expired/.test(m)) return '优惠券已过有效期';
      if (/publish the coupon first/.test(m)) return '请先发布优惠券';
      if (/already void|is void/.test(m)) return '优惠券已废弃';
      if (/already published/.test(m)) return '优惠券已发布';
      if (/draft is deleted/.test(m)) return '未发布的优惠券请直接删除';
      if (/reusable/.test(m)) return '复用券只有一个优惠码，不能派发、领取或导入';
      if (/must be published/.test(m)) return '请选择已发布的普通券';
      return `当前状态不允许此操作（${m}）`;
    default:
      return errorText(e);
  }
}
