import { Text, View } from '@tarojs/components';
import type { ActionOutput } from '@shop/types';
import { yuan } from '../../lib/price';
import { formatTime } from '../../lib/orders';
import { REFUND_STATUS_TEXT } from '../../lib/aftersales';
import './index.scss';

export type OrderRefund = ActionOutput<'order', 'refunds'>[number];

const SOURCE_TEXT: Record<OrderRefund['source'], string> = { merchant: '商家退款', cancel: '取消订单退款', aftersale: '售后退款', late_payment: '订单关闭后付款，自动退回' };

/** An order's refunds (#order-refunds): amount, where it is, when; one .refund-row each. */
export default function OrderRefunds({ refunds }: { refunds: OrderRefund[] }) {
  if (!refunds.length) return null;
  return (
    <View id="order-refunds" className="o-card">
      <View className="o-card__title">退款记录</View>
      {refunds.map((r) => (
        <View key={r._id} className="refund-row" data-id={r._id} data-status={r.status} data-fen={String(r.amount)}>
          <View className="refund-row__main">
            <Text className="refund-row__amount">{yuan(r.amount)}</Text>
            <Text className={`refund-row__status refund-row__status--${r.status.toLowerCase()}`}>{REFUND_STATUS_TEXT[r.status]}</Text>
          </View>
          <Text className="refund-row__note">
            {SOURCE_TEXT[r.source] ?? '退款'} · {formatTime(r.successAt ?? r.createdAt)}
          </Text>
        </View>
      ))}
    </View>
  );
}
