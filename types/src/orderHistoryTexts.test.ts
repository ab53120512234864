import { historyText } from './orderHistoryTexts';
import type { OrderHistoryEntry } from './orders';

const at = '2026-01-01T00:00:00.000Z';
const base = { at, from: 'paid', to: 'paid', by: 'system' } as const;

test.each<[OrderHistoryEntry, string]>([
  [{ ...base, from: null, to: 'unpaid', event: 'placed', detail: {} }, '顾客下单'],
  [{ ...base, event: 'paid', detail: { transactionId: '4200001' } }, '付款成功，交易单号 4200001'],
  [{ ...base, event: 'paid', detail: { transactionId: null } }, '无需付款'],
  [{ ...base, event: 'priceChanged', detail: { from: 10000, to: 9050, reason: '老顾客' } }, '改价 ¥100.00 → ¥90.50：老顾客'],
  [{ ...base, to: 'closed', event: 'closed', detail: { reason: 'timeout', note: 'not paid in time' } }, '超时未付款'],
  [{ ...base, to: 'closed', event: 'closed', detail: { reason: 'shopper_cancel', note: '不想要了' } }, '不想要了'],
  [{ ...base, to: 'closed', event: 'closedPaid', detail: { refund: true, note: '缺货' } }, '关闭并退款：缺货'],
  [{ ...base, to: 'closed', event: 'closedPaid', detail: { refund: false, note: '缺货' } }, '关闭不退款：缺货'],
  [{ ...base, to: 'closed', event: 'refunded', detail: {} }, '已全额退款'],
  [{ ...base, to: 'partly_shipped', event: 'shipped', detail: { company: '顺丰', trackingNo: 'SF1', partial: true } }, '顺丰 SF1（部分发货）'],
  [{ ...base, to: 'shipped', event: 'shipped', detail: { company: '顺丰', trackingNo: 'SF1', partial: false } }, '顺丰 SF1'],
  [{ ...base, to: 'completed', event: 'completed', detail: { via: 'complete' } }, '交易完成'],
  [{ ...base, to: 'completed', event: 'completed', detail: { via: 'fulfilVirtual' } }, '虚拟商品已发放，交易完成'],
  [{ ...base, event: 'cancelRequested', detail: { reason: '拍错了' } }, '顾客申请取消：拍错了'],
  [{ ...base, event: 'cancelRejected', detail: { reason: '已备货' } }, '拒绝取消申请：已备货'],
])('%o reads %s', (entry, text) => expect(historyText(entry)).toBe(text));

// entries stored before events existed: the same words as before, anything else as written
test.each([
  ['order placed', '顾客下单'],
  ['paid 4200001', '付款成功，交易单号 4200001'],
  ['price 10000 → 9050: 老顾客', '改价 ¥100.00 → ¥90.50：老顾客'],
  ['closed and refunded: 同意取消: 拍错了', '关闭并退款：同意取消: 拍错了'],
  ['wholly refunded', '已全额退款'],
  ['顺丰 SF1', '顺丰 SF1'],
])('an old entry noting %s reads %s', (note, text) => expect(historyText({ ...base, note })).toBe(text));
