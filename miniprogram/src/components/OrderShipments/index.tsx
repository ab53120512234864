import { Text, View } from '@tarojs/components';
import type { Order } from '@shop/types';
import { itemText, parcelItems, unshippedItems } from '../../lib/fulfilment';
import { formatTime } from '../../lib/orders';
import './index.scss';

/**
 * An express order's parcels (#order-shipments): carrier, tracking number, when, and which items each carries
 * (.shipment, one per parcel); a partly shipped order says so and lists what is still to come (#order-unshipped).
 */
export default function OrderShipments({ order }: { order: Pick<Order, 'status' | 'lines' | 'shipments'> }) {
  const shipments = order.shipments ?? [];
  if (!shipments.length) return null;
  const partly = order.status === 'partly_shipped';
  const rest = partly ? unshippedItems(order.lines, shipments) : [];
  return (
    <View id="order-shipments" className="o-card shipments" data-count={String(shipments.length)}>
      <View className="o-card__title">物流信息{shipments.length > 1 ? `（${shipments.length} 个包裹）` : ''}</View>
      {partly ? (
        <View id="order-unshipped" className="shipments__partly">
          <Text className="shipments__partly-title">部分发货：其余商品商家将尽快发出</Text>
          {rest.length ? <Text className="shipments__partly-items">待发：{rest.map(itemText).join('，')}</Text> : null}
        </View>
      ) : null}
      {shipments.map((s) => (
        <View key={s.no} className="shipment" data-no={String(s.no)} data-company={s.company} data-tracking={s.trackingNo}>
          <View className="shipment__head">
            {shipments.length > 1 ? <Text className="shipment__no">包裹 {s.no}</Text> : null}
            <Text className="shipment__company">{s.company}</Text>
            <Text className="shipment__time">{formatTime(s.at)}</Text>
          </View>
          <Text className="shipment__tracking" userSelect>
            运单号：{s.trackingNo}
          </Text>
          <Text className="shipment__items">{parcelItems(s, order.lines).map(itemText).join('，')}</Text>
        </View>
      ))}
    </View>
  );
}
