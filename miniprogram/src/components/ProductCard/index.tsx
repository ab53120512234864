import { Text, View } from '@tarojs/components';
import type { ProductCard as Card } from '@shop/types';
import ProductImage from '../ProductImage';
import { priceFrom, salesText, showOriginal, yuan } from '../../lib/price';
import { openProduct } from '../../lib/nav';
import { showsActivityPrice, upcomingText } from '../../lib/activity';
import './index.scss';

interface Props {
  product: Card;
  /** grid: picture on top (home, search); row: picture on the left (categories) */
  layout?: 'grid' | 'row';
}

/**
 * One product in a list. With an item activity: its tag on the picture; a running flash sale or limited-time
 * discount shows the activity price with the sale price struck through; an upcoming one says when it starts.
 */
export default function ProductCard({ product: p, layout = 'grid' }: Props) {
  const a = p.activity ?? null;
  const soldOut = p.stockTotal <= 0;
  const activityPrice = a && showsActivityPrice(a) ? a.priceMin : null;
  const flashGone = a?.kind === 'flash' && a.status === 'running' && a.soldOut;
  return (
    <View
      className={`product-card product-card--${layout}${a ? ` product-card--${a.kind}` : ''}`}
      data-id={p._id}
      data-activity={a?.kind ?? ''}
      data-activity-status={a?.status ?? ''}
      onClick={() => openProduct(p._id)}
    >
      <View className="product-card__media">
        <ProductImage className="product-card__image" src={p.image} />
        {a ? <Text className={`product-card__tag product-card__tag--${a.kind}`}>{a.tag}</Text> : null}
        {soldOut ? <View className="product-card__soldout">已售罄</View> : flashGone ? <View className="product-card__soldout">已抢光</View> : null}
      </View>
      <View className="product-card__body">
        <Text className="product-card__name">{p.name}</Text>
        {layout === 'row' && p.summary ? <Text className="product-card__summary">{p.summary}</Text> : null}
        {activityPrice !== null ? (
          <View className="product-card__price-row">
            <Text className="product-card__price product-card__price--activity" data-fen={String(activityPrice)}>
              {yuan(activityPrice)}
              {p.priceMax > p.priceMin ? ' 起' : ''}
            </Text>
            <Text className="product-card__original" data-fen={String(p.priceMin)}>
              {yuan(p.priceMin)}
            </Text>
          </View>
        ) : (
          <View className="product-card__price-row">
            <Text className="product-card__price" data-fen={String(p.priceMin)}>
              {priceFrom(p.priceMin, p.priceMax)}
            </Text>
            {showOriginal(p.originalPriceMax, p.priceMin) && <Text className="product-card__original">{yuan(p.originalPriceMax)}</Text>}
          </View>
        )}
        {a && a.status === 'upcoming' ? (
          <Text className="product-card__activity">{upcomingText(a)}</Text>
        ) : (
          <Text className="product-card__sales">已售 {salesText(p.sales)}</Text>
        )}
      </View>
    </View>
  );
}
