import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, useLoad, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { ActionOutput } from '@shop/types';
import { call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import SearchBar from '../../components/SearchBar';
import ShopHeader from '../../components/ShopHeader';
import { imageUrl } from '../../lib/image';
import { showError } from '../../lib/toast';
import { useNow } from '../../lib/useNow';
import { useShopInfo } from '../../lib/shop';
import { HomeModuleView } from './modules';
import './index.scss';

type Home = ActionOutput<'catalog', 'home'>;
type FlashGroups = ActionOutput<'activity', 'running'>;

export default function HomePage() {
  const [home, setHome] = useState<Home | null>(null);
  const [failed, setFailed] = useState(false);

  const load = useCallback(async () => {
    try {
      setHome(await call('catalog', 'home', {}));
      setFailed(false);
    } catch (e) {
      setFailed(true);
      showError(e);
    }
  }, []);

  /** running and upcoming flash sales: a flash-sale module shows only while there is one */
  const [flash, setFlash] = useState<FlashGroups>([]);
  const loadFlash = useCallback(async () => {
    try {
      setFlash(await call('activity', 'running', { kind: 'flash' }));
    } catch {
      setFlash([]); // no entry; the rest of the home page is unaffected
    }
  }, []);
  const hasFlash = !!home?.modules.some((m) => m.kind === 'flashSale');
  const now = useNow(hasFlash && flash.length > 0);

  // 店铺信息: the shop's logo and name at the top and in the navigation bar; 转发 with the owner's share title and
  // picture (else the logo)
  const shop = useShopInfo();
  useEffect(() => {
    if (shop?.name) void Taro.setNavigationBarTitle({ title: shop.name }).catch(() => undefined);
  }, [shop?.name]);
  useShareAppMessage(() => ({
    title: shop?.shareTitle || shop?.name || '微商城',
    path: '/pages/home/index',
    ...(shop?.shareImage || shop?.logo ? { imageUrl: imageUrl(shop.shareImage || shop.logo) } : {}),
  }));

  useLoad(() => void load());
  useDidShow(() => void loadFlash());
  usePullDownRefresh(() => void Promise.all([load(), loadFlash()]).finally(() => Taro.stopPullDownRefresh()));

  return (
    <View className="page home">
      <View className="home__search">
        <ShopHeader shop={shop} />
        <SearchBar />
      </View>

      {failed && !home && (
        <EmptyState title="加载失败" description="网络开小差了，请稍后再试" icon="!">
          <View className="home__retry" onClick={() => void load()}>
            重新加载
          </View>
        </EmptyState>
      )}
      {!home && !failed && <View className="home__loading">加载中…</View>}

      {home && (
        <>
          {home.modules.map((m) => (
            <HomeModuleView key={m.key} m={m} flash={hasFlash ? flash : []} now={now} />
          ))}
          {!home.modules.some((m) => m.kind === 'productGroup' && m.products.length > 0) && (
            <EmptyState title="店铺还没有上架商品" description="商家上架商品后会显示在这里" />
          )}
        </>
      )}
    </View>
  );
}
