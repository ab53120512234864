import { Image, Text, View } from '@tarojs/components';
import { imageUrl } from '../../lib/image';
import type { ShopInfo } from '../../lib/shop';
import './index.scss';

/**
 * The shop's logo and name at the top of the home page (店铺信息). Without a logo, the first character of the
 * name stands in a round badge; nothing shows until the shop information has come.
 */
export default function ShopHeader({ shop }: { shop: ShopInfo | null }) {
  if (!shop?.name) return null;
  return (
    <View className="shop-header" id="shop-header">
      {shop.logo ? (
        <Image className="shop-header__logo" id="shop-logo" src={imageUrl(shop.logo)} mode="aspectFill" />
      ) : (
        <View className="shop-header__logo shop-header__logo--text" id="shop-logo-fallback">
          {[...shop.name][0]}
        </View>
      )}
      <Text className="shop-header__name" id="shop-name">
        {shop.name}
      </Text>
    </View>
  );
}
