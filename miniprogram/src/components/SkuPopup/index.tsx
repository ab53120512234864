import { Text, View } from '@tarojs/components';
import type { ProductWithSkus } from '@shop/types';
import ProductImage from '../ProductImage';
import BuyButtons from '../BuyButtons';
import Stepper from '../Stepper';
import { describeSelection, isValueAvailable, type Selection } from '../../lib/sku';
import { priceRange, showOriginal, yuan } from '../../lib/price';
import './index.scss';

interface Props {
  product: ProductWithSkus;
  selection: Selection;
  quantity: number;
  visible: boolean;
  onToggle: (specIndex: number, value: string) => void;
  onQuantity: (quantity: number) => void;
  onClose: () => void;
  onAddToCart: () => void;
  onBuyNow: () => void;
  /** a cart.add call is on its way */
  busy?: boolean;
  /**
   * the chosen SKU in an item activity: its price (with no SKU chosen, the activity's range up to priceMax), the
   * activity's units left when it sells only from its own stock (shown instead of 库存), a line about the tag and
   * limit, the most it allows, what blocks buying
   */
  deal?: { price: number | null; priceMax?: number | null; left?: number | null; note: string | null; max: number | null; blockedText: string | null } | null;
}

/**
 * The spec picker: one button per spec value, the chosen SKU's price and stock, a quantity stepper, and the
 * 加入购物车 / 立即购买 buttons (while it is open, they are the ones with the ids #add-to-cart / #buy-now).
 */
export default function SkuPopup({ product, selection, quantity, visible, onToggle, onQuantity, onClose, onAddToCart, onBuyNow, busy = false, deal = null }: Props) {
  if (!visible) return null;
  const view = describeSelection(product.specs, product.skus, selection);
  const picked = view.sku;
  const left = deal?.left ?? null;
  // the activity's own stock while it sells only from it, else the SKU's
  const stock = left !== null ? Math.min(left, view.stock) : view.stock;
  const max = deal?.max != null ? Math.min(stock, deal.max) : stock;
  const dealPrice = deal?.price ?? null;
  const dealMax = deal?.priceMax ?? dealPrice;
  return (
    <View className="sku-layer">
      <View className="sku-mask" onClick={onClose} />
      <View className="sku-popup" data-sku={picked?._id ?? ''} catchMove>
        <View className="sku-popup__close" onClick={onClose}>
          ×
        </View>
        <View className="sku-popup__head">
          <ProductImage className="sku-popup__image" src={product.images[0] ?? null} />
          <View className="sku-popup__summary">
            <Text id="sku-price" className="sku-popup__price" data-activity={dealPrice !== null ? '1' : '0'}>
              {dealPrice !== null ? priceRange(dealPrice, dealMax ?? dealPrice) : priceRange(view.priceMin, view.priceMax)}
            </Text>
            {dealPrice !== null ? (
              <Text className="sku-popup__original">{yuan(view.priceMax)}</Text>
            ) : (
              showOriginal(view.originalPrice, view.priceMax) && <Text className="sku-popup__original">{yuan(view.originalPrice)}</Text>
            )}
            {deal?.note ? (
              <Text id="sku-activity-note" className="sku-popup__deal">
                {deal.note}
              </Text>
            ) : null}
            <Text id="sku-stock" className={`sku-popup__stock ${stock <= 0 ? 'sku-popup__stock--out' : ''}`} data-activity={left !== null ? '1' : '0'}>
              {stock > 0 ? `${left !== null ? '剩余' : '库存'} ${stock} 件` : left !== null ? '已抢光' : '已售罄'}
            </Text>
            <Text id="sku-selected" className="sku-popup__selected">
              {view.missing.length ? `请选择 ${view.missing.join(' ')}` : `已选 ${selection.join(' / ') || '默认规格'}`}
            </Text>
          </View>
        </View>

        <View className="sku-popup__body">
          {product.specs.map((spec, i) => (
            <View className="sku-spec" key={spec.name} data-spec={spec.name}>
              <Text className="sku-spec__name">{spec.name}</Text>
              <View className="sku-spec__values">
                {spec.values.map((value) => {
                  const active = selection[i] === value;
                  const disabled = !active && !isValueAvailable(product.skus, selection, i, value);
                  return (
                    <View
                      key={value}
                      className={`sku-value${active ? ' sku-value--active' : ''}${disabled ? ' sku-value--disabled' : ''}`}
                      data-spec={spec.name}
                      data-value={value}
                      aria-disabled={disabled}
                      onClick={() => !disabled && onToggle(i, value)}
                    >
                      {value}
                    </View>
                  );
                })}
              </View>
            </View>
          ))}

          <View className="sku-qty">
            <Text className="sku-spec__name">购买数量</Text>
            <Stepper value={quantity} max={max} onChange={onQuantity} valueId="sku-qty" />
          </View>
        </View>

        <View className="sku-popup__foot">
          <View className="sku-popup__actions">
            <BuyButtons
              onAddToCart={onAddToCart}
              onBuyNow={onBuyNow}
              busy={busy}
              disabled={product.stockTotal <= 0}
              blockedText={deal?.blockedText ?? null}
            />
          </View>
        </View>
      </View>
    </View>
  );
}
