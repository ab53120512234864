import type { StatsFigures, StatsPeriod } from '@shop/types';

export const PERIODS: { value: StatsPeriod; label: string; previous: string }[] = [
  { value: 'today', label: '今日', previous: '较昨日' },
  { value: 'yesterday', label: '昨日', previous: '较前日' },
  { value: '7d', label: '近7天', previous: '较前7天' },
  { value: '30d', label: '近30天', previous: '较前30天' },
];

/** the headline figures, in the order the cards show them */
export const HEADLINES: { key: keyof StatsFigures; label: string; money?: boolean; hint: string }[] = [
  { key: 'paidAmount', label: '支付金额', money: true, hint: '顾客支付的订单金额（不扣退款）' },
  { key: 'paidOrders', label: '支付订单数', hint: '支付成功的订单数' },
  { key: 'payingCustomers', label: '支付人数', hint: '支付过订单的顾客，每人只算一次' },
  { key: 'avgOrderValue', label: '客单价', money: true, hint: '支付金额 ÷ 支付订单数' },
  { key: 'refundAmount', label: '退款金额', money: true, hint: '退款成功的金额（按退款到账时间）' },
  { key: 'newCustomers', label: '新客户数', hint: '第一次支付订单的顾客' },
];

export type TrendMetric = 'paidAmount' | 'paidOrders' | 'payingCustomers' | 'refundAmount';
export const TREND_METRICS: Record<TrendMetric, { label: string; money?: boolean }> = {
  paidAmount: { label: '支付金额', money: true },
  paidOrders: { label: '支付订单数' },
  payingCustomers: { label: '支付人数' },
  refundAmount: { label: '退款金额', money: true },
};
