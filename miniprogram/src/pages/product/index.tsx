import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useDidShow, useLoad, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import type { ProductActivity, ProductOffers as Offers, ProductWithSkus } from '@shop/types';
import { ApiError, call } from '../../api/client';
import ProductImage from '../../components/ProductImage';
import RichDetail from '../../components/RichDetail';
import EmptyState from '../../components/EmptyState';
import SkuPopup from '../../components/SkuPopup';
import BuyButtons from '../../components/BuyButtons';
import ActivityBanner from '../../components/ActivityBanner';
import ServiceButton from '../../components/ServiceButton';
import ProductOffers from '../../components/ProductOffers';
import { countBadge } from '../../lib/offers';
import homeIcon from '../../assets/tab/home.png';
import cartIcon from '../../assets/tab/cart.png';
import serviceIcon from '../../assets/icons/service.png';
import { clampQuantity, describeSelection, initialSelection, toggleValue, type Selection } from '../../lib/sku';
import { priceRange, salesText, showOriginal, yuan } from '../../lib/price';
import { safeDecode } from '../../lib/nav';
import { showError } from '../../lib/toast';
import { goLogin, handleError } from '../../lib/errors';
import { checkoutUrlForItems } from '../../lib/orders';
import { getToken } from '../../lib/session';
import { savePendingBuy, takePendingBuy } from '../../lib/pendingBuy';
import { imageUrl } from '../../lib/image';
import { useNow } from '../../lib/useNow';
import { useShopInfo } from '../../lib/shop';
import { askSubscription, loadSubscribeTemplates } from '../../lib/askSubscription';
import {
  BUY_BLOCK_TEXT,
  activityLeft,
  activityMaxQuantity,
  activityPriceSpan,
  buyBlock,
  countdownTarget,
  limitText,
  showsActivityPrice,
  skuViewOf,
} from '../../lib/activity';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

type State = { kind: 'loading' } | { kind: 'missing'; message: string } | { kind: 'error' } | { kind: 'ready'; product: ProductWithSkus };

export default function ProductPage() {
  const router = useRouter();
  const id = safeDecode(router.params.id);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [selection, setSelection] = useState<Selection>([]);
  const [quantity, setQuantity] = useState(1);
  const [popup, setPopup] = useState(false);
  const [slide, setSlide] = useState(0);
  const [adding, setAdding] = useState(false);
  /** the product's running or upcoming item activity (null: none, or not loaded) */
  const [activity, setActivity] = useState<ProductActivity | null>(null);
  const [reminding, setReminding] = useState(false);
  const now = useNow(activity !== null);

  /** every show: the quota (taken) and reminder change when the shopper comes back from an order or logs in */
  const loadActivity = useCallback(async () => {
    if (!id) return;
    try {
      setActivity(await call('activity', 'forProduct', { productId: id }));
    } catch {
      /* no activity shown: the product still sells at its sale price, and the server prices every order */
    }
  }, [id]);
  /** 促销 / 领券 / 运费 / 服务 (one read); the units in the cart for the cart icon's badge (signed in only) */
  const [offers, setOffers] = useState<Offers | null>(null);
  const [cartUnits, setCartUnits] = useState<number | null>(null);
  const loadOffers = useCallback(async () => {
    if (!id) return;
    try {
      setOffers(await call('catalog', 'offers', { productId: id }));
    } catch {
      /* the rows are left out: the price engine still applies every campaign at checkout */
    }
  }, [id]);
  const loadCartUnits = useCallback(async () => {
    if (!IS_WEAPP && !getToken()) return setCartUnits(null);
    try {
      setCartUnits((await call('cart', 'count', {})).count);
    } catch {
      setCartUnits(null);
    }
  }, []);
  useDidShow(() => {
    void loadActivity();
    void loadOffers();
    void loadCartUnits();
  });

  // the countdown reached the start or the end: ask again for the new state (every 3 s, at most 5 times per
  // boundary, in case the server's clock is a little behind the device's)
  const asked = useRef<{ target: string; times: number; at: number }>({ target: '', times: 0, at: 0 });
  useEffect(() => {
    if (!activity) return;
    const target = countdownTarget(activity);
    if (now < Date.parse(target)) return;
    const a = asked.current;
    if (a.target !== target) asked.current = { target, times: 0, at: 0 };
    if (asked.current.times >= 5 || now - asked.current.at < 3000) return;
    asked.current = { target, times: asked.current.times + 1, at: now };
    void loadActivity();
  }, [activity, now, loadActivity]);

  const shop = useShopInfo();
  // 分享: the activity's share card (title and picture) or the product's name and picture (else the shop's share picture)
  const shareRef = useRef<{ title: string; imageUrl?: string }>({ title: '' });
  useShareAppMessage(() => ({ ...shareRef.current, path: `/pages/product/index?id=${encodeURIComponent(id)}` }));

  const load = useCallback(async () => {
    if (!id) {
      setState({ kind: 'missing', message: '缺少商品编号' });
      return;
    }
    setState({ kind: 'loading' });
    try {
      const product = await call('catalog', 'detail', { id });
      const sel = initialSelection(product.specs, product.skus);
      setSelection(sel);
      setQuantity(clampQuantity(1, describeSelection(product.specs, product.skus, sel).stock));
      setState({ kind: 'ready', product });
      // back from signing in after 加入购物车 / 立即购买: carry that out now
      const pending = !IS_WEAPP && getToken() ? takePendingBuy(product._id) : null;
      const sku = pending ? product.skus.find((k) => k._id === pending.skuId) : undefined;
      if (pending && sku) {
        setSelection(product.specs.map((_, i) => sku.specValues[i] ?? null));
        setQuantity(pending.quantity);
        if (pending.intent === 'buy') {
          void Taro.navigateTo({ url: checkoutUrlForItems([{ skuId: sku._id, quantity: pending.quantity }]) });
        } else {
          setAdding(true);
          try {
            await call('cart', 'add', { skuId: sku._id, quantity: pending.quantity });
            void Taro.showToast({ title: '已加入购物车', icon: 'success' });
            void loadCartUnits();
          } catch (e) {
            handleError(e);
          } finally {
            setAdding(false);
          }
        }
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NOT_FOUND') {
        setState({ kind: 'missing', message: '商品不存在或已下架' });
      } else {
        setState({ kind: 'error' });
        showError(e);
      }
    }
  }, [id, loadCartUnits]);

  useLoad(() => {
    void load();
    void loadSubscribeTemplates(); // ready before 提醒我 is tapped
  });

  const product = state.kind === 'ready' ? state.product : null;
  const view = useMemo(() => (product ? describeSelection(product.specs, product.skus, selection) : null), [product, selection]);
  if (product) {
    const image = activity?.share.image ?? product.images[0] ?? shop?.shareImage ?? null;
    shareRef.current = { title: activity?.share.title || product.name, ...(image ? { imageUrl: imageUrl(image) } : {}) };
  }

  if (state.kind === 'loading') return <View className="page product-loading">加载中…</View>;
  if (state.kind === 'missing' || state.kind === 'error') {
    return (
      <EmptyState
        className="page product-missing"
        icon="!"
        title={state.kind === 'missing' ? state.message : '加载失败'}
        description={state.kind === 'missing' ? '去看看其他商品吧' : '网络开小差了，请稍后再试'}
      >
        <View className="product-missing__action" onClick={() => (state.kind === 'error' ? void load() : void Taro.switchTab({ url: '/pages/home/index' }))}>
          {state.kind === 'error' ? '重新加载' : '返回首页'}
        </View>
      </EmptyState>
    );
  }
  if (!product || !view) return null;

  const onToggle = (specIndex: number, value: string) => {
    const next = toggleValue(product.skus, selection, specIndex, value);
    setSelection(next);
    setQuantity((q) => clampQuantity(q, describeSelection(product.specs, product.skus, next).stock));
  };

  /**
   * 加入购物车 / 立即购买: with a SKU and quantity chosen, act; otherwise open the spec picker first (its buttons
   * then act). Not logged in: a modal explains, the 我的 tab picks a shopper and the action continues afterwards
   * (weapp logs in by itself, so only the server can say).
   */
  const act = async (intent: 'cart' | 'buy') => {
    if (blocked) {
      void Taro.showToast({ title: BUY_BLOCK_TEXT[blocked], icon: 'none' });
      return;
    }
    const sku = view.sku;
    if (!sku || quantity < 1) {
      if (!popup) return setPopup(true);
      void Taro.showToast({ title: view.missing.length ? `请选择 ${view.missing.join(' ')}` : '该规格已售罄', icon: 'none' });
      return;
    }
    if (!IS_WEAPP && !getToken()) return askLogin(intent, sku._id);
    if (intent === 'buy') {
      setPopup(false);
      void Taro.navigateTo({ url: checkoutUrlForItems([{ skuId: sku._id, quantity }]) });
      return;
    }
    if (adding) return;
    setAdding(true);
    try {
      await call('cart', 'add', { skuId: sku._id, quantity });
      setPopup(false);
      void Taro.showToast({ title: '已加入购物车', icon: 'success' });
      void loadCartUnits();
    } catch (e) {
      handleError(e);
    } finally {
      setAdding(false);
    }
  };

  /**
   * Signed out (H5): say why signing in is needed; 去登录 keeps the action, the 我的 tab signs in and comes back
   * here, and load() carries it out.
   */
  const askLogin = async (intent: 'cart' | 'buy', skuId: string) => {
    const r = await Taro.showModal({
      title: '请先登录',
      content: `登录后才能${intent === 'cart' ? '加入购物车' : '购买'}，登录完成会回到本商品并继续${intent === 'cart' ? '加入购物车' : '下单'}`,
      confirmText: '去登录',
      cancelText: '再看看',
    });
    if (!r.confirm) return;
    savePendingBuy({ intent, productId: product._id, skuId, quantity });
    setPopup(false);
    void Taro.switchTab({ url: '/pages/me/index' });
  };

  /**
   * 提醒我 / 已设置提醒 before an activity starts. Setting it asks for the activityStart message first (the reminder is
   * saved whatever the answer; lib/askSubscription). Not logged in: the 我的 tab first.
   */
  const remind = async () => {
    if (!activity || reminding) return;
    if (!IS_WEAPP && !getToken()) return goLogin();
    const on = !activity.reminded;
    setReminding(true);
    try {
      if (on) await askSubscription({ kind: 'remind' });
      const r = await call('activity', 'remind', { activityId: activity.id, productId: product._id, on });
      setActivity((a) => (a ? { ...a, reminded: r.reminded } : a));
      void Taro.showToast({ title: r.reminded ? '已设置提醒，开始前通知你' : '已取消提醒', icon: 'none' });
    } catch (e) {
      handleError(e);
    } finally {
      setReminding(false);
    }
  };

  const images = product.images.length ? product.images : [null];
  const hasSpecs = product.specs.length > 0;
  const soldOut = product.stockTotal <= 0;
  // the chosen SKU in the activity (a presale covers the whole product: one entry for every SKU); a chosen SKU the
  // activity leaves out sells normally
  const chosenSku = view.sku?._id ?? null;
  const skuView = !activity ? null : activity.kind === 'presale' ? (activity.skus[0] ?? null) : skuViewOf(activity, chosenSku);
  const outside = !!activity && activity.kind !== 'presale' && chosenSku !== null && skuView === null;
  const blocked = outside ? null : buyBlock(activity, skuView);
  const blockedText = blocked ? BUY_BLOCK_TEXT[blocked] : null;
  const activityPriced = !!activity && showsActivityPrice(activity);
  const salePrice = view.sku?.price ?? product.priceMin;
  // while the activity prices the goods: its price (the chosen SKU's, or its range before one is chosen), never the
  // SKUs' ordinary range beside the banner
  const span = activity && activityPriced && !outside ? (skuView?.price != null ? { min: skuView.price, max: skuView.price } : chosenSku ? null : activityPriceSpan(activity)) : null;
  // a flash sale or presale sells only from its own stock: the sheet shows that (剩余 N 件), not the SKU's 库存
  const ownStock = !!activity && !outside && activity.kind !== 'limited';
  const left = activity && !outside ? activityLeft(activity, chosenSku ? skuView : null) : null;
  const deal = activity
    ? {
        price: span ? span.min : null,
        priceMax: span ? span.max : null,
        left: ownStock ? left : null,
        note: [
          activity.tag,
          !ownStock && skuView?.left != null ? `活动价剩余${skuView.left}件` : '',
          activity.kind === 'presale' ? '' : (limitText(skuView) ?? ''),
        ]
          .filter(Boolean)
          .join(' · '),
        max: activityMaxQuantity(activity, skuView),
        blockedText,
      }
    : null;

  return (
    <View className="page product" data-id={product._id}>
      <View className="product-gallery">
        <Swiper className="product-swiper" circular={images.length > 1} onChange={(e) => setSlide(e.detail.current)}>
          {images.map((src, i) => (
            <SwiperItem key={`${src ?? 'none'}-${i}`}>
              <ProductImage className="product-swiper__image" src={src} />
            </SwiperItem>
          ))}
        </Swiper>
        {images.length > 1 && (
          <View className="product-gallery__index">
            {slide + 1}/{images.length}
          </View>
        )}
      </View>

      {activity ? (
        <ActivityBanner activity={activity} sku={skuView} outside={outside} salePrice={salePrice} now={now} reminding={reminding} onRemind={() => void remind()} />
      ) : null}

      <View className="product-info">
        <View className="product-info__prices">
          <Text id="product-price" className="product-info__price" data-activity={span ? '1' : '0'}>
            {span ? priceRange(span.min, span.max) : priceRange(product.priceMin, product.priceMax)}
          </Text>
          {!span && showOriginal(product.originalPriceMax, product.priceMin) && (
            <Text id="product-original-price" className="product-info__original">
              {yuan(product.originalPriceMax)}
            </Text>
          )}
          <Text className="product-info__sales product-sales">已售 {salesText(product.sales)}</Text>
        </View>
        <Text className="product-name">{product.name}</Text>
        {product.summary ? <Text className="product-summary">{product.summary}</Text> : null}
      </View>

      <View className="product-rows">
        <View className="product-row sku-open" onClick={() => setPopup(true)}>
          <Text className="product-row__label">{hasSpecs ? '规格' : '数量'}</Text>
          <Text className="product-row__value">
            {soldOut
              ? '已售罄'
              : view.missing.length
                ? `请选择 ${view.missing.join(' ')}`
                : `已选 ${hasSpecs ? `${selection.join(' / ')}，` : ''}${quantity} 件`}
          </Text>
          <Text className="product-row__arrow">›</Text>
        </View>
      </View>

      {offers ? <ProductOffers offers={offers} onClaimed={() => void loadOffers()} /> : null}

      <View className="product-detail">
        <View className="section-title">商品详情</View>
        <RichDetail detail={product.detail} format={product.detailFormat} />
      </View>

      <View className="product-bar">
        <View className="product-bar__actions">
          <View className="product-bar__home" onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
            <Image className="product-bar__icon" src={homeIcon} />
            <Text>首页</Text>
          </View>
          <ServiceButton
            id="product-service"
            className="product-bar__home"
            card={{ title: product.name, path: `/pages/product/index?id=${encodeURIComponent(product._id)}`, ...(product.images[0] ? { image: imageUrl(product.images[0]) } : {}) }}
          >
            {() => (
              <>
                <Image className="product-bar__icon" src={serviceIcon} />
                <Text>客服</Text>
              </>
            )}
          </ServiceButton>
          <View className="product-bar__home product-bar__cart" onClick={() => void Taro.switchTab({ url: '/pages/cart/index' })}>
            <Image className="product-bar__icon" src={cartIcon} />
            <Text>购物车</Text>
            {countBadge(cartUnits) ? (
              <Text id="cart-badge" className="product-bar__badge" data-count={String(cartUnits)}>
                {countBadge(cartUnits)}
              </Text>
            ) : null}
          </View>
          <BuyButtons
            primary={!popup}
            disabled={soldOut}
            blockedText={blockedText}
            busy={adding}
            onAddToCart={() => void act('cart')}
            onBuyNow={() => void act('buy')}
          />
        </View>
      </View>

      <SkuPopup
        product={product}
        selection={selection}
        quantity={quantity}
        visible={popup}
        onToggle={onToggle}
        onQuantity={(q) => setQuantity(clampQuantity(q, view.stock))}
        onClose={() => setPopup(false)}
        busy={adding}
        onAddToCart={() => void act('cart')}
        onBuyNow={() => void act('buy')}
        deal={deal}
      />
    </View>
  );
}
