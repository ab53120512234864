import { Text, View } from '@tarojs/components';
import type { LocalStatus, Order } from '@shop/types';
import { formatTime } from '../../lib/orders';
import '../OrderShipments/index.scss';

const STEP_TEXT: Record<LocalStatus, string> = { dispatched: '已派单，等待骑手取货', picked_up: '骑手已取货，正在配送', delivered: '已送达', cancelled: '配送已取消' };

/** A same-city order's delivery (#order-local): where it is now, the rider, and each step with its time. */
export default function LocalDelivery({ order }: { order: Pick<Order, 'delivery' | 'localDelivery' | 'status'> }) {
  if (order.delivery.method !== 'local') return null;
  const d = order.localDelivery;
  return (
    <View id="order-local" className="o-card shipments" data-status={d?.status ?? 'waiting'}>
      <View className="o-card__title">同城配送</View>
      {!d ? (
        <Text className="shipment__items">{order.status === 'paid' ? '商家备货中，即将安排配送' : '付款后安排配送'}</Text>
      ) : (
        <>
          <View className="shipment__head">
            <Text className="shipment__company">{STEP_TEXT[d.status]}</Text>
          </View>
          {d.rider ? (
            <Text className="shipment__tracking" userSelect>
              骑手：{d.rider.name} {d.rider.phone}
            </Text>
          ) : null}
          {[...d.history].reverse().map((h) => (
            <View key={`${h.status}-${h.at}`} className="shipment" data-status={h.status}>
              <Text className="shipment__items">
                {STEP_TEXT[h.status]} · {formatTime(h.at)}
              </Text>
            </View>
          ))}
        </>
      )}
    </View>
  );
}
