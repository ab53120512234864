import { Text, View } from '@tarojs/components';
import ProductImage from '../ProductImage';
import { yuan } from '../../lib/price';
import './index.scss';

interface Props {
  line: { skuId: string; name: string; image: string | null; specValues: string[]; quantity: number; price: number; payable?: number };
  /** show what the line really cost after every discount (order detail) */
  showPayable?: boolean;
  onClick?: () => void;
}

/** One bought item: picture, name, spec, unit price × quantity (and, on the order detail, what it cost). */
export default function OrderLineItem({ line, showPayable = false, onClick }: Props) {
  return (
    <View className="order-line" data-sku={line.skuId} onClick={onClick}>
      <ProductImage className="order-line__image" src={line.image} />
      <View className="order-line__body">
        <Text className="order-line__name">{line.name}</Text>
        {line.specValues.length ? <Text className="order-line__spec">{line.specValues.join(' / ')}</Text> : null}
        <View className="order-line__foot">
          <Text className="order-line__price">{yuan(line.price)}</Text>
          <Text className="order-line__qty">× {line.quantity}</Text>
        </View>
        {showPayable && line.payable !== undefined ? (
          <Text className="order-line__payable" data-fen={String(line.payable)}>
            优惠后 {yuan(line.payable)}
          </Text>
        ) : null}
      </View>
    </View>
  );
}
