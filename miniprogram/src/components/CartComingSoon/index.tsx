import { Button, View } from '@tarojs/components';
import './index.scss';

/** Shown next to the disabled 'add to cart' / 'buy now' buttons until the cart ships. */
export default function CartComingSoon() {
  return <View className="cart-coming-soon">购物车即将开放，暂不能加入购物车或下单</View>;
}

/** The 'add to cart' and 'buy now' buttons: disabled until the cart ships (issue 3 wires them). */
export function BuyButtons() {
  return (
    <>
      <Button className="btn btn--secondary add-to-cart" disabled>
        加入购物车
      </Button>
      <Button className="btn btn--primary buy-now" disabled>
        立即购买
      </Button>
    </>
  );
}
