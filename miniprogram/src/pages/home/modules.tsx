/** The home page's decoration modules (店铺装修), one component per kind, as `catalog.home` answers them. */
import Taro from '@tarojs/taro';
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import type { ActionOutput, HomeModule, HomeModuleOf } from '@shop/types';
import ProductGrid from '../../components/ProductGrid';
import ProductImage from '../../components/ProductImage';
import { imageUrl } from '../../lib/image';
import { openLink } from '../../lib/nav';
import { yuan } from '../../lib/price';
import { beijingShort, countdownLine } from '../../lib/activity';

type FlashGroups = ActionOutput<'activity', 'running'>;

function Banner({ m }: { m: HomeModuleOf<'banner'> }) {
  return (
    <Swiper className="banner-swiper" indicatorDots={m.items.length > 1} autoplay circular interval={4000} indicatorActiveColor="#ffffff">
      {m.items.map((b, i) => (
        <SwiperItem key={i}>
          <View className="banner" data-path={b.path} onClick={() => openLink(b.path)}>
            <Image className="banner__image" src={imageUrl(b.image)} mode="aspectFill" />
            {b.title ? <Text className="banner__title">{b.title}</Text> : null}
          </View>
        </SwiperItem>
      ))}
    </Swiper>
  );
}

function Notice({ m }: { m: HomeModuleOf<'notice'> }) {
  return (
    <View className="notice-bar" data-path={m.path} onClick={() => openLink(m.path)}>
      <Text className="notice-bar__tag">公告</Text>
      <Text className="notice-bar__text">{m.text}</Text>
      {m.path ? <Text className="notice-bar__more">›</Text> : null}
    </View>
  );
}

function Nav({ m }: { m: HomeModuleOf<'nav'> }) {
  return (
    <View className={`shortcuts shortcuts--${m.columns}`}>
      {m.items.map((it, i) => (
        <View className={`shortcut nav-item${it.link.kind === 'category' ? ' category-shortcut' : ''}`} key={i} data-path={it.path} onClick={() => openLink(it.path)}>
          {it.icon ? (
            <Image className="shortcut__icon" src={imageUrl(it.icon)} mode="aspectFit" />
          ) : (
            <View className="shortcut__icon shortcut__icon--text">{it.title.slice(0, 1)}</View>
          )}
          <Text className="shortcut__name">{it.title}</Text>
        </View>
      ))}
    </View>
  );
}

function Group({ m }: { m: HomeModuleOf<'productGroup'> }) {
  if (!m.products.length) return null;
  return (
    <View className="home-section product-group" data-key={m.key}>
      {m.title || m.morePath ? (
        <View className="section-title">
          <Text>{m.title}</Text>
          {m.morePath ? (
            <Text className="section-title__more" onClick={() => openLink(m.morePath)}>
              更多 ›
            </Text>
          ) : null}
        </View>
      ) : null}
      <ProductGrid products={m.products} />
    </View>
  );
}

/** The flash sales come from `activity.running` (live counters), loaded by the page while it shows. */
function Flash({ m, flash, now }: { m: HomeModuleOf<'flashSale'>; flash: FlashGroups; now: number }) {
  const first = flash.find((g) => g.activity.status === 'running') ?? flash[0] ?? null;
  if (!first) return null;
  const products = flash.flatMap((g) => g.products).slice(0, m.count);
  return (
    <View id="flash-entry" className="flash-entry" data-count={String(flash.length)} onClick={() => void Taro.navigateTo({ url: '/pages/flash/index' })}>
      <View className="flash-entry__head">
        <Text className="flash-entry__title">{m.title || '限时秒杀'}</Text>
        <Text className="flash-entry__when">{first.activity.status === 'running' ? countdownLine(first.activity, now) : `${beijingShort(first.activity.periodStart)} 开抢`}</Text>
        <Text className="flash-entry__more">更多 ›</Text>
      </View>
      <View className="flash-entry__items">
        {products.map((p) => (
          <View key={p.productId} className="flash-entry__item">
            <ProductImage className="flash-entry__image" src={p.image} />
            {p.price !== null ? <Text className="flash-entry__price">{yuan(p.price)}</Text> : null}
            <Text className="flash-entry__sale">{yuan(p.salePrice)}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function Coupons({ m }: { m: HomeModuleOf<'coupons'> }) {
  if (!m.coupons.length) return null;
  return (
    <View className="home-coupons">
      {m.title ? <View className="section-title">{m.title}</View> : null}
      <View className="home-coupons__list">
        {m.coupons.map((c) => (
          <View className="home-coupon" key={c._id} data-id={c._id} onClick={() => openLink(c.path)}>
            <Text className="home-coupon__value">{c.type === 'cash' ? yuan(c.value) : `${c.value / 100}折`}</Text>
            <Text className="home-coupon__rule">{c.threshold ? `满${yuan(c.threshold)}可用` : '无门槛'}</Text>
            <Text className="home-coupon__take">领取</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function Picture({ m }: { m: HomeModuleOf<'picture'> }) {
  return (
    <View className="picture-ad" data-path={m.path} onClick={() => openLink(m.path)}>
      <Image className="picture-ad__image" src={imageUrl(m.image)} mode="widthFix" />
    </View>
  );
}

/** One module; the kind decides the component. */
export function HomeModuleView({ m, flash, now }: { m: HomeModule; flash: FlashGroups; now: number }) {
  switch (m.kind) {
    case 'banner':
      return <Banner m={m} />;
    case 'notice':
      return <Notice m={m} />;
    case 'nav':
      return <Nav m={m} />;
    case 'productGroup':
      return <Group m={m} />;
    case 'flashSale':
      return <Flash m={m} flash={flash} now={now} />;
    case 'coupons':
      return <Coupons m={m} />;
    case 'picture':
      return <Picture m={m} />;
  }
}
