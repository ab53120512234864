import { Text, View } from '@tarojs/components';
import ProductImage from '../ProductImage';
import { yuan } from '../../lib/price';
import { KIND_TAG } from '../../lib/activity';
import './index.scss';

interface Props {
  /** `unitPrice`: the price after an item activity (shown with the sale price struck through when lower) */
  line: { skuId: string; name: string; image: string | null; specValues: string[]; quantity: number; price: number; unitPrice?: number; payable?: number };
  /** show what the line really cost after every discount (order detail) */
  showPayable?: boolean;
  onClick?: () => void;
  /** the item activity the line is bought in (秒杀 / 限时折扣 / 预售) */
  activity?: { kind: 'flash' | 'limited' | 'presale'; name?: string } | null;
}

/** One bought item: picture, name, spec, unit price × quantity (and, on the order detail, what it cost). */
export default function OrderLineItem({ line, showPayable = false, onClick, activity = null }: Props) {
  const dealPrice = activity && line.unitPrice !== undefined && line.unitPrice < line.price ? line.unitPrice : null;
  return (
    <View className="order-line" data-sku={line.skuId} data-activity={activity?.kind ?? ''} onClick={onClick}>
      <ProductImage className="order-line__image" src={line.image} />
      <View className="order-line__body">
        <Text className="order-line__name">
          {activity ? <Text className={`order-line__tag order-line__tag--${activity.kind}`}>{KIND_TAG[activity.kind]}</Text> : null}
          {line.name}
        </Text>
        {line.specValues.length ? <Text className="order-line__spec">{line.specValues.join(' / ')}</Text> : null}
        <View className="order-line__foot">
          <Text className="order-line__price" data-fen={String(dealPrice ?? line.price)}>
            {yuan(dealPrice ?? line.price)}
            {dealPrice !== null ? <Text className="order-line__was">{yuan(line.price)}</Text> : null}
          </Text>
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
