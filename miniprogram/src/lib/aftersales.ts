/**
 * Words and sums for paying, refunds and after-sales requests (no Taro, no React).
 *
 * The kinds' and states' words come from @shop/types' zod-free `aftersaleTexts` module.
 */
import type { AftersaleType, CancelRequest, RefundStatus } from '@shop/types';
import { formatYuan, parseYuan, unitsShare } from '@shop/types/src/money';

// the server's words (zod-free module, so the storefront bundle stays small)
export { AFTERSALE_TYPE_TEXT, AFTERSALE_STATUS_TEXT, AFTERSALE_REASONS } from '@shop/types/src/aftersaleTexts';

/** One line under each type's radio button. */
export const AFTERSALE_TYPE_HINT: Record<AftersaleType, string> = {
  refund: '未收到货，或与商家协商一致不用退货',
  return_refund: '已收到货，需要退还商品',
  exchange: '已收到货，需要更换商品',
};

/** A request's history step (`action` as the server records it) in the shopper's words. */
const ACTION_TEXT: Record<string, string> = {
  apply: '提交申请',
  agreeRefund: '商家同意退款',
  agreeReturn: '商家同意退货',
  reject: '商家驳回',
  shipBack: '买家寄回',
  receive: '商家确认收货',
  refunded: '退款成功',
  shipExchange: '商家发出换货',
  confirmExchange: '买家确认收到换货',
  cancel: '买家撤销',
};
export const actionText = (action: string): string => ACTION_TEXT[action] ?? action;

export const REFUND_STATUS_TEXT: Record<RefundStatus, string> = {
  PENDING: '退款处理中',
  PROCESSING: '退款处理中',
  SUCCESS: '已退款',
  ABNORMAL: '退款异常，商家处理中',
  CLOSED: '退款已关闭',
  FAILED: '退款失败，商家处理中',
};

/** The notice for a paid order's cancellation request. */
export const cancelRequestText = (r: Pick<CancelRequest, 'status' | 'rejectReason'>): string => {
  switch (r.status) {
    case 'pending':
      return '已申请取消，待商家处理';
    case 'rejected':
      return `商家拒绝：${r.rejectReason || '未说明原因'}`;
    case 'agreed':
      return '商家已同意取消';
    default:
      return '';
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Paying on H5: the cashier page sends the shopper back with `wxpay=ok|fail|cancel` in the hash route's query.

export type PayOutcome = 'ok' | 'fail' | 'cancel';
export const isPayOutcome = (v: string | undefined): v is PayOutcome => v === 'ok' || v === 'fail' || v === 'cancel';
export const PAY_OUTCOME_TEXT: Record<PayOutcome, string> = { ok: '支付成功', fail: '支付失败', cancel: '已取消支付' };

/** The page's URL without any `wxpay=` or `pay=` parameter (in the search or in the hash route's query). */
export const withoutWxpayParam = (href: string): string => {
  const strip = (query: string) =>
    query
      .split('&')
      .filter((p) => p && !/^(wxpay|pay)(=|$)/.test(p))
      .join('&');
  const hashAt = href.indexOf('#');
  const base = hashAt < 0 ? href : href.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : href.slice(hashAt);
  const clean = (part: string) => {
    const at = part.indexOf('?');
    if (at < 0) return part;
    const q = strip(part.slice(at + 1));
    return part.slice(0, at) + (q ? `?${q}` : '');
  };
  return clean(base) + clean(hash);
};

// ---------------------------------------------------------------------------------------------------------------
// Amounts

/** The server's share rule (`unitsShare`), clipped to what is left: 0 for nothing or no units left. */
export const lineShare = (line: { quantity: number; payable: number }, claimed: { quantity: number; amount: number }, q: number): number => {
  const left = line.quantity - claimed.quantity;
  return q <= 0 || left <= 0 ? 0 : unitsShare(line, claimed, Math.min(q, left));
};

export interface ChosenLine {
  skuId: string;
  quantity: number;
  /** the quote's floor(payable / quantity), used when the order's line is not known */
  shareEach: number;
}
/** The most a request for these lines may ask back: their shares (exact when the order is known), capped by what is left. */
export const maxRefund = (
  chosen: ChosenLine[],
  refundable: number,
  order?: { lines: { skuId: string; quantity: number; payable: number }[]; aftersaleClaims?: Record<string, { quantity: number; amount: number }> } | null,
): number => {
  const sum = chosen.reduce((n, c) => {
    const line = order?.lines.find((l) => l.skuId === c.skuId);
    if (!line) return n + c.shareEach * c.quantity;
    return n + lineShare(line, order?.aftersaleClaims?.[c.skuId] ?? { quantity: 0, amount: 0 }, c.quantity);
  }, 0);
  return Math.max(0, Math.min(sum, refundable));
};

/** What the shopper typed in yuan -> fen (null when it is not an amount: empty, signs, more than two decimals). */
export const yuanInputToFen = (text: string): number | null => parseYuan(text.replace(/^\s*[¥￥]/, ''));
/** fen -> the amount field's text ("183.35"). */
export const fenToYuanInput = (fen: number): string => formatYuan(fen);

/** The courier's tracking number as the server takes it: 6–40 letters, digits or '-'. */
export const isTrackingNo = (v: string): boolean => /^[A-Za-z0-9-]{6,40}$/.test(v.trim());

/** At most this many evidence pictures (the server's limit). */
export const EVIDENCE_MAX = 9;
