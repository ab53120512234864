/**
 * An order history entry in Chinese, from its data (`event` + `detail`). No zod here: the storefront may import this
 * file directly (`@shop/types/src/orderHistoryTexts`), like orderTexts.ts.
 */
import { formatYuan } from './money';
import type { OrderHistoryEntry } from './orders';

const COMPLETED_TEXT = { complete: '交易完成', fulfil: '交易完成', fulfilVirtual: '虚拟商品已发放，交易完成' } as const;

export function historyText(h: OrderHistoryEntry): string {
  switch (h.event) {
    case 'placed':
      return '顾客下单';
    case 'paid':
      return h.detail.transactionId ? `付款成功，交易单号 ${h.detail.transactionId}` : '无需付款';
    case 'priceChanged':
      return `改价 ¥${formatYuan(h.detail.from)} → ¥${formatYuan(h.detail.to)}：${h.detail.reason}`;
    case 'closed':
      return h.detail.reason === 'timeout' ? '超时未付款' : h.detail.note;
    case 'closedPaid':
      return `${h.detail.refund ? '关闭并退款' : '关闭不退款'}：${h.detail.note}`;
    case 'refunded':
      return '已全额退款';
    case 'shipped':
      return `${h.detail.company} ${h.detail.trackingNo}${h.detail.partial ? '（部分发货）' : ''}`;
    case 'trackingCorrected':
      return `修改包裹 ${h.detail.no} 的物流：${h.detail.from} → ${h.detail.company} ${h.detail.trackingNo}（${h.detail.reason}）`;
    case 'completed':
      return COMPLETED_TEXT[h.detail.via];
    case 'cancelRequested':
      return `顾客申请取消：${h.detail.reason}`;
    case 'cancelRejected':
      return `拒绝取消申请：${h.detail.reason}`;
    case undefined:
      return legacyNoteText(h.note);
  }
}

/** Entries stored before events existed carry an English note: the usual ones in Chinese, any other as written. */
function legacyNoteText(note: string): string {
  const fixed: Record<string, string> = { 'order placed': '顾客下单', 'not paid in time': '超时未付款', 'nothing to pay': '无需付款', completed: '交易完成', 'wholly refunded': '已全额退款' };
  if (fixed[note]) return fixed[note];
  const price = /^price (\d+) → (\d+): (.*)$/s.exec(note);
  if (price) return `改价 ¥${formatYuan(Number(price[1]))} → ¥${formatYuan(Number(price[2]))}：${price[3]}`;
  const paid = /^paid (.+)$/.exec(note);
  if (paid) return `付款成功，交易单号 ${paid[1]}`;
  const labels: Record<string, string> = {
    'cancellation requested': '顾客申请取消',
    'cancellation rejected': '拒绝取消申请',
    'closed and refunded': '关闭并退款',
    'closed without refund': '关闭不退款',
  };
  const rest = /^(cancellation requested|cancellation rejected|closed and refunded|closed without refund): (.*)$/s.exec(note);
  return rest ? `${labels[rest[1]]}：${rest[2]}` : note;
}
