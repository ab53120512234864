import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, useLoad, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro';
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import type { ActionOutput } from '@shop/types';
import { call } from '../../api/client';
import ProductGrid from '../../components/ProductGrid';
import EmptyState from '../../components/EmptyState';
import SearchBar from '../../components/SearchBar';
import { imageUrl } from '../../lib/image';
import { openCategory, openLink, openSearch } from '../../lib/nav';
import { showError } from '../../lib/toast';
import { yuan } from '../../lib/price';
import { useNow } from '../../lib/useNow';
import { useShopInfo } from '../../lib/shop';
import { beijingShort, countdownLine } from '../../lib/activity';
import ProductImage from '../../components/ProductImage';
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

  /** running and upcoming flash sales: the 限时秒杀 entry shows only while there is one */
  const [flash, setFlash] = useState<FlashGroups>([]);
  const loadFlash = useCallback(async () => {
    try {
      setFlash(await call('activity', 'running', { kind: 'flash' }));
    } catch {
      setFlash([]); // no entry; the rest of the home page is unaffected
    }
  }, []);
  const now = useNow(flash.length > 0);

  // 店铺信息: the shop's name in the navigation bar; 转发 with the owner's share title and picture
  const shop = useShopInfo();
  useEffect(() => {
    if (shop?.name) void Taro.setNavigationBarTitle({ title: shop.name }).catch(() => undefined);
  }, [shop?.name]);
  useShareAppMessage(() => ({
    title: shop?.shareTitle || shop?.name || '微商城',
    path: '/pages/home/index',
    ...(shop?.shareImage ? { imageUrl: imageUrl(shop.shareImage) } : {}),
  }));

  useLoad(() => void load());
  useDidShow(() => void loadFlash());
  usePullDownRefresh(() => void Promise.all([load(), loadFlash()]).finally(() => Taro.stopPullDownRefresh()));

  const firstFlash = flash.find((g) => g.activity.status === 'running') ?? flash[0] ?? null;
  const flashProducts = flash.flatMap((g) => g.products).slice(0, 3);

  return (
    <View className="page home">
      <View className="home__search">
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
          {home.banners.length > 0 && (
            <Swiper className="banner-swiper" indicatorDots autoplay circular interval={4000} indicatorActiveColor="#ffffff">
              {home.banners.map((b) => (
                <SwiperItem key={b._id}>
                  <View className="banner" data-link={b.link} onClick={() => openLink(b.link)}>
                    <Image className="banner__image" src={imageUrl(b.image)} mode="aspectFill" />
                    {b.title ? <Text className="banner__title">{b.title}</Text> : null}
                  </View>
                </SwiperItem>
              ))}
            </Swiper>
          )}

          {home.categories.length > 0 && (
            <View className="shortcuts">
              {home.categories.slice(0, 10).map((c) => (
                <View className="shortcut category-shortcut" key={c._id} data-id={c._id} onClick={() => openCategory(c._id)}>
                  {c.icon ? (
                    <Image className="shortcut__icon" src={imageUrl(c.icon)} mode="aspectFit" />
                  ) : (
                    <View className="shortcut__icon shortcut__icon--text">{c.name.slice(0, 1)}</View>
                  )}
                  <Text className="shortcut__name">{c.name}</Text>
                </View>
              ))}
            </View>
          )}

          {firstFlash && (
            <View id="flash-entry" className="flash-entry" data-count={String(flash.length)} onClick={() => void Taro.navigateTo({ url: '/pages/flash/index' })}>
              <View className="flash-entry__head">
                <Text className="flash-entry__title">限时秒杀</Text>
                <Text className="flash-entry__when">
                  {firstFlash.activity.status === 'running' ? countdownLine(firstFlash.activity, now) : `${beijingShort(firstFlash.activity.periodStart)} 开抢`}
                </Text>
                <Text className="flash-entry__more">更多 ›</Text>
              </View>
              <View className="flash-entry__items">
                {flashProducts.map((p) => (
                  <View key={p.productId} className="flash-entry__item">
                    <ProductImage className="flash-entry__image" src={p.image} />
                    {p.price !== null ? <Text className="flash-entry__price">{yuan(p.price)}</Text> : null}
                    <Text className="flash-entry__sale">{yuan(p.salePrice)}</Text>
                  </View>
                ))}
              </View>
            </View>
          )}

          {home.featured.length > 0 && (
            <View className="home-section featured">
              <View className="section-title">精选推荐</View>
              <ProductGrid products={home.featured} />
            </View>
          )}
          {home.newest.length > 0 && (
            <View className="home-section newest">
              <View className="section-title">
                <Text>新品上架</Text>
                <Text className="section-title__more" onClick={() => openSearch()}>
                  全部商品 ›
                </Text>
              </View>
              <ProductGrid products={home.newest} />
            </View>
          )}
          {home.featured.length === 0 && home.newest.length === 0 && (
            <EmptyState title="店铺还没有上架商品" description="商家上架商品后会显示在这里" />
          )}
        </>
      )}
    </View>
  );
}
