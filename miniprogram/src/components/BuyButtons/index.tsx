import { Button } from '@tarojs/components';

interface Props {
  onAddToCart: () => void;
  onBuyNow: () => void;
  /** nothing in stock: both buttons are disabled */
  disabled?: boolean;
  /** a cart.add call is on its way */
  busy?: boolean;
  /**
   * Whether these are the buttons the shopper can tap now: they carry the stable ids #add-to-cart / #buy-now.
   * The product page shows a pair in its bottom bar and another in the spec popup; only the pair in front has them.
   */
  primary?: boolean;
  /** an item activity stops buying (即将开始 / 已抢光 / 已达限购): both buttons are disabled and the second says why */
  blockedText?: string | null;
}

/** 加入购物车 / 立即购买 on the product page and in its spec popup. */
export default function BuyButtons({ onAddToCart, onBuyNow, disabled: outOfStock = false, busy = false, primary = true, blockedText = null }: Props) {
  const disabled = outOfStock || !!blockedText;
  return (
    <>
      <Button
        id={primary ? 'add-to-cart' : undefined}
        className="btn btn--secondary add-to-cart"
        disabled={disabled || busy || undefined}
        onClick={() => !disabled && !busy && onAddToCart()}
      >
        {busy ? '加入中…' : '加入购物车'}
      </Button>
      <Button
        id={primary ? 'buy-now' : undefined}
        className="btn btn--primary buy-now"
        disabled={disabled || undefined}
        data-blocked={blockedText ?? ''}
        onClick={() => !disabled && onBuyNow()}
      >
        {outOfStock ? '已售罄' : blockedText || '立即购买'}
      </Button>
    </>
  );
}
