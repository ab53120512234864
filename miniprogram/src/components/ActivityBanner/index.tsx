import { Text, View } from '@tarojs/components';
import type { ActivitySkuView, ProductActivity } from '@shop/types';
import { yuan } from '../../lib/price';
import { countdownLine, countdownTarget, limitText, shipText, upcomingText } from '../../lib/activity';
import './index.scss';

interface Props {
  activity: ProductActivity;
  /** the chosen SKU's view in the activity (null: none chosen, or not in the activity) */
  sku: ActivitySkuView | null;
  /** the chosen SKU is not in the activity (it sells at its sale price) */
  outside?: boolean;
  /** the chosen SKU's sale price, or the product's lowest */
  salePrice: number;
  now: number;
  reminding: boolean;
  onRemind: () => void;
}

/**
 * The activity strip on the product page: tag and name, the activity price with the sale price struck through
 * (flash and limited), a live countdown (距开始 / 距结束), what is left and the shopper's limit, the presale's
 * shipping rule, and the 提醒我 toggle while upcoming.
 */
export default function ActivityBanner({ activity: a, sku, outside = false, salePrice, now, reminding, onRemind }: Props) {
  const price = a.kind === 'presale' ? null : (sku?.price ?? a.priceMin);
  // no SKU chosen yet and the SKUs differ: the lowest, "起"
  const from = !sku && new Set(a.skus.map((s) => s.price)).size > 1;
  const running = a.status === 'running';
  const limit = a.kind === 'presale' ? null : limitText(sku);
  const left = sku?.left ?? null;
  return (
    <View id="activity-banner" className={`activity-banner activity-banner--${a.kind} activity-banner--${a.status}`} data-kind={a.kind} data-status={a.status} data-id={a.id}>
      <View className="activity-banner__main">
        <View className="activity-banner__head">
          <Text id="activity-tag" className="activity-banner__tag">
            {a.tag}
          </Text>
          <Text className="activity-banner__name">{a.name}</Text>
        </View>
        {outside ? (
          <Text id="activity-outside" className="activity-banner__outside">
            所选规格不参加本活动
          </Text>
        ) : price !== null ? (
          <View className="activity-banner__prices">
            <Text className="activity-banner__label">{a.kind === 'flash' ? '秒杀价' : '活动价'}</Text>
            <Text id="activity-price" className="activity-banner__price" data-fen={String(price)}>
              {yuan(price)}
              {from ? ' 起' : ''}
            </Text>
            {price < salePrice ? (
              <Text id="activity-sale-price" className="activity-banner__sale" data-fen={String(salePrice)}>
                {yuan(salePrice)}
              </Text>
            ) : null}
          </View>
        ) : null}
        {a.ship ? (
          <Text id="presale-ship" className="activity-banner__ship" data-mode={a.ship.mode}>
            {shipText(a.ship)}
          </Text>
        ) : null}
      </View>
      <View className="activity-banner__side">
        <Text className="activity-banner__when">{running ? (a.soldOut ? '已抢光' : '进行中') : upcomingText(a)}</Text>
        <Text id="activity-countdown" className="activity-banner__countdown" data-target={countdownTarget(a)}>
          {countdownLine(a, now)}
        </Text>
        {!running ? (
          <View
            id="activity-remind"
            className={`activity-banner__remind${a.reminded ? ' activity-banner__remind--on' : ''}${reminding ? ' activity-banner__remind--busy' : ''}`}
            data-on={a.reminded ? '1' : '0'}
            onClick={() => !reminding && onRemind()}
          >
            {a.reminded ? '已设置提醒' : '提醒我'}
          </View>
        ) : null}
      </View>
      {left !== null || limit ? (
        <View className="activity-banner__foot">
          {left !== null ? (
            <Text id="activity-left" className="activity-banner__left" data-left={String(left)}>
              {left > 0 ? `${a.kind === 'limited' ? '活动价' : ''}剩余 ${left} 件` : a.kind === 'flash' ? '已抢光' : a.kind === 'limited' ? '活动价已售完' : '已售罄'}
            </Text>
          ) : null}
          {limit ? (
            <Text id="activity-limit" className="activity-banner__limit" data-limit={String(sku?.limit ?? 0)} data-taken={String(sku?.taken ?? 0)}>
              {limit}
            </Text>
          ) : null}
        </View>
      ) : null}
      {a.description ? <Text className="activity-banner__desc">{a.description}</Text> : null}
    </View>
  );
}
