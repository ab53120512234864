import { Text, View } from '@tarojs/components';
import type { AftersaleLine as Line } from '@shop/types';
import ProductImage from '../ProductImage';
import './index.scss';

/** One line of an after-sales request: picture, name, spec and the units asked for (.as-line-item). */
export default function AftersaleLine({ line }: { line: Pick<Line, 'skuId' | 'name' | 'image' | 'specValues' | 'quantity'> }) {
  return (
    <View className="as-line-item" data-sku={line.skuId}>
      <ProductImage className="as-line-item__image" src={line.image} />
      <View className="as-line-item__body">
        <Text className="as-line-item__name">{line.name}</Text>
        {line.specValues.length ? <Text className="as-line-item__spec">{line.specValues.join(' / ')}</Text> : null}
        <Text className="as-line-item__qty">× {line.quantity}</Text>
      </View>
    </View>
  );
}
