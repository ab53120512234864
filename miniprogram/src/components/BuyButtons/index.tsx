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
}

/** 加入购物车 / 立即购买 on the product page and in its spec popup. */
export default function BuyButtons({ onAddToCart, onBuyNow, disabled = false, busy = false, primary = true }: Props) {
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
        onClick={() => !disabled && onBuyNow()}
      >
        {disabled ? '已售罄' : '立即购买'}
      </Button>
    </>
  );
}
