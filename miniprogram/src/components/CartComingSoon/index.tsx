import { View } from '@tarojs/components';
import './index.scss';

/** Shown next to the disabled 'add to cart' / 'buy now' buttons until the cart ships. */
export default function CartComingSoon() {
  return <View className="cart-coming-soon">购物车即将开放，暂不能加入购物车或下单</View>;
}
