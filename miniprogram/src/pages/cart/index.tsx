import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import EmptyState from '../../components/EmptyState';
import cartIcon from '../../assets/icons/cart.png';
import './index.scss';

/** The cart ships in the next release; until then this tab says so plainly. */
export default function CartPage() {
  return (
    <View className="page cart">
      <EmptyState
        className="cart-empty"
        iconImage={cartIcon}
        title="购物车将在下一个版本开放"
        description="现在可以先浏览商品、查看规格和库存；加入购物车和下单功能即将上线。"
      >
        <View className="go-shopping" onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
          去逛逛
        </View>
      </EmptyState>
    </View>
  );
}
