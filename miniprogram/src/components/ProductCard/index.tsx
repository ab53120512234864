import { Text, View } from '@tarojs/components';
import type { ProductCard as Card } from '@shop/types';
import ProductImage from '../ProductImage';
import { priceFrom, salesText, showOriginal, yuan } from '../../lib/price';
import { openProduct } from '../../lib/nav';
import './index.scss';

interface Props {
  product: Card;
  /** grid: picture on top (home, search); row: picture on the left (categories) */
  layout?: 'grid' | 'row';
}

export default function ProductCard({ product: p, layout = 'grid' }: Props) {
  const soldOut = p.stockTotal <= 0;
  return (
    <View className={`product-card product-card--${layout}`} data-id={p._id} onClick={() => openProduct(p._id)}>
      <View className="product-card__media">
        <ProductImage className="product-card__image" src={p.image} />
        {soldOut && <View className="product-card__soldout">已售罄</View>}
      </View>
      <View className="product-card__body">
        <Text className="product-card__name">{p.name}</Text>
        {layout === 'row' && p.summary ? <Text className="product-card__summary">{p.summary}</Text> : null}
        <View className="product-card__price-row">
          <Text className="product-card__price">{priceFrom(p.priceMin, p.priceMax)}</Text>
          {showOriginal(p.originalPriceMax, p.priceMin) && (
            <Text className="product-card__original">{yuan(p.originalPriceMax)}</Text>
          )}
        </View>
        <Text className="product-card__sales">已售 {salesText(p.sales)}</Text>
      </View>
    </View>
  );
}
